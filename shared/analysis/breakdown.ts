/**
 * @module Drill-down (truy nguyên một số liệu): the units that make up one figure of a rollup, down
 * to the grassroots, each with its own value, its share of the figure and its standing (sent,
 * late, missing), and for a missing unit what its last report gave, so the office sees which
 * missing reports can move the figure. Decided here, as the rollup decides it:
 * - Only the units that fill the form are listed (a B01 figure: the CĐCS), in tree order, each
 *   with its depth below the unit drilled and its parent, so the list reads as the tree.
 * - A sum row: each unit's value; the values of the counted units add up to the figure, and a
 *   share is the unit's part of it in percent.
 * - A ratio row (tỷ lệ): each unit's numerator and denominator; over the units that reported both,
 *   they add up to the figure's numerator and denominator, whose quotient is the figure. The
 *   share is the unit's part of the numerator.
 * - A weighted mean (bình quân): each unit's value and weight; the share is its part of the weight.
 * - A ratio of rows that are themselves ratios or means has no parts to list: only standings.
 */
import type { FormDefinition, Value, Values } from '../form-definition.ts'
import type { UnitTree } from '../unit-tree.ts'
import type { RollupView, SubmissionForRollup } from '../rollup.ts'
import type { Period } from '../api-schemas.ts'
import { isLate, supersedes } from '../rollup.ts'
import { fillsForm } from '../form-definition.ts'
import { ratioPercent, roundQuotient } from '../quotient.ts'
import { numberIn, valueIn } from '../packed-values.ts'
import type { RollupValues } from '../packed-values.ts'

/** Sent on time, sent after the deadline, or not in the figure (chưa nộp). */
export type Standing = 'sent' | 'late' | 'missing'

/** A unit's last report before the period, for a unit missing from it. */
export interface LastReport {
  period: string
  values: Values
}

export interface BreakdownLine {
  unit: string
  name: string
  parent: string | null
  /** 1 for a unit directly below the unit drilled (0: that unit itself). */
  depth: number
  standing: Standing
  /** The status of its latest submission, null when it has none. */
  status: 'submitted' | 'accepted' | 'returned' | null
  /** Its own value of the row: a sum row's value, a ratio's own quotient, a mean's value. */
  value: Value
  /** Ratio rows: its numerator; means: its value × weight is not shown, only the weight. */
  numerator: Value
  /** Ratio rows: its denominator; means: its weight. */
  denominator: Value
  /** Whether its figures are in the total (it reported every operand the row needs). */
  counted: boolean
  /** Its part of the figure in percent (sum: value; ratio: numerator; mean: weight), 2 decimals. */
  share: number | null
  /** A missing unit's last report before this period: the same row's value then. */
  last: { period: string; value: Value; numerator: Value; denominator: Value } | null
}

export interface Breakdown {
  unit: string
  period: string
  form: string
  row: string
  kind: 'sum' | 'ratio' | 'weightedMean'
  /** The figure, as the rollup gives it. */
  total: Value
  /** Ratio rows: Σ numerator over counted units; means: Σ value × weight. */
  numerator: Value
  /** Ratio rows: Σ denominator over counted units; means: Σ weight. */
  denominator: Value
  lines: BreakdownLine[]
}

export interface BreakdownInput {
  tree: UnitTree
  form: FormDefinition
  period: Period
  submissions: readonly SubmissionForRollup<RollupValues>[]
  view: RollupView
  unit: string
  row: string
  /** Last reports of earlier periods, by unit; looked up only for missing units. */
  lastReports?: ReadonlyMap<string, LastReport>
}

const MAX = Number.MAX_SAFE_INTEGER

/** An exact running total of whole numbers (BigInt past 2^53), floats summed as they come. */
class Total {
  private n = 0
  private big: bigint | null = null
  add(x: number): void {
    if (this.big !== null) {
      this.big += BigInt(Number.isInteger(x) ? x : Math.round(x))
      return
    }
    const s = this.n + x
    if (s <= MAX && s >= -MAX) {
      this.n = s
    } else if (Number.isInteger(this.n) && Number.isInteger(x)) {
      this.big = BigInt(this.n) + BigInt(x)
    } else {
      this.n = s
    }
  }
  read(): number | bigint {
    return this.big ?? this.n
  }
  value(): number | string {
    const x = this.read()
    return typeof x === 'number' ? x : x <= BigInt(MAX) ? Number(x) : x.toString()
  }
}

function share(part: number, whole: number | bigint): number | null {
  if (Number(whole) === 0) {
    return null
  }
  return Number.isInteger(part) && (typeof whole === 'bigint' || Number.isInteger(whole))
    ? roundQuotient(part, whole, 100, 2)
    : Math.round((part / Number(whole)) * 10_000) / 100
}

/**
 * The units behind one figure of a unit's rollup; `undefined` when the unit is not in the tree or
 * the row is not a consolidated row of the form.
 *
 * @example
 * const drill = breakdown({ tree, form: b01, period, submissions, view: 'latest', unit: 'BK', row: 'members.rate' })
 * drill.lines.filter((l) => l.counted).reduce((s, l) => s + Number(l.numerator), 0) // drill.numerator
 */
