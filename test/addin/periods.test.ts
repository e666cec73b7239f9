/** @module Tests of the period choice: open periods only, the current one first. */
import { describe, expect, it } from 'vitest'
import { openPeriodsCurrentFirst } from '../../addin/periods.ts'

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
