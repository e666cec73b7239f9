/**
 * @module The rollup arithmetic (tổng hợp số liệu): consolidates the latest submissions of a form
 * over a unit's subtree as the tree stood at a period's cut-off, with coverage and a per-child
 * breakdown.
 *
 * Rules, decided here once:
 * - Only the latest submission of each unit counts: the latest `submittedAt`; equal times are
 *   settled by status, form version, first submission time and values, so the order in which
 *   submissions are passed never matters. View `'latest'` counts that submission whatever its
 *   status (a returned one too: its figures are still the unit's latest word); view `'accepted'`
 *   counts the unit's latest accepted submission.
 * - Empty is not zero: a row's total is `null` when no unit reported it, and `reported[code]`
 *   says how many units did. A value that is not a finite number in a numeric row counts as not
 *   reported.
 * - `sum` rows are summed exactly: whole numbers stay exact past 2^53 (BigInt takes over a
 *   total only once it would leave the safe range). A total is a `number` when it is within
 *   `Number.MAX_SAFE_INTEGER`, otherwise its decimal digits as a `string` ("1349999999999865000").
 *   Fractions (a row in tỷ đồng, say) are summed in floating point, and past 2^53 lose them.
 * - `ratio(num, den)` rows are recomputed as Σ numerator / Σ denominator (as a clerk would:
 *   2,983 / 5,240 = 56.93%), never summed nor averaged; ×100, rounded half away from zero to 2
 *   decimals; `null` when no unit reported both or the denominator's sum is 0. Both sums run over
 *   the same units, those that reported both rows, and `reported` counts them: a unit that sent
 *   its members but not its workers would otherwise raise the rate of every level above it. So a
 *   ratio may differ from the ratio of its operands' own totals, which count every unit that
 *   reported each. An operand that is itself a ratio or a mean (not summable) is taken from its
 *   consolidated value.
 * - `weightedMean(weight)` rows are Σ(value × weight) / Σ weight over the units that reported both,
 *   `null` when that Σ weight is 0; rounded to whole đồng for rows measured in đồng, otherwise to
 *   2 decimals.
 * - `none` rows (text) and headings are not consolidated and do not appear in `values`.
 * - Expected units are those of the subtree (the unit itself included) whose level fills the form
 *   (`grassroots` forms: CĐCS; `upper` forms: upper-level unions and the province). Submissions of
 *   units not in the tree at the cut-off, or of a level that does not fill the form, are left out
 *   and counted in `ignored`.
 * - Late: the unit's first submission came after the deadline day ended in Vietnam (Asia/Ho_Chi_Minh,
 *   UTC+7, no daylight saving): deadline `2026-06-05` is on time until `2026-06-05T16:59:59.999Z`.
 *   `isLate` is that rule, exported so that status views decide it the same way.
 * - Submissions of several form versions are consolidated together, rows matched by code, and
 *   `versions` says how many of each were counted, so mixing never goes unseen.
 * - The tree must be the one at the period's cut-off (`treeAt(units, period.cutoff)`); passing a
 *   tree of another date is a programming error and throws a RangeError.
 */
import type { FormDefinition, Values } from './form-definition.ts'
import type { UnitLevel, UnitTree } from './unit-tree.ts'
import { ratioPercent, roundQuotient } from './quotient.ts'

/** The latest revision of one unit's submission of a form for a period, as the rollup needs it. */
export interface SubmissionForRollup {
  unit: string
  formVersion: string
  status: 'submitted' | 'accepted' | 'returned'
  /** When the unit first submitted this form for the period (ISO 8601 with offset); decides late. */
  firstSubmittedAt: string
  /** When this revision was submitted (ISO 8601 with offset). */
  submittedAt: string
  values: Values
}

/** A reporting period (kỳ báo cáo). */
export interface Period {
  id: string
  /** Data cut-off (số liệu tính đến ngày), `YYYY-MM-DD`: the tree is taken as it stood then. */
  cutoff: string
  /** `YYYY-MM-DD`; on time until the end of that day in Vietnam (UTC+7). */
  deadline: string
  open?: boolean
}

