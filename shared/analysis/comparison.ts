/**
 * @module Periods side by side (so sánh cùng kỳ): each row of a rollup beside the same row of
 * another period's rollup, with the change and the change in percent. Ratio and percent rows are
 * compared as ratios: their change is in percentage points (điểm phần trăm) and has no percent of
 * its own, since "56,9 % → 60,2 %" rose by 3,3 points, not by 5,8 %. Both sides are the
 * consolidated values, so a ratio is the one recomputed from the sums of each period.
 */
import type { FormDefinition, Value, Values } from '../form-definition.ts'
import { roundQuotient } from '../quotient.ts'

/** One row of the comparison; `change` is `null` when either side is not reported. */
export interface RowComparison {
  /** The other period's consolidated value. */
  previous: Value
  /** This period minus that one: exact for whole numbers (a decimal string past 2^53). */
  change: number | string | null
  /** The change as a percent of the other period's value, 2 decimals; `null` for ratio rows,
   * when that value is 0, or when a side is missing. */
  changePercent: number | null
  /** `points` for a ratio or percent row: `change` is in percentage points. */
  measure: 'difference' | 'points'
}

/** A rollup's figures beside another period's. */
export interface Comparison {
  /** The period compared with. */
  period: string
  /** By row code, every numeric row of the form. */
  rows: Record<string, RowComparison>
}

const MAX = Number.MAX_SAFE_INTEGER

/** A consolidated value as an exact whole number, a float, or undefined when not a figure. */
function figure(value: Value | undefined): number | bigint | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    return BigInt(value)
  }
  return undefined
}

function isWhole(x: number | bigint): boolean {
  return typeof x === 'bigint' || Number.isInteger(x)
}

/** a − b: exact when both are whole (BigInt past 2^53), else rounded to 2 decimals. */
export function difference(a: number | bigint, b: number | bigint): number | string {
  if (isWhole(a) && isWhole(b)) {
    if (typeof a === 'number' && typeof b === 'number') {
      const d = a - b
      if (d <= MAX && d >= -MAX) {
        return d
      }
    }
    const d = BigInt(a) - BigInt(b)
    return d <= BigInt(MAX) && d >= -BigInt(MAX) ? Number(d) : d.toString()
  }
  return Math.round((Number(a) - Number(b)) * 100) / 100
}

/** Whether a row is compared in percentage points. */
export function comparedInPoints(row: FormDefinition['rows'][number]): boolean {
  return row.kind === 'percent' || row.aggregate.type === 'ratio'
}

/**
 * Compares two rollups of the same form, row by row.
 *
 * @example
 * compareValues(b01, { 'members.total': 110 }, { 'members.total': 100 }, '2025-Y').rows['members.total']
 * // { previous: 100, change: 10, changePercent: 10, measure: 'difference' }
 */
export function compareValues(
  form: FormDefinition,
  current: Values,
  previous: Values,
  previousPeriod: string,
): Comparison {
  const rows: Record<string, RowComparison> = {}
  for (const row of form.rows) {
    if (row.heading || row.aggregate.type === 'none' || row.kind === 'text') {
      continue
    }
    const points = comparedInPoints(row)
    const now = figure(current[row.code])
    const then = figure(previous[row.code])
    const change = now === undefined || then === undefined ? null : difference(now, then)
    let changePercent: number | null = null
    if (!points && change !== null && then !== undefined && Number(then) !== 0) {
      const delta = typeof change === 'string' ? BigInt(change) : change
      changePercent =
        isWhole(delta) && isWhole(then)
          ? roundQuotient(delta, then, 100, 2)
          : Math.round((Number(delta) / Number(then)) * 10_000) / 100
      if (Number(then) < 0) {
        changePercent = -changePercent
      }
    }
    rows[row.code] = {
      previous: previous[row.code] ?? null,
      change,
      changePercent,
      measure: points ? 'points' : 'difference',
    }
  }
  return { period: previousPeriod, rows }
}
