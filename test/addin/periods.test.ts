/**
 * @module Tests of the period choice: open periods only, the current one first, by Vietnam's date.
 */
import { describe, expect, it } from 'vitest'
import { openPeriodsAt, openPeriodsCurrentFirst } from '../../addin/periods.ts'

const period = (id: string, deadline: string, open = true) => ({
  id,
  cutoff: deadline,
  deadline,
  open,
})

describe('openPeriodsCurrentFirst', () => {
  it('offers open periods, the nearest coming deadline first, overdue ones after', () => {
    const periods = [
      period('2025-Y', '2025-12-15', false),
      period('2026-H1', '2026-06-15'),
      period('2026-Y', '2026-12-15'),
      period('2026-M12', '2027-01-10'),
    ]
    expect(openPeriodsCurrentFirst(periods, '2026-11-23').map((p) => p.id)).toEqual([
      '2026-Y',
      '2026-M12',
      '2026-H1',
    ])
  })
})

describe('openPeriodsAt', () => {
  const periods = [period('2026-Y', '2026-12-15'), period('2027-H1', '2027-06-15')]

  it('counts the day by Vietnam’s calendar, not UTC', () => {
    // 23:59 on 15/12 in Hà Nội: the deadline day, 2026-Y still comes first.
    const lastMinute = new Date('2026-12-15T16:59:00Z')
    expect(openPeriodsAt(periods, lastMinute).map((p) => p.id)).toEqual(['2026-Y', '2027-H1'])
    // 00:00 on 16/12 in Hà Nội while UTC still says the 15th: 2026-Y is overdue.
    const midnight = new Date('2026-12-15T17:00:00Z')
    expect(openPeriodsAt(periods, midnight).map((p) => p.id)).toEqual(['2027-H1', '2026-Y'])
  })
})