/** Latest submissions whatever their status, or accepted ones only. */
export type RollupView = 'latest' | 'accepted'

/** Completeness and timeliness over the units a rollup expects. */
export interface Coverage {
  /** Units of the subtree whose level fills the form, valid at the cut-off. */
  expected: number
  /** Expected units whose figures are in the totals (depends on the view). */
  counted: number
  /** Expected units with a submission, whatever its status. */
  submitted: number
  /** Expected units whose latest submission was accepted. */
  accepted: number
  /** Expected units whose latest submission was returned for correction. */
  returned: number
  /** Expected units that first submitted after the deadline. */
  late: number
  /** Codes of expected units whose figures are not in the totals, in code order. */
  missing: string[]
}

/** The consolidated figures of one unit's subtree. */
export interface UnitRollup {
  unit: string
  name: string
  level: UnitLevel
  /** Period id. */
  period: string
  /** Form id. */
  form: string
  /** Version of the form definition the rollup was made with. */
  formVersion: string
  view: RollupView
  /** Consolidated value of every numeric row, by row code (see the module notes for the types). */
  values: Values
  /** How many units reported each numeric row. */
  reported: Record<string, number>
  coverage: Coverage
  /** How many counted submissions used each form version. */
  versions: Record<string, number>
  /**
   * Submissions passed in that no consolidation could use: their unit is not in the tree at the
   * cut-off, or its level does not fill the form. The same count for every unit of a run.
   */
  ignored: number
}

/** One child unit's share of a rollup, so any figure can be traced to the units that make it up. */
export type ChildRollup = Pick<
  UnitRollup,
  'unit' | 'name' | 'level' | 'values' | 'reported' | 'coverage'
>

/** A unit's rollup with one entry per child unit valid at the cut-off. */
export interface Rollup extends UnitRollup {
  children: ChildRollup[]
}

export interface RollupInput {
  /** The tree as it stood at the period's cut-off: `treeAt(units, period.cutoff)`. */
  tree: UnitTree
  form: FormDefinition
  period: Period
  submissions: readonly SubmissionForRollup[]
  view: RollupView
}

/**
 * Consolidates every unit of the tree bottom-up in one pass: the rollup of each unit, by code.
 *
 * @example
 * const tree = treeAt(units, period.cutoff)
 * const all = rollupsForTree({ tree, form: B01, period, submissions, view: 'latest' })
 * all.get('HN')?.values['members.rate'] // 56.93
 */
export function rollupsForTree(input: RollupInput): Map<string, UnitRollup> {
  const run = consolidate(input, -1)
  const out = new Map<string, UnitRollup>()
  for (let l = 0; l < run.length; l++) {
    const rollup = run.unitRollup(l)
    out.set(rollup.unit, rollup)
  }
  return out
}

/**
 * The rollup of one unit: its totals over its subtree, the share of each child and coverage.
 * Only that subtree is consolidated. `undefined` when the unit is not in the tree at the cut-off.
 *
 * @example
 * rollupForUnit({ tree, form: B01, period, submissions, unit: 'HN', view: 'accepted' })
 */
export function rollupForUnit(input: RollupInput & { unit: string }): Rollup | undefined {
  const index = input.tree.indexOf(input.unit)
  if (index < 0) {
    return undefined
  }
  const run = consolidate(input, index)
  const children = input.tree.childIndices(index).map((c): ChildRollup => {
    const { unit, name, level, values, reported, coverage } = run.unitRollup(run.localOf(c))
    return { unit, name, level, values, reported, coverage }
  })
  return { ...run.unitRollup(0), children }
}

const MAX = Number.MAX_SAFE_INTEGER
/** Marks an accumulator cell whose exact total lives in the BigInt overflow map. */
const BIG = Infinity
const COVERAGE_FIELDS = 6
const [EXPECTED, COUNTED, SUBMITTED, ACCEPTED, RETURNED, LATE] = [0, 1, 2, 3, 4, 5] as const
const DAY_MS = 86_400_000

