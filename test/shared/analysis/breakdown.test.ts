/** @module Tests of drill-down: the listed units add up to the rollup's figure, standings, last reports. */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { defaultCatalog } from '../../../shared/form-catalog.ts'
import { breakdown } from '../../../shared/analysis/breakdown.ts'
import { rollupForUnit } from '../../../shared/rollup.ts'
import type { SubmissionForRollup } from '../../../shared/rollup.ts'
import { treeAt } from '../../../shared/unit-tree.ts'
import type { Unit } from '../../../shared/unit-tree.ts'

const b01 = defaultCatalog().get('B01')!
const period = { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true }
const onTime = '2026-12-01T00:00:00.000Z'
const afterDeadline = '2026-12-20T00:00:00.000Z'

const units: Unit[] = [
  { code: 'P', name: 'Tỉnh', parent: null, level: 'province' },
  { code: 'U1', name: 'Ngành Giáo dục', parent: 'P', level: 'upper' },
  { code: 'G1', name: 'Trường A', parent: 'U1', level: 'grassroots' },
  { code: 'G1M', name: 'Tổ thành viên', parent: 'G1', level: 'grassroots' },
  { code: 'G2', name: 'Trường B', parent: 'U1', level: 'grassroots' },
  { code: 'U2', name: 'Khu công nghiệp', parent: 'P', level: 'upper' },
  { code: 'G3', name: 'Nhà máy C', parent: 'U2', level: 'grassroots' },
]
const tree = treeAt(units, period.cutoff)

function sub(
  unit: string,
  values: Record<string, number | null>,
  first = onTime,
): SubmissionForRollup {
  return {
    unit,
    formVersion: b01.version,
    status: 'submitted',
    firstSubmittedAt: first,
    submittedAt: first,
    values,
  }
}

describe('breakdown', () => {
  it('lists the grassroots units of a sum row in tree order, with shares and standings', () => {
    const submissions = [
      sub('G1', { 'members.total': 30 }),
      sub('G1M', { 'members.total': 10 }, afterDeadline),
      sub('G3', { 'members.total': 60 }),
    ]
    const drill = breakdown({
      tree,
      form: b01,
      period,
      submissions,
      view: 'latest',
      unit: 'P',
      row: 'members.total',
    })!
    expect(drill.total).toBe(100)
    expect(drill.lines.map((l) => [l.unit, l.depth, l.standing, l.value, l.share])).toEqual([
      ['G1', 2, 'sent', 30, 30],
      ['G1M', 3, 'late', 10, 10],
      ['G2', 2, 'missing', null, null],
      ['G3', 2, 'sent', 60, 60],
    ])
  })

  it("gives a missing unit's last report, so the office sees what it may add", () => {
    const drill = breakdown({
      tree,
      form: b01,
      period,
      submissions: [sub('G1', { 'members.total': 30 })],
      view: 'latest',
      unit: 'U1',
      row: 'members.total',
      lastReports: new Map([['G2', { period: '2025-Y', values: { 'members.total': 45 } }]]),
    })!
    expect(drill.lines.find((l) => l.unit === 'G2')?.last).toEqual({
      period: '2025-Y',
      value: 45,
      numerator: null,
      denominator: null,
    })
    expect(drill.lines.find((l) => l.unit === 'G1')?.last).toBeNull()
  })

  it('counts in the accepted view only accepted reports', () => {
    const accepted = { ...sub('G1', { 'members.total': 30 }), status: 'accepted' as const }
    const drill = breakdown({
      tree,
      form: b01,
      period,
      submissions: [accepted, sub('G2', { 'members.total': 5 })],
      view: 'accepted',
      unit: 'U1',
      row: 'members.total',
    })!
    expect(drill.total).toBe(30)
    expect(drill.lines.find((l) => l.unit === 'G2')).toMatchObject({
      standing: 'missing',
      status: 'submitted',
    })
  })

  it('is undefined for an unknown row, a text row or a unit outside the tree', () => {
    const input = { tree, form: b01, period, submissions: [], view: 'latest' as const }
    expect(breakdown({ ...input, unit: 'P', row: 'members.ghost' })).toBeUndefined()
    expect(breakdown({ ...input, unit: 'P', row: 'notes.other' })).toBeUndefined()
    expect(breakdown({ ...input, unit: 'X', row: 'members.total' })).toBeUndefined()
  })

  const figure = fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null })
  const reports = fc.record({
    G1: fc.option(fc.record({ w: figure, m: figure, p: figure, a: figure }), { nil: undefined }),
    G1M: fc.option(fc.record({ w: figure, m: figure, p: figure, a: figure }), { nil: undefined }),
    G2: fc.option(fc.record({ w: figure, m: figure, p: figure, a: figure }), { nil: undefined }),
    G3: fc.option(fc.record({ w: figure, m: figure, p: figure, a: figure }), { nil: undefined }),
  })

  it('adds up, for any reports, to the figure the rollup gives: sums, ratios and weighted means', () => {
    fc.assert(
      fc.property(reports, fc.constantFrom('P', 'U1', 'G1', 'U2'), (byUnit, unit) => {
        const submissions = Object.entries(byUnit).flatMap(([code, r]) =>
          r === undefined
            ? []
            : [
                sub(code, {
                  'workers.total': r.w,
                  'members.total': r.m,
                  'wage.persons': r.p,
                  'wage.average': r.a === null ? null : r.a * 1000,
                }),
              ],
        )
        const input = { tree, form: b01, period, submissions, view: 'latest' as const, unit }
        const rollup = rollupForUnit(input)!
        for (const row of ['members.total', 'members.rate', 'wage.average']) {
          const drill = breakdown({ ...input, row })!
          expect(drill.total).toBe(rollup.values[row])
        }
        const rate = breakdown({ ...input, row: 'members.rate' })!
        const counted = rate.lines.filter((l) => l.counted)
        if (counted.length > 0) {
          expect(counted.reduce((s, l) => s + Number(l.numerator), 0)).toBe(rate.numerator)
          expect(counted.reduce((s, l) => s + Number(l.denominator), 0)).toBe(rate.denominator)
        }
        const members = breakdown({ ...input, row: 'members.total' })!
        const shares = members.lines.filter((l) => l.share !== null).map((l) => l.share!)
        if (shares.length > 0 && Number(members.total) > 0) {
          expect(Math.abs(shares.reduce((s, x) => s + x, 0) - 100)).toBeLessThan(
            0.01 * shares.length,
          )
        }
      }),
    )
  })
})