export function breakdown(input: BreakdownInput): Breakdown | undefined {
  const { tree, form, period, view, unit, row: code } = input
  const row = form.rows.find((r) => r.code === code)
  const top = tree.indexOf(unit)
  if (!row || row.heading || row.aggregate.type === 'none' || top < 0) {
    return undefined
  }
  const aggregate = row.aggregate
  const kind = aggregate.type === 'ratio' ? 'ratio' : aggregate.type
  const operands: [string, string] | null =
    aggregate.type === 'ratio'
      ? [aggregate.numerator, aggregate.denominator]
      : aggregate.type === 'weightedMean'
        ? [row.code, aggregate.weight]
        : null
  const summable = (c: string) => form.rows.find((r) => r.code === c)?.aggregate.type === 'sum'
  const parts = operands === null || operands.every(summable) || aggregate.type === 'weightedMean'
  const inSubtree = new Set(tree.subtree(unit))
  const latest = new Map<string, SubmissionForRollup<RollupValues>>()
  const counted = new Map<string, SubmissionForRollup<RollupValues>>()
  for (const sub of input.submissions) {
    if (!inSubtree.has(sub.unit)) {
      continue
    }
    const had = latest.get(sub.unit)
    if (had === undefined || supersedes(sub, had)) {
      latest.set(sub.unit, sub)
    }
    if (view === 'accepted' && sub.status === 'accepted') {
      const best = counted.get(sub.unit)
      if (best === undefined || supersedes(sub, best)) {
        counted.set(sub.unit, sub)
      }
    }
  }
  const countedOf = (u: string) => (view === 'latest' ? latest.get(u) : counted.get(u))
  const totalA = new Total()
  const totalB = new Total()
  const lines: BreakdownLine[] = []
  const depthOf = new Map<string, number>([[unit, 0]])
  for (const u of tree.subtree(unit)) {
    const info = tree.get(u)!
    if (u !== unit) {
      depthOf.set(u, (depthOf.get(info.parent ?? '') ?? 0) + 1)
    }
    if (!fillsForm(form.level, info.level)) {
      continue
    }
    const sub = countedOf(u)
    const values = sub?.values
    const a = operands === null ? numberIn(values, code) : numberIn(values, operands[0])
    const b = operands === null ? undefined : numberIn(values, operands[1])
    const inFigure = a !== undefined && (operands === null || b !== undefined) && parts
    if (inFigure) {
      if (kind === 'weightedMean') {
        totalA.add(a * b!)
        totalB.add(b!)
      } else {
        totalA.add(a)
        if (b !== undefined) {
          totalB.add(b)
        }
      }
    }
    const latestSub = latest.get(u)
    const standing: Standing =
      sub === undefined ? 'missing' : isLate(period, sub.firstSubmittedAt) ? 'late' : 'sent'
    const last = sub === undefined ? input.lastReports?.get(u) : undefined
    lines.push({
      unit: u,
      name: info.name,
      parent: info.parent,
      depth: depthOf.get(u) ?? 0,
      standing,
      status: latestSub?.status ?? null,
      value: valueIn(values, code),
      numerator: operands === null || kind === 'weightedMean' ? null : valueIn(values, operands[0]),
      denominator: operands === null ? null : valueIn(values, operands[1]),
      counted: inFigure,
      share: null,
      last: last
        ? {
            period: last.period,
            value: last.values[code] ?? null,
            numerator:
              operands === null || kind === 'weightedMean'
                ? null
                : (last.values[operands[0]] ?? null),
            denominator: operands === null ? null : (last.values[operands[1]] ?? null),
          }
        : null,
    })
  }
  const whole = kind === 'weightedMean' ? totalB.read() : totalA.read()
  for (const line of lines) {
    if (!line.counted) {
      continue
    }
    const part = kind === 'sum' ? line.value : kind === 'ratio' ? line.numerator : line.denominator
    line.share = typeof part === 'number' ? share(part, whole) : null
  }
  const anyCounted = lines.some((line) => line.counted)
  let total: Value = null
  if (anyCounted) {
    if (kind === 'sum') {
      total = totalA.value()
    } else if (kind === 'ratio') {
      total = parts ? ratioPercent(totalA.read(), totalB.read()) : null
    } else {
      const weight = totalB.read()
      const decimals = row.unit.trim().toLowerCase() === 'đồng' ? 0 : 2
      total = Number(weight) === 0 ? null : roundQuotient(totalA.read(), weight, 1, decimals)
    }
  }
  return {
    unit,
    period: period.id,
    form: form.id,
    row: code,
    kind,
    total,
    numerator: kind === 'sum' || !anyCounted ? null : totalA.value(),
    denominator: kind === 'sum' || !anyCounted ? null : totalB.value(),
    lines,
  }
}
