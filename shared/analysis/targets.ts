/**
 * @module Targets (chỉ tiêu): what a union asks of the units directly below it, row by row, for a
 * period, and how far each unit got. Decided here once:
 * - A target is met when the unit's consolidated value reaches it (every target row counts
 *   something the union wants more of: members admitted, agreements signed, coverage rates).
 * - A target on a ratio row is met on the unit's ratio recomputed from its summed numerator and
 *   denominator, the value its rollup gives, never on a mean of its children's ratios.
 * - Achievement is achieved / target × 100, 2 decimals; `null` when the target is 0 or the unit
 *   reported nothing for the row, which is behind target (chưa đạt) all the same.
 * - Which rows take a target: numeric rows (count, amount, percent, average); a percent target
 *   lies in 0-100, any other is a whole number ≥ 0 (an average in đồng included).
 */
import type { FormDefinition, Value, Values } from '../form-definition.ts'
import { roundQuotient } from '../quotient.ts'

/** A target as set (chỉ tiêu giao): for one unit, row and period, by the union above it. */
export interface Target {
  unit: string
  period: string
  form: string
  row: string
  value: number
  /** The union that set it: the unit's parent at the period's cut-off. */
  setBy: string
  /** ISO 8601. */
  setAt: string
}

/** How far one unit got against one target. */
export interface TargetAchievement {
  unit: string
  row: string
  target: number
  achieved: Value
  /** achieved / target × 100, 2 decimals; null when the target is 0 or nothing was reported. */
  percent: number | null
  met: boolean
}

/** Per row: the units with a target, those that met it, the codes of those behind. */
export interface TargetRowSummary {
  row: string
  units: number
  met: number
  behind: string[]
}

/** What can be wrong with a target as given. */
export type TargetProblemCode =
  'unknownRow' | 'notNumericRow' | 'badValue' | 'notBelow' | 'duplicate'

/** A problem with one target as given, by its position in the list. */
export interface TargetProblem {
  index: number
  problem: TargetProblemCode
  row: string
}

const TARGET_PROBLEM_TEXTS: Record<
  TargetProblemCode,
  Record<'vi' | 'en', (p: { unit: string; row: string; form: string; setter: string }) => string>
> = {
  unknownRow: {
    vi: (p) => `Biểu mẫu ${p.form} không có mã dòng "${p.row}".`,
    en: (p) => `Form ${p.form} has no row "${p.row}".`,
  },
  notNumericRow: {
    vi: (p) => `Dòng "${p.row}" không phải dòng số liệu nên không giao chỉ tiêu được.`,
    en: (p) => `Row "${p.row}" holds no figure and takes no target.`,
  },
  badValue: {
    vi: (p) =>
      `Chỉ tiêu dòng "${p.row}" của ${p.unit} phải là số nguyên không âm (tỷ lệ: từ 0 đến 100).`,
    en: (p) =>
      `The target of row "${p.row}" for ${p.unit} must be a whole number ≥ 0 (a rate: 0-100).`,
  },
  notBelow: {
    vi: (p) =>
      `Đơn vị ${p.unit} không trực thuộc ${p.setter} nên ${p.setter} không giao chỉ tiêu cho đơn vị này.`,
    en: (p) => `Unit ${p.unit} is not directly below ${p.setter}, which cannot set its targets.`,
  },
  duplicate: {
    vi: (p) => `Chỉ tiêu dòng "${p.row}" của ${p.unit} được ghi hai lần.`,
    en: (p) => `The target of row "${p.row}" for ${p.unit} is given twice.`,
  },
}

/** The text of a target problem, in Vietnamese or English. */
export function targetProblemText(
  problem: TargetProblemCode,
  params: { unit: string; row: string; form: string; setter: string },
  locale: 'vi' | 'en',
): string {
  return TARGET_PROBLEM_TEXTS[problem][locale](params)
}