/** How a row consolidates; `input` is the row's index in the per-submission scratch array. */
interface SumRow {
  code: string
  input: number
}
interface MeanRow {
  code: string
  value: number
  weight: number
  /** 0 for whole đồng, 2 otherwise. */
  decimals: number
}
interface RatioRow {
  code: string
  numerator: number
  denominator: number
  /**
   * When both operands are sum rows: the slot of Σ numerator, followed by Σ denominator, over the
   * units that reported both. Otherwise -1, and the operands' codes give their consolidated values.
   */
  pair: number
  numeratorCode: string
  denominatorCode: string
}

/**
 * Where each consolidated row keeps its accumulators; made once per form definition. Slots: one
 * per sum row, then two per weighted mean (Σ value × weight, Σ weight), then two per ratio of sum
 * rows (Σ numerator, Σ denominator). Counters (`reported`): sums, then means, then ratios.
 */
interface RowPlan {
  sums: SumRow[]
  means: MeanRow[]
  /** Ordered so that a ratio over another ratio comes after it. */
  ratios: RatioRow[]
  /** Row codes a submission's values are read for, by scratch index. */
  inputs: Map<string, number>
  slots: number
  counters: number
  /**
   * Every numeric row in form order, null or 0: copied for each unit's `values` and `reported`.
   * Made by JSON.parse so they hold fast properties: filling a fresh `{}` with more than a dozen
   * computed keys turns it into a slow dictionary, which cost 3× the time and memory.
   */
  valuesTemplate: Values
  reportedTemplate: Record<string, number>
}

const plans = new WeakMap<FormDefinition, RowPlan>()

function planFor(form: FormDefinition): RowPlan {
  const cached = plans.get(form)
  if (cached) {
    return cached
  }
  const inputs = new Map<string, number>()
  const input = (code: string): number => {
    let i = inputs.get(code)
    if (i === undefined) {
      i = inputs.size
      inputs.set(code, i)
    }
    return i
  }
  const sums: SumRow[] = []
  const means: MeanRow[] = []
  const ratioByCode = new Map<string, { code: string; numerator: string; denominator: string }>()
  const codes: string[] = []
  for (const row of form.rows) {
    if (row.heading || row.aggregate.type === 'none') {
      continue
    }
    codes.push(row.code)
    const a = row.aggregate
    if (a.type === 'sum') {
      sums.push({ code: row.code, input: input(row.code) })
    } else if (a.type === 'weightedMean') {
      means.push({
        code: row.code,
        value: input(row.code),
        weight: input(a.weight),
        decimals: row.unit.trim().toLowerCase() === 'đồng' ? 0 : 2,
      })
    } else {
      ratioByCode.set(row.code, {
        code: row.code,
        numerator: a.numerator,
        denominator: a.denominator,
      })
    }
  }
  const sumCodes = new Set(sums.map((row) => row.code))
  let nextSlot = sums.length + 2 * means.length
  const ratios: RatioRow[] = []
  const placed = new Set<string>()
  for (const first of ratioByCode.values()) {
    // Depth-first over ratio operands without recursion; a circle of ratios stays unresolved (null).
    const stack: [string, boolean][] = [[first.code, false]]
    const onPath = new Set<string>()
    while (stack.length > 0) {
      const [code, expanded] = stack.pop()!
      const row = ratioByCode.get(code)!
      if (placed.has(code)) {
        continue
      }
      if (expanded) {
        onPath.delete(code)
        placed.add(code)
        const summable = sumCodes.has(row.numerator) && sumCodes.has(row.denominator)
        ratios.push({
          code,
          numerator: input(row.numerator),
          denominator: input(row.denominator),
          pair: summable ? nextSlot : -1,
          numeratorCode: row.numerator,
          denominatorCode: row.denominator,
        })
        if (summable) {
          nextSlot += 2
        }
        continue
      }
      onPath.add(code)
      stack.push([code, true])
      for (const operand of [row.numerator, row.denominator]) {
        if (ratioByCode.has(operand) && !placed.has(operand) && !onPath.has(operand)) {
          stack.push([operand, false])
        }
      }
    }
  }
  const plan: RowPlan = {
    sums,
    means,
    ratios,
    inputs,
    slots: nextSlot,
    counters: sums.length + means.length + ratios.length,
    valuesTemplate: JSON.parse(JSON.stringify(Object.fromEntries(codes.map((c) => [c, null])))),
    reportedTemplate: JSON.parse(JSON.stringify(Object.fromEntries(codes.map((c) => [c, 0])))),
  }
  plans.set(form, plan)
  return plan
}

