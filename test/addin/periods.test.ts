/**
 * @module Tests of the period choice (open periods only, the current one first) and of which
 * period a report is compared with, which must be the worker's choice.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openPeriodsAt, openPeriodsCurrentFirst, previousPeriod } from '../../addin/periods.ts'
import { previousPeriod as workersPreviousPeriod } from '../../worker/periods.ts'

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

describe('previousPeriod', () => {
  const periods = [
    period('2024-Y', '2024-11-30', false),
    period('2025-H1', '2025-05-31', false),
    period('2025-Y', '2025-11-30', false),
    period('2026-H1', '2026-05-31'),
    period('2026-Y', '2026-11-30'),
  ]
  const find = (id: string) => periods.find((p) => p.id === id) ?? periods[0]!

  it('compares a year with the year before and a half-year with the half-year before', () => {
    expect(previousPeriod(periods, find('2026-Y'))?.id).toBe('2025-Y')
    expect(previousPeriod(periods, find('2026-H1'))?.id).toBe('2025-H1')
    expect(previousPeriod(periods, find('2025-H1'))).toBeUndefined()
  })

  it('picks the same period as the worker does, for any list of periods', () => {
    const kinds = ['Y', 'H1', 'Q1', 'Q4', 'M01', 'M12']
    const arbitraryPeriod = fc
      .record({
        year: fc.integer({ min: 2020, max: 2030 }),
        kind: fc.constantFrom(...kinds),
        day: fc.integer({ min: 1, max: 28 }),
      })
      .map(({ year, kind, day }) =>
        period(
          `${year}-${kind}`,
          `${year}-${String((kinds.indexOf(kind) % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        ),
      )
    fc.assert(
      fc.property(
        fc.uniqueArray(arbitraryPeriod, { selector: (p) => p.id, minLength: 1 }),
        (list) => {
          for (const p of list) {
            expect(previousPeriod(list, p)?.id).toBe(workersPreviousPeriod(list, p)?.id)
          }
        },
      ),
    )
  })
})
