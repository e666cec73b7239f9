/** @module Tests of quotient rounding: one rule for a clerk's own report and for every rollup of it. */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import { ratioPercent } from '../../shared/quotient.ts'
import { rollupForUnit } from '../../shared/rollup.ts'
import { treeAt } from '../../shared/unit-tree.ts'
import { checkSubmission } from '../../shared/validation.ts'

describe('ratioPercent', () => {
  it('rounds numerator / denominator × 100 to 2 decimals, null without a denominator', () => {
    expect(ratioPercent(2983, 5240)).toBe(56.93)
    expect(ratioPercent(1, 8)).toBe(12.5)
    expect(ratioPercent(1, 800)).toBe(0.13)
    expect(ratioPercent(5, 0)).toBeNull()
    expect(ratioPercent(null, 5)).toBeNull()
    expect(ratioPercent(10n ** 20n, 3n * 10n ** 20n)).toBe(33.33)
  })
})

describe('a rate the clerk sees in the report', () => {
  const b01 = defaultCatalog().get('B01')!
  const period = { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true }
  const tree = treeAt(
    [
      { code: 'P', name: 'LĐLĐ tỉnh', parent: null, level: 'province' },
      { code: 'G', name: 'CĐCS Trường Tiểu học', parent: 'P', level: 'grassroots' },
    ],
    period.cutoff,
  )

  it('is the rate the province sees when it consolidates that one unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.nat(), (workers, share) => {
        const members = share % (workers + 1)
        const own = checkSubmission(b01, { 'workers.total': workers, 'members.total': members })
        const at = '2026-12-01T02:00:00Z'
        const rollup = rollupForUnit({
          tree,
          form: b01,
          period,
          unit: 'P',
          view: 'latest',
          submissions: [
            {
              unit: 'G',
              formVersion: b01.version,
              status: 'submitted',
              firstSubmittedAt: at,
              submittedAt: at,
              values: own.values,
            },
          ],
        })
        expect(rollup?.values['members.rate']).toBe(own.values['members.rate'])
      }),
    )
  })
})