/**
 * Exact running totals, one Float64 cell per unit and slot. Whole numbers add exactly while the
 * total stays within 2^53; a cell that would leave that range moves to a BigInt kept aside.
 */
class Accumulators {
  readonly cells: Float64Array
  private readonly big = new Map<number, bigint>()

  constructor(size: number) {
    this.cells = new Float64Array(size)
  }

  addNumber(i: number, x: number): void {
    const a = this.cells[i]!
    const s = a + x
    if (s <= MAX && s >= -MAX) {
      this.cells[i] = s
    } else if (a === BIG) {
      this.big.set(i, this.big.get(i)! + BigInt(Number.isInteger(x) ? x : Math.round(x)))
    } else if (Number.isInteger(a) && Number.isInteger(x)) {
      this.cells[i] = BIG
      this.big.set(i, BigInt(a) + BigInt(x))
    } else {
      this.cells[i] = s
    }
  }

  addBigInt(i: number, x: bigint): void {
    const a = this.cells[i]!
    if (a === BIG) {
      this.big.set(i, this.big.get(i)! + x)
    } else if (Number.isInteger(a)) {
      this.cells[i] = BIG
      this.big.set(i, BigInt(a) + x)
    } else {
      this.cells[i] = a + Number(x)
    }
  }

  /** Adds `value × weight`, exact for whole numbers even when the product passes 2^53. */
  addProduct(i: number, value: number, weight: number): void {
    const p = value * weight
    if ((p > MAX || p < -MAX) && Number.isInteger(value) && Number.isInteger(weight)) {
      this.addBigInt(i, BigInt(value) * BigInt(weight))
    } else {
      this.addNumber(i, p)
    }
  }

  addCell(dst: number, src: number): void {
    const a = this.cells[src]!
    if (a === 0) {
      return
    }
    if (a === BIG) {
      this.addBigInt(dst, this.big.get(src)!)
    } else {
      this.addNumber(dst, a)
    }
  }

  read(i: number): number | bigint {
    const a = this.cells[i]!
    return a === BIG ? this.big.get(i)! : a
  }
}

/** A total as a `Values` entry: a number when safe, else its exact decimal digits. */
function toValue(x: number | bigint): number | string {
  if (typeof x === 'number') {
    return x <= MAX && x >= -MAX ? x : BigInt(x).toString()
  }
  return x <= BigInt(MAX) && x >= -BigInt(MAX) ? Number(x) : x.toString()
}

/** Whether a unit of this level files forms of this level. */
function fillsForm(formLevel: FormDefinition['level'], level: UnitLevel): boolean {
  return formLevel === 'grassroots' ? level === 'grassroots' : level !== 'grassroots'
}

const statusRank = { submitted: 0, returned: 1, accepted: 2 } as const

function instant(iso: string): number {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? -Infinity : t
}

function canonical(values: Values): string {
  return JSON.stringify(
    Object.keys(values)
      .sort()
      .map((k) => [k, values[k]]),
  )
}

