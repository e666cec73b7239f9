/**
 * @module Tests of the incremental rollup (RollupState in shared/rollup.ts): after any sequence of
 * submissions, replacements, reviews and withdrawals, every unit's rollup equals the one made from
 * scratch over the final submissions.
 */
import type { Period } from '../../shared/api-schemas.ts'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { FormDefinition, Values } from '../../shared/form-definition.ts'
import { RollupState, rollupForUnit } from '../../shared/rollup.ts'
import type { RollupView, SubmissionForRollup } from '../../shared/rollup.ts'
import { treeAt } from '../../shared/unit-tree.ts'
import type { Unit, UnitLevel } from '../../shared/unit-tree.ts'

/** One row of every consolidation kind, a fractional sum and a ratio over a ratio among them. */
const form: FormDefinition = {
  id: 'T01',
  version: '2',
  title: 'Biểu thử',
  level: 'grassroots',
  maxChangePercent: 50,
  rules: [],
  rows: [
    {
      code: 'workers',
      tt: '1',
      label: 'Lao động',
      unit: 'người',
      kind: 'count',
      aggregate: { type: 'sum' },
    },
    {
      code: 'members',
      tt: '2',
      label: 'Đoàn viên',
      unit: 'người',
      kind: 'count',
      aggregate: { type: 'sum' },
    },
    {
      code: 'rate',
      tt: '3',
      label: 'Tỷ lệ đoàn viên',
      unit: '%',
      kind: 'percent',
      aggregate: { type: 'ratio', numerator: 'members', denominator: 'workers' },
    },
    {
      code: 'persons',
      tt: '4',
      label: 'Số người tính lương',
      unit: 'người',
      kind: 'count',
      aggregate: { type: 'sum' },
    },
    {
      code: 'wage',
      tt: '5',
      label: 'Lương bình quân',
      unit: 'đồng',
      kind: 'average',
      aggregate: { type: 'weightedMean', weight: 'persons' },
    },
    {
      code: 'rateOfRate',
      tt: '6',
      label: 'Tỷ lệ so với lương',
      unit: '%',
      kind: 'percent',
      aggregate: { type: 'ratio', numerator: 'rate', denominator: 'wage' },
    },
    {
      code: 'amount',
      tt: '7',
      label: 'Tiền hỗ trợ',
      unit: 'đồng',
      kind: 'amount',
      aggregate: { type: 'sum' },
    },
    {
      code: 'fund',
      tt: '8',
      label: 'Quỹ',
      unit: 'tỷ đồng',
      kind: 'amount',
      aggregate: { type: 'sum' },
    },
  ],
}

const period: Period = { id: '2026-H1', cutoff: '2026-05-31', deadline: '2026-06-05', open: true }
const levels: UnitLevel[] = ['province', 'upper', 'grassroots', 'grassroots', 'grassroots']
const views: RollupView[] = ['latest', 'accepted']

/** Whole numbers near 2^53, so totals cross into BigInt and back when a report is replaced. */
const huge = fc.bigInt({ min: 2n ** 52n, max: 2n ** 53n }).map(Number)
const cell = (whole: fc.Arbitrary<number>) =>
  fc.oneof(
    whole,
    fc.constant(null),
    fc.constant('nhiều'),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  )
const values: fc.Arbitrary<Values> = fc.record({
  workers: cell(fc.nat({ max: 1_000_000 })),
  members: cell(fc.nat({ max: 1_000_000 })),
  persons: cell(fc.oneof(fc.nat({ max: 100_000 }), huge)),
  wage: cell(fc.oneof(fc.nat({ max: 100_000_000 }), huge)),
  amount: cell(
    fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      huge,
      huge.map((x) => -x),
    ),
  ),
  // Sums of hundredths round differently in another order: that order must be the full pass's.
  fund: fc.option(
    fc.nat({ max: 1_000_000 }).map((n) => n / 100),
    { nil: null, freq: 8 },
  ),
})
const times = ['2026-06-01T03:00:00.000Z', '2026-06-07T03:00:00.000Z', '2026-06-02T10:00:00+07:00']
const revision = fc.record({
  formVersion: fc.constantFrom('1', '2', '3'),
  status: fc.constantFrom<SubmissionForRollup['status']>('submitted', 'accepted', 'returned'),
  firstSubmittedAt: fc.constantFrom(...times),
  values,
})
/** A unit index (past the tree's end: a code the tree does not hold) and what happens to it. */
const step = fc.record({
  unit: fc.nat(),
  action: fc.oneof(
    revision.map((r) => ({ kind: 'submit' as const, ...r })),
    fc
      .constantFrom<SubmissionForRollup['status']>('submitted', 'accepted', 'returned')
      .map((status) => ({ kind: 'review' as const, status })),
    fc.constant({ kind: 'withdraw' as const }),
  ),
})
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never
const trees = fc.array(
  fc.record({
    // Mostly below one of the first units: wide levels, where the order of adding children shows.
    parent: fc.oneof(fc.nat({ max: 2 }), fc.nat()),
    level: fc.constantFrom(...levels),
  }),
  {
    minLength: 1,
    maxLength: 20,
  },
)