/** Why a row may not carry a target, or undefined when it may. */
export function targetRowProblem(
  form: FormDefinition,
  code: string,
): TargetProblem['problem'] | undefined {
  const row = form.rows.find((r) => r.code === code)
  if (!row) {
    return 'unknownRow'
  }
  if (row.heading || row.kind === 'text' || row.aggregate.type === 'none') {
    return 'notNumericRow'
  }
  return undefined
}

/** Whether `value` can be a target of that row (its row known to take one). */
export function targetValueFits(form: FormDefinition, code: string, value: number): boolean {
  const row = form.rows.find((r) => r.code === code)
  if (!Number.isFinite(value) || value < 0) {
    return false
  }
  return row?.kind === 'percent' ? value <= 100 : Number.isInteger(value)
}

/**
 * The problems of a list of targets for one form, each naming its position; empty when all fit.
 *
 * @example
 * targetProblems(b01, [{ row: 'members.rate', value: 120 }]) // [{ index: 0, problem: 'badValue', row: 'members.rate' }]
 */
export function targetProblems(
  form: FormDefinition,
  targets: readonly { row: string; value: number }[],
): TargetProblem[] {
  const problems: TargetProblem[] = []
  targets.forEach((target, index) => {
    const rowProblem = targetRowProblem(form, target.row)
    if (rowProblem) {
      problems.push({ index, problem: rowProblem, row: target.row })
    } else if (!targetValueFits(form, target.row, target.value)) {
      problems.push({ index, problem: 'badValue', row: target.row })
    }
  })
  return problems
}

function achievedNumber(value: Value | undefined): number | bigint | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value
  }
  return typeof value === 'string' && /^\d+$/.test(value) ? BigInt(value) : undefined
}

/**
 * How far a unit got against a target, from the unit's consolidated values.
 *
 * @example
 * achievement({ unit: 'G1', row: 'members.new', value: 40, … }, { 'members.new': 30 })
 * // { unit: 'G1', row: 'members.new', target: 40, achieved: 30, percent: 75, met: false }
 */
export function achievement(
  target: Pick<Target, 'unit' | 'row' | 'value'>,
  values: Values,
): TargetAchievement {
  const achieved = values[target.row] ?? null
  const x = achievedNumber(achieved)
  const t = target.value
  let percent: number | null = null
  if (x !== undefined && t !== 0) {
    const whole = typeof x === 'bigint' || Number.isInteger(x)
    percent =
      whole && Number.isInteger(t)
        ? roundQuotient(x, t, 100, 2)
        : Math.round((Number(x) / t) * 10_000) / 100
  }
  const met = x !== undefined && (typeof x === 'bigint' ? x >= BigInt(Math.ceil(t)) : x >= t)
  return { unit: target.unit, row: target.row, target: t, achieved, percent, met }
}

/**
 * Every target of the units below a union against their rollups, with a summary per row in form
 * order; targets of units with no rollup (not in the tree at the cut-off) are left out.
 */
export function targetAchievements(
  form: FormDefinition,
  targets: readonly Target[],
  valuesOf: (unit: string) => Values | undefined,
): { achievements: TargetAchievement[]; rows: TargetRowSummary[] } {
  const order = new Map(form.rows.map((row, i) => [row.code, i]))
  const achievements: TargetAchievement[] = []
  for (const target of targets) {
    const values = valuesOf(target.unit)
    if (values !== undefined && order.has(target.row)) {
      achievements.push(achievement(target, values))
    }
  }
  achievements.sort(
    (a, b) =>
      order.get(a.row)! - order.get(b.row)! || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0),
  )
  const rows: TargetRowSummary[] = []
  for (const a of achievements) {
    let row = rows[rows.length - 1]
    if (row?.row !== a.row) {
      row = { row: a.row, units: 0, met: 0, behind: [] }
      rows.push(row)
    }
    row.units++
    if (a.met) {
      row.met++
    } else {
      row.behind.push(a.unit)
    }
  }
  return { achievements, rows }
}