/** Whether submission `a` supersedes `b` of the same unit; never depends on their order. */
function supersedes(a: SubmissionForRollup, b: SubmissionForRollup): boolean {
  const ta = instant(a.submittedAt)
  const tb = instant(b.submittedAt)
  if (ta !== tb) {
    return ta > tb
  }
  if (a.status !== b.status) {
    return statusRank[a.status] > statusRank[b.status]
  }
  if (a.formVersion !== b.formVersion) {
    return a.formVersion > b.formVersion
  }
  const fa = instant(a.firstSubmittedAt)
  const fb = instant(b.firstSubmittedAt)
  if (fa !== fb) {
    return fa > fb
  }
  return canonical(a.values) > canonical(b.values)
}

// A rollup asks about one deadline for every unit: the parsed deadline is kept between calls.
let lastDeadline: string | undefined
let lastCheck: (firstSubmittedAt: string) => boolean = () => false

/**
 * Whether a first submission came after the deadline day ended in Vietnam (UTC+7, no daylight
 * saving): deadline `2026-12-15` is on time until `2026-12-15T16:59:59.999Z`. The one rule for
 * `late`, used by the rollup's coverage and by status views alike. A deadline or a time that does
 * not parse is never late.
 */
export function isLate(period: Period, firstSubmittedAt: string): boolean {
  if (period.deadline !== lastDeadline) {
    lastCheck = lateCheck(period.deadline)
    lastDeadline = period.deadline
  }
  return lastCheck(firstSubmittedAt)
}

/**
 * Timestamps in the canonical form `toISOString` writes compare as strings, which spares parsing
 * 135,000 dates.
 */
function lateCheck(deadline: string): (submittedAt: string) => boolean {
  const end = Date.parse(`${deadline}T00:00:00+07:00`) + DAY_MS
  if (Number.isNaN(end)) {
    return () => false
  }
  const endIso = new Date(end).toISOString()
  return (submittedAt) =>
    submittedAt.length === endIso.length && submittedAt.charCodeAt(endIso.length - 1) === 90
      ? submittedAt >= endIso
      : Date.parse(submittedAt) >= end
}

interface Consolidation {
  /** Units consolidated: the whole forest, or one subtree. */
  length: number
  localOf(unitIndex: number): number
  unitRollup(local: number): UnitRollup
}

/**
 * The bottom-up pass. Units are addressed by their local position in the pre-order slice being
 * consolidated, so walking the slice backwards meets every child before its parent.
 */
