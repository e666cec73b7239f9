/**
 * @module Tests of the deadline rule (`isLate`): the end of the deadline day in Vietnam (UTC+7),
 * the same in the rollup's coverage as when asked directly.
 */
import type { Period } from '../../shared/api-schemas.ts'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import { isLate, rollupForUnit } from '../../shared/rollup.ts'
import type { SubmissionForRollup } from '../../shared/rollup.ts'
import { treeAt } from '../../shared/unit-tree.ts'
import type { Unit } from '../../shared/unit-tree.ts'

const period: Period = { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true }

const B01 = defaultCatalog().get('B01')
if (!B01) {
  throw new Error('B01 missing from the built-in catalog')
}

const units: Unit[] = [
  { code: 'P', name: 'LĐLĐ tỉnh', parent: null, level: 'province' },
  { code: 'U', name: 'CĐ ngành', parent: 'P', level: 'upper' },
  { code: 'ON', name: 'CĐCS đúng hạn', parent: 'U', level: 'grassroots' },
  { code: 'LATE', name: 'CĐCS nộp muộn', parent: 'U', level: 'grassroots' },
]

function submitted(unit: string, at: string): SubmissionForRollup {
  return {
    unit,
    formVersion: B01?.version ?? '',
    status: 'submitted',
    firstSubmittedAt: at,
    submittedAt: at,
    values: { 'workers.total': 10 },
  }
}

describe('isLate: the end of the deadline day in Vietnam', () => {
  it('is on time at 2026-12-15T16:59:59Z and late from 17:00:00Z (midnight in Hà Nội)', () => {
    expect(isLate(period, '2026-12-15T16:59:59Z')).toBe(false)
    expect(isLate(period, '2026-12-15T16:59:59.999Z')).toBe(false)
    expect(isLate(period, '2026-12-15T17:00:00Z')).toBe(true)
    expect(isLate(period, '2026-12-15T17:00:00.000Z')).toBe(true)
  })

  it('reads offsets: 23:59 on the 15th in Vietnam is on time, 00:00 on the 16th late', () => {
    expect(isLate(period, '2026-12-15T23:59:59+07:00')).toBe(false)
    expect(isLate(period, '2026-12-16T00:00:00+07:00')).toBe(true)
    // Midnight UTC on the 16th is 07:00 in Vietnam: already late.
    expect(isLate(period, '2026-12-16T00:00:00Z')).toBe(true)
  })

  it('answers for each period on its own deadline, whatever was asked before', () => {
    const earlier: Period = {
      id: '2026-H1',
      cutoff: '2026-05-31',
      deadline: '2026-06-05',
      open: true,
    }
    expect(isLate(earlier, '2026-06-10T00:00:00Z')).toBe(true)
    expect(isLate(period, '2026-06-10T00:00:00Z')).toBe(false)
    expect(isLate(earlier, '2026-06-10T00:00:00Z')).toBe(true)
  })

  it('agrees with the rollup coverage on both sides of the line', () => {
    const tree = treeAt(units, period.cutoff)
    const rollup = rollupForUnit({
      tree,
      form: B01,
      period,
      view: 'latest',
      unit: 'U',
      submissions: [
        submitted('ON', '2026-12-15T16:59:59Z'),
        submitted('LATE', '2026-12-15T17:00:00Z'),
      ],
    })
    expect(rollup?.coverage).toMatchObject({ expected: 2, submitted: 2, late: 1 })
    const byChild = new Map(rollup?.children.map((c) => [c.unit, c.coverage.late]))
    expect(byChild.get('ON')).toBe(0)
    expect(byChild.get('LATE')).toBe(1)
  })

  it('holds for any instant: late exactly when at or after 17:00Z on the deadline day, as the rollup counts it', () => {
    const end = Date.parse('2026-12-15T17:00:00Z')
    const tree = treeAt(units, period.cutoff)
    fc.assert(
      fc.property(
        fc.integer({ min: -3 * 86_400, max: 3 * 86_400 }),
        fc.boolean(),
        (seconds, canonical) => {
          const ms = end + seconds * 1000
          const iso = new Date(ms).toISOString()
          const at = canonical ? iso : iso.replace('.000Z', 'Z')
          const late = isLate(period, at)
          expect(late).toBe(ms >= end)
          const rollup = rollupForUnit({
            tree,
            form: B01,
            period,
            view: 'latest',
            unit: 'ON',
            submissions: [submitted('ON', at)],
          })
          expect(rollup?.coverage.late).toBe(late ? 1 : 0)
        },
      ),
      { numRuns: 200 },
    )
  })
})