function unitsOf(shape: { parent: number; level: UnitLevel }[]): Unit[] {
  return shape.map(({ parent, level }, i) => ({
    code: `U${String(i).padStart(2, '0')}`,
    name: `Đơn vị ${i}`,
    // The first unit and some others head their own trees; the rest hang below an earlier one.
    parent: i === 0 || parent % (i + 1) === i ? null : `U${String(parent % i).padStart(2, '0')}`,
    level,
  }))
}

describe('RollupState', () => {
  it('gives every unit the rollup made from scratch after any sequence of changes', () => {
    fc.assert(
      fc.property(
        trees,
        fc.array(step, { maxLength: 12 }),
        fc.array(step, { maxLength: 30 }),
        (shape, initial, steps) => {
          const units = unitsOf(shape)
          const tree = treeAt(units, period.cutoff)
          const codes = [...units.map((u) => u.code), 'XX']
          const current = new Map<string, SubmissionForRollup>()
          let clock = Date.parse('2026-06-01T00:00:00.000Z')
          const play = ({ unit, action }: Step) => {
            const code = codes[unit % codes.length]!
            const previous = current.get(code)
            clock += 1000
            const submittedAt = new Date(clock).toISOString()
            let next: SubmissionForRollup | undefined
            if (action.kind === 'submit') {
              next = {
                unit: code,
                formVersion: action.formVersion,
                status: action.status,
                firstSubmittedAt: previous?.firstSubmittedAt ?? action.firstSubmittedAt,
                submittedAt,
                values: action.values,
              }
            } else if (action.kind === 'review') {
              next = previous && { ...previous, status: action.status }
            }
            if (next) {
              current.set(code, next)
            } else {
              current.delete(code)
            }
            return { previous, next }
          }
          for (const s of initial) {
            play(s)
          }
          const states = views.map(
            (view) =>
              new RollupState({ tree, form, period, submissions: [...current.values()], view }),
          )
          for (const s of steps) {
            const { previous, next } = play(s)
            for (const state of states) {
              state.applySubmission(previous, next)
            }
          }
          const submissions = [...current.values()]
          views.forEach((view, v) => {
            for (const { code } of units) {
              expect(states[v]!.rollupFor(code)).toEqual(
                rollupForUnit({ tree, form, period, submissions, view, unit: code }),
              )
            }
          })
          expect(states[0]!.rollupFor('XX')).toBeUndefined()
        },
      ),
      { numRuns: 300 },
    )
  })

  it('replaces a report in a batch of changes as one write would', () => {
    const units: Unit[] = [
      { code: 'P', name: 'Tỉnh', parent: null, level: 'province' },
      { code: 'P.A', name: 'A', parent: 'P', level: 'upper' },
      { code: 'P.A.1', name: 'A1', parent: 'P.A', level: 'grassroots' },
      { code: 'P.A.2', name: 'A2', parent: 'P.A', level: 'grassroots' },
    ]
    const tree = treeAt(units, period.cutoff)
    const sub = (unit: string, amount: number): SubmissionForRollup => ({
      unit,
      formVersion: '2',
      status: 'submitted',
      firstSubmittedAt: times[0]!,
      submittedAt: times[0]!,
      values: { amount },
    })
    const first = sub('P.A.1', 2 ** 53 - 1)
    const state = new RollupState({ tree, form, period, submissions: [first], view: 'latest' })
    state.applySubmissions([{ next: sub('P.A.2', 2) }])
    expect(state.rollupFor('P')?.values['amount']).toBe('9007199254740993')
    state.applySubmissions([{ previous: first, next: sub('P.A.1', 5) }])
    expect(state.rollupFor('P')?.values['amount']).toBe(7)
    expect(state.rollupFor('P')?.coverage.missing).toEqual([])
  })

  it('adds fractional totals in the order of the full pass, so they match it to the last bit', () => {
    const units: Unit[] = [
      { code: 'P', name: 'Tỉnh', parent: null, level: 'province' },
      ...['1', '2', '3'].map((i): Unit => ({
        code: `P.${i}`,
        name: i,
        parent: 'P',
        level: 'grassroots',
      })),
    ]
    const tree = treeAt(units, period.cutoff)
    const sub = (unit: string, fund: number): SubmissionForRollup => ({
      unit,
      formVersion: '2',
      status: 'submitted',
      firstSubmittedAt: times[0]!,
      submittedAt: times[0]!,
      values: { fund },
    })
    // 0.3 + 0.2 + 0.1 is 0.6, but 0.1 + 0.2 + 0.3 is 0.6000000000000001.
    const submissions = [sub('P.1', 0.1), sub('P.2', 0.2), sub('P.3', 0.3)]
    const state = new RollupState({ tree, form, period, submissions: [], view: 'latest' })
    state.applySubmissions(submissions.map((next) => ({ next })))
    const scratch = rollupForUnit({ tree, form, period, submissions, view: 'latest', unit: 'P' })
    expect(state.rollupFor('P')).toEqual(scratch)
    state.applySubmission(submissions[1], submissions[1])
    expect(state.rollupFor('P')).toEqual(scratch)
  })
})