function consolidate(input: RollupInput, root: number): Consolidation {
  const { tree, form, period, submissions, view } = input
  if (tree.date !== period.cutoff) {
    throw new RangeError(
      `rollup: the tree stands on ${tree.date} but period ${period.id} cuts off on ${period.cutoff}`,
    )
  }
  const plan = planFor(form)
  const start = root < 0 ? 0 : tree.position[root]!
  const length = root < 0 ? tree.size : tree.subtreeSize[root]!
  const { preorder, position, parentIndex, units } = tree

  const latest = new Int32Array(length).fill(-1)
  const counted = view === 'latest' ? latest : new Int32Array(length).fill(-1)
  let ignored = 0
  for (let s = 0; s < submissions.length; s++) {
    const sub = submissions[s]!
    const u = tree.indexOf(sub.unit)
    if (u < 0 || !fillsForm(form.level, units[u]!.level)) {
      ignored++
      continue
    }
    const l = position[u]! - start
    if (l < 0 || l >= length) {
      continue
    }
    const current = latest[l]!
    if (current < 0 || supersedes(sub, submissions[current]!)) {
      latest[l] = s
    }
    if (view === 'accepted' && sub.status === 'accepted') {
      const best = counted[l]!
      if (best < 0 || supersedes(sub, submissions[best]!)) {
        counted[l] = s
      }
    }
  }

  const versionIndex = new Map<string, number>()
  for (let l = 0; l < length; l++) {
    const s = counted[l]!
    if (s >= 0) {
      const v = submissions[s]!.formVersion
      if (!versionIndex.has(v)) {
        versionIndex.set(v, versionIndex.size)
      }
    }
  }
  const versionNames = [...versionIndex.keys()]
  const V = versionNames.length
  const S = plan.slots
  const C = plan.counters
  const acc = new Accumulators(length * S)
  const cells = acc.cells
  const reported = new Int32Array(length * C)
  const coverage = new Int32Array(length * COVERAGE_FIELDS)
  const versions = new Int32Array(length * V)
  const missing = new Uint8Array(length)
  const { sums, means, ratios } = plan
  const nSums = sums.length
  const sumCodes = sums.map((row) => row.code)
  const nMeans = means.length
  const own = new Float64Array(plan.inputs.size)
  const read = ownValuesReader(plan.inputs, own)

  for (let l = length - 1; l >= 0; l--) {
    const u = preorder[start + l]!
    const cov = l * COVERAGE_FIELDS
    const slot0 = l * S
    const counter0 = l * C
    if (fillsForm(form.level, units[u]!.level)) {
      coverage[cov + EXPECTED]!++
      const s = latest[l]!
      if (s >= 0) {
        const sub = submissions[s]!
        coverage[cov + SUBMITTED]!++
        if (sub.status === 'accepted') {
          coverage[cov + ACCEPTED]!++
        } else if (sub.status === 'returned') {
          coverage[cov + RETURNED]!++
        }
        if (isLate(period, sub.firstSubmittedAt)) {
          coverage[cov + LATE]!++
        }
      }
      const c = counted[l]!
      if (c >= 0) {
        const sub = submissions[c]!
        coverage[cov + COUNTED]!++
        versions[l * V + versionIndex.get(sub.formVersion)!]!++
        read(sub.values)
        for (let k = 0; k < nSums; k++) {
          const x = own[sums[k]!.input]!
          if (x === x) {
            const i = slot0 + k
            const total = cells[i]! + x
            if (total <= MAX && total >= -MAX) {
              cells[i] = total
            } else {
              acc.addNumber(i, x)
            }
            reported[counter0 + k]!++
          }
        }
        for (let k = 0; k < nMeans; k++) {
          const row = means[k]!
          const v = own[row.value]!
          const w = own[row.weight]!
          if (v === v && w === w) {
            acc.addProduct(slot0 + nSums + 2 * k, v, w)
            acc.addNumber(slot0 + nSums + 2 * k + 1, w)
            reported[counter0 + nSums + k]!++
          }
        }
        for (let k = 0; k < ratios.length; k++) {
          const row = ratios[k]!
          const n = own[row.numerator]!
          const d = own[row.denominator]!
          if (n === n && d === d) {
            reported[counter0 + nSums + nMeans + k]!++
            if (row.pair >= 0) {
              acc.addNumber(slot0 + row.pair, n)
              acc.addNumber(slot0 + row.pair + 1, d)
            }
          }
        }
      } else {
        missing[l] = 1
      }
    }
    const p = parentIndex[u]!
    if (l === 0 || p < 0) {
      continue
    }
    const pl = position[p]! - start
    const parentSlot0 = pl * S
    for (let k = 0; k < S; k++) {
      const x = cells[slot0 + k]!
      if (x !== 0) {
        const total = cells[parentSlot0 + k]! + x
        if (total <= MAX && total >= -MAX) {
          cells[parentSlot0 + k] = total
        } else {
          acc.addCell(parentSlot0 + k, slot0 + k)
        }
      }
    }
    for (let k = 0; k < C; k++) {
      reported[pl * C + k]! += reported[counter0 + k]!
    }
    for (let k = 0; k < COVERAGE_FIELDS; k++) {
      coverage[pl * COVERAGE_FIELDS + k]! += coverage[cov + k]!
    }
    for (let k = 0; k < V; k++) {
      versions[pl * V + k]! += versions[l * V + k]!
    }
  }

  function missingCodes(l: number, u: number, count: number): string[] {
    if (count === 0) {
      return []
    }
    const found = new Int32Array(count)
    let n = 0
    const end = l + tree.subtreeSize[u]!
    for (let k = l; k < end; k++) {
      if (missing[k] === 1) {
        found[n++] = preorder[start + k]!
      }
    }
    // Unit indices follow code order, so sorting the indices sorts the codes.
    found.sort()
    return Array.from(found, (i) => units[i]!.code)
  }

  /** The consolidated value of a ratio's operand that is a mean or a ratio. */
  function operand(values: Values, code: string): number | null {
    const v = values[code]
    return typeof v === 'number' ? v : null
  }

  function unitRollup(l: number): UnitRollup {
    const u = preorder[start + l]!
    const unit = units[u]!
    const values: Values = { ...plan.valuesTemplate }
    const reportedByCode: Record<string, number> = { ...plan.reportedTemplate }
    const slot0 = l * S
    const counter0 = l * C
    for (let k = 0; k < nSums; k++) {
      const n = reported[counter0 + k]!
      if (n > 0) {
        const code = sumCodes[k]!
        const x = cells[slot0 + k]!
        reportedByCode[code] = n
        values[code] = x <= MAX && x >= -MAX ? x : toValue(acc.read(slot0 + k))
      }
    }
    for (let k = 0; k < nMeans; k++) {
      const row = means[k]!
      const n = reported[counter0 + nSums + k]!
      reportedByCode[row.code] = n
      const weight = acc.read(slot0 + nSums + 2 * k + 1)
      if (n > 0 && Number(weight) !== 0) {
        const product = acc.read(slot0 + nSums + 2 * k)
        values[row.code] = roundQuotient(product, weight, 1, row.decimals)
      }
    }
    for (let k = 0; k < ratios.length; k++) {
      const row = ratios[k]!
      const n = reported[counter0 + nSums + nMeans + k]!
      reportedByCode[row.code] = n
      if (row.pair < 0) {
        values[row.code] = ratioPercent(
          operand(values, row.numeratorCode),
          operand(values, row.denominatorCode),
        )
      } else if (n > 0) {
        values[row.code] = ratioPercent(acc.read(slot0 + row.pair), acc.read(slot0 + row.pair + 1))
      }
    }
    const cov = l * COVERAGE_FIELDS
    const byVersion: Record<string, number> = {}
    for (let k = 0; k < V; k++) {
      const n = versions[l * V + k]!
      if (n > 0) {
        byVersion[versionNames[k]!] = n
      }
    }
    const expected = coverage[cov + EXPECTED]!
    const countedUnits = coverage[cov + COUNTED]!
    return {
      unit: unit.code,
      name: unit.name,
      level: unit.level,
      period: period.id,
      form: form.id,
      formVersion: form.version,
      view,
      values,
      reported: reportedByCode,
      coverage: {
        expected,
        counted: countedUnits,
        submitted: coverage[cov + SUBMITTED]!,
        accepted: coverage[cov + ACCEPTED]!,
        returned: coverage[cov + RETURNED]!,
        late: coverage[cov + LATE]!,
        missing: missingCodes(l, u, expected - countedUnits),
      },
      versions: byVersion,
      ignored,
    }
  }

  return { length, localOf: (unitIndex) => position[unitIndex]! - start, unitRollup }
}

/**
 * Reads a submission's values into `own` by scratch index: the number, or NaN when the row was
 * not reported (null, absent, text, not finite). Walking the object's own keys with for-in is
 * V8's fast path; remembering the key order of the last object saves the map lookups, since
 * submissions parsed from the same JSON share it.
 */
function ownValuesReader(inputs: Map<string, number>, own: Float64Array): (values: Values) => void {
  const keys: string[] = []
  const targets: number[] = []
  return (values) => {
    own.fill(NaN)
    let p = 0
    for (const key in values) {
      let target: number
      if (keys[p] === key) {
        target = targets[p]!
      } else {
        target = inputs.get(key) ?? -1
        keys[p] = key
        targets[p] = target
      }
      p++
      if (target >= 0) {
        const v = values[key]
        if (typeof v === 'number' && v - v === 0) {
          own[target] = v
        }
      }
    }
  }
}
