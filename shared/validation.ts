/**
 * @module The validation engine (kiểm tra số liệu): checks a submission's values against its form and
 * the unit's previous period, and returns the normalised values with the findings.
 *
 * Decisions every caller relies on:
 * - Empty, whitespace-only, null or missing cells are "not reported" (null), never zero. Text in a
 *   numeric row that is not a Vietnamese number (shared/numbers.ts), NaN, Infinity or any other
 *   non-number is an error naming the row (`number:<code>`) and the row's value is null.
 * - A percent row also accepts a trailing "%" ("56,9%" is 56.9); an amount row a trailing "đ",
 *   "đồng", "VNĐ" or "VND". Other rows accept no unit sign.
 * - Cell rules, at most one per cell, the first that fails: count and amount are ≥ 0
 *   (`negative:`), at most their ceiling (`large:`) and whole (`whole:`); percent lies in 0-100
 *   (`range:`); average is ≥ 0 (`negative:`) and at most its ceiling (`large:`); text is at most
 *   `maxLength` characters, 500 by default (`length:`).
 * - Ceilings (`ceilingOf`, error `too_large`): past `Number.MAX_SAFE_INTEGER` a number is no
 *   longer the one typed ("99999999999999999999" reads as 1e20), so nothing beyond it is accepted;
 *   below that, what one reporting unit can have (`valueCeilings`). On a grassroots form: an
 *   amount or an average in đồng up to 10^13 (issue 2: "up to 10^13 per unit"); a count up to
 *   10^7 (the largest CĐCS have tens of thousands of workers: 10 million persons, events or units
 *   is a typing slip); person-times (lượt) up to 10^8, since one person counts many times. An
 *   upper form carries a province's consolidated figures (TP HCM's yearly union fee alone nears
 *   10^13 đồng), so its ceilings are 100 times higher: counts 10^9 (Vietnam has about 11 million
 *   union members), person-times 10^10, đồng 10^15. The check runs before the whole-number rule:
 *   past 2^53 decimals cannot be seen.
 * - English thousands groups: count and amount text like "25,000" reads the Vietnamese way (25,
 *   unchanged) with a warning (`separator:`) asking whether 25.000 was meant. When the cell has an
 *   error instead ("1,500" is 1,5, not whole; "1,234,567" is not a number), that error's message
 *   carries the same question, so the clerk sees one finding per cell.
 * - Weighted means: an average reported while its weight row is empty or 0 is an error
 *   (`weight:<average>`, generated from the form's `weightedMean` links): the rollup counts an
 *   average only with its weight, so it would silently drop out of the consolidated figure.
 *   Skipped when either cell already has a finding of its own (an empty required weight row
 *   draws `required:`).
 * - A row whose cell fails its own rule takes no part in the rules between rows, so one wrong
 *   cell draws one finding, not a cascade; its number stays in the values.
 * - Every "trong đó" row is at most its parent (`parent:<child>`), generated from the form's
 *   `parent` links when both rows hold numbers. A cross-row rule that says exactly the same
 *   (`[child] <= [parent]`, error) is left out, so the clerk sees one finding, not two.
 * - Cross-row rules (`rule:<id>`) compare the sum of the left rows with the sum of the right rows,
 *   with the rule's severity; a rule is skipped when any of its rows is not reported (or not a
 *   number): "not reported" is not zero, and the required-row rule is the one that asks for values.
 *   Sums are compared with a relative tolerance of 1e-9, so decimals do not fail `==` by rounding.
 * - Required rows left empty are errors (`required:`), unless the cell already has an error.
 * - Period over period (`change:<code>`, a warning): when `previous` holds a number for the row
 *   and the row a valid number, a change beyond the row's `maxChangePercent` (else the form's) is
 *   flagged only when the absolute change also reaches the kind's floor (`changeFloors`: 10 for
 *   counts, so 2 → 4 members of a tiny union passes). From 0 any change past the floor is flagged.
 *   Derived rows are not compared: their numerator and denominator are.
 * - Derived (ratio) rows are computed (numerator / denominator × 100, 2 decimals; null when either
 *   is missing or has an error of its own, or the denominator is 0). A value sent for one is ignored; it draws a warning
 *   (`derived:<code>`) only when it differs from the computed one, so a sheet formula's result
 *   (as a percentage or as Excel's fraction) passes silently. A value sent for a heading is ignored
 *   with a warning (`derived:<code>`).
 * - Row codes the form does not have are errors (`unknown:<code>`), listed after the form's rows.
 * - Findings come in form row order. Plans are cached per form object: forms are immutable once
 *   loaded.
 */
import type {
  Comparison,
  CrossRowRule,
  FormDefinition,
  FormLevel,
  FormRow,
  RawValues,
  RowKind,
  Value,
  Values,
} from './form-definition.ts'
import type { Finding, FindingCode, FindingOf, FindingParams, Severity } from './finding.ts'
import { englishGroupedValue, parseVietnameseNumber } from './numbers.ts'
import { ratioPercent } from './quotient.ts'

/** Longest text a `text` row accepts when the row does not say. */
export const defaultMaxLength = 500

/**
 * Smallest absolute change, by kind, that a period-over-period warning needs besides the relative
 * threshold: persons and units, đồng, percentage points, đồng of an average wage.
 */
export const changeFloors: Readonly<Record<RowKind, number>> = {
  count: 10,
  amount: 5_000_000,
  percent: 5,
  average: 500_000,
  text: Number.POSITIVE_INFINITY,
}

/** The largest values one unit can report; see the module notes for why each. */
export const valueCeilings = {
  grassroots: { count: 1e7, personTimes: 1e8, amount: 1e13 },
  upper: { count: 1e9, personTimes: 1e10, amount: 1e15 },
} as const

/**
 * The largest value a count, amount or average row of a form of that level accepts (`too_large`
 * above it); `undefined` for percent rows (0-100 is their range) and text rows.
 *
 * @example
 * ceilingOf({ kind: 'amount', unit: 'đồng' }, 'grassroots') // 10_000_000_000_000
 */
export function ceilingOf(
  row: Pick<FormRow, 'kind' | 'unit'>,
  level: FormLevel,
): number | undefined {
  const ceilings = valueCeilings[level]
  const unit = row.unit.trim().toLowerCase()
  switch (row.kind) {
    case 'count':
      return unit === 'lượt' ? ceilings.personTimes : ceilings.count
    case 'amount':
      return ceilings.amount
    case 'average':
      return unit === 'đồng' ? ceilings.amount : Number.MAX_SAFE_INTEGER
    case 'percent':
    case 'text':
      return undefined
  }
}

/** What `checkSubmission` returns: every row of the form with its value, and what is wrong. */
export interface CheckResult {
  /** Every non-heading row of the form: null when not reported; derived rows computed. */
  values: Values
  findings: Finding[]
}

interface RowPlan {
  row: FormRow
  code: string
  index: number
  role: 'entered' | 'derived' | 'heading'
  numerator: number
  denominator: number
  parent: number
  /** The weight row of a weighted mean, -1 for other rows. */
  weight: number
  ceiling: number
  maxLength: number
  changeThreshold: number
  changeFloor: number
}

interface RulePlan {
  rule: CrossRowRule
  left: number[]
  right: number[]
  row: string
  related: string[]
}

interface Plan {
  rows: RowPlan[]
  index: Map<string, number>
  derived: RowPlan[]
  /** Rows with a value (not headings), and the values object with all of them null. */
  valued: RowPlan[]
  template: Values
  nulls: Value[]
  rules: RulePlan[]
}

const plans = new WeakMap<FormDefinition, Plan>()

function planFor(form: FormDefinition): Plan {
  let plan = plans.get(form)
  if (plan === undefined) {
    plan = makePlan(form)
    plans.set(form, plan)
  }
  return plan
}

function makePlan(form: FormDefinition): Plan {
  const index = new Map<string, number>()
  form.rows.forEach((row, i) => index.set(row.code, i))
  const at = (code: string): number => index.get(code) ?? -1
  const rows = form.rows.map((row, i): RowPlan => {
    const aggregate = row.aggregate
    const ratio = aggregate.type === 'ratio' ? aggregate : undefined
    return {
      row,
      code: row.code,
      index: i,
      role: row.heading ? 'heading' : ratio ? 'derived' : 'entered',
      numerator: ratio ? at(ratio.numerator) : -1,
      denominator: ratio ? at(ratio.denominator) : -1,
      parent: row.parent === undefined ? -1 : at(row.parent),
      weight: aggregate.type === 'weightedMean' ? at(aggregate.weight) : -1,
      ceiling: ceilingOf(row, form.level) ?? Number.POSITIVE_INFINITY,
      maxLength: row.maxLength ?? defaultMaxLength,
      changeThreshold: row.maxChangePercent ?? form.maxChangePercent,
      changeFloor: changeFloors[row.kind],
    }
  })
  const rules: RulePlan[] = []
  for (const rule of form.rules) {
    const left = rule.left.map(at)
    const right = rule.right.map(at)
    if (left.includes(-1) || right.includes(-1) || restatesParent(rule, rows, left, right)) {
      continue
    }
    const row = rule.left[0] ?? ''
    rules.push({
      rule,
      left,
      right,
      row,
      related: [...new Set([...rule.left, ...rule.right])].filter((code) => code !== row),
    })
  }
  const valued = rows.filter((r) => r.role !== 'heading')
  return {
    rows,
    index,
    derived: rows.filter((r) => r.role === 'derived'),
    valued,
    template: Object.fromEntries(valued.map((r) => [r.code, null])),
    nulls: rows.map(() => null),
    rules,
  }
}

function restatesParent(rule: CrossRowRule, rows: RowPlan[], left: number[], right: number[]) {
  const [child] = left
  const [parent] = right
  return (
    rule.severity === 'error' &&
    rule.operator === '<=' &&
    left.length === 1 &&
    right.length === 1 &&
    child !== undefined &&
    parent !== undefined &&
    rows[child]?.parent === parent
  )
}

/** Findings of one check, kept with the form row they belong to until they are sorted. */
class FindingList {
  private readonly pending: { order: number; finding: Finding }[] = []

  add<C extends FindingCode>(
    order: number,
    rule: string,
    code: C,
    row: string,
    related: string[],
    severity: Severity,
    params: FindingParams<C>,
  ): void {
    const finding = { rule, code, row, related, severity, params } as FindingOf<C>
    this.pending.push({ order, finding })
  }

  sorted(): Finding[] {
    return this.pending.sort((a, b) => a.order - b.order).map((p) => p.finding)
  }
}

/**
 * Checks the values of one submission (numbers, or the raw text of the cells) against its form and,
 * when given, the same unit's previous submission. Never throws for bad input.
 *
 * @example
 * const { values, findings } = checkSubmission(b01, { 'members.total': '1.200', 'members.women': 1300 })
 * // values['members.total'] === 1200; findings[0].rule === 'parent:members.women'
 */
export function checkSubmission(
  form: FormDefinition,
  raw: RawValues,
  previous?: Values | null,
): CheckResult {
  const plan = planFor(form)
  const rows = plan.rows
  const count = rows.length
  const numbers: Value[] = plan.nulls.slice()
  const cellFailed = new Uint8Array(count)
  const typedDerived: unknown[] = new Array<unknown>(count)
  const findings = new FindingList()
  const source: Readonly<Record<string, unknown>> = isRecord(raw) ? raw : {}

  let unknownOrder = count
  for (const key of Object.keys(source)) {
    const i = plan.index.get(key)
    const input = source[key]
    const rowPlan = i === undefined ? undefined : rows[i]
    if (rowPlan === undefined) {
      findings.add(unknownOrder++, `unknown:${key}`, 'unknown_row', key, [], 'error', {
        form: form.id,
        version: form.version,
      })
    } else if (rowPlan.role === 'entered') {
      numbers[rowPlan.index] = readCell(rowPlan, input, findings, cellFailed)
    } else if (isPresent(input)) {
      typedDerived[rowPlan.index] = input
    }
  }

  for (const rowPlan of plan.derived) {
    const { numerator, denominator } = rowPlan
    numbers[rowPlan.index] =
      cellFailed[numerator] || cellFailed[denominator]
        ? null
        : ratioOf(numbers[numerator], numbers[denominator])
  }

  const prior = isRecord(previous) ? previous : undefined
  for (const rowPlan of rows) {
    const i = rowPlan.index
    const value = numbers[i]
    if (rowPlan.role !== 'entered') {
      checkTypedDerived(rowPlan, typedDerived[i], value ?? null, findings)
      continue
    }
    if (rowPlan.row.required && value === null && !cellFailed[i]) {
      findings.add(i, `required:${rowPlan.code}`, 'required', rowPlan.code, [], 'error', {})
    }
    if (typeof value !== 'number') {
      continue
    }
    // Reading index -1 of an array walks the prototype chain: test for "no parent" first.
    const parent = rowPlan.parent < 0 ? undefined : rows[rowPlan.parent]
    const parentValue = parent === undefined ? null : numbers[rowPlan.parent]
    if (
      parent !== undefined &&
      typeof parentValue === 'number' &&
      !cellFailed[i] &&
      !cellFailed[rowPlan.parent] &&
      value > parentValue
    ) {
      findings.add(
        i,
        `parent:${rowPlan.code}`,
        'exceeds_parent',
        rowPlan.code,
        [parent.code],
        'error',
        { value, parentValue },
      )
    }
    if (rowPlan.weight >= 0 && !cellFailed[i] && !cellFailed[rowPlan.weight]) {
      checkWeight(rows, rowPlan, value, numbers[rowPlan.weight], findings)
    }
    if (prior !== undefined && !cellFailed[i]) {
      checkChange(rowPlan, value, prior[rowPlan.code], findings)
    }
  }

  for (const rulePlan of plan.rules) {
    checkRule(plan, rulePlan, numbers, cellFailed, findings)
  }

  // Copying a template with every key already in place is much faster than adding keys one by one.
  const values: Values = { ...plan.template }
  for (const rowPlan of plan.valued) {
    const value = numbers[rowPlan.index]
    if (value !== null && value !== undefined) {
      values[rowPlan.code] = value
    }
  }
  return { values, findings: findings.sorted() }
}

/** Whether any finding blocks the submission (an error, not a warning). */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error')
}

/**
 * The values with every derived (ratio) row computed from its numerator and denominator; for the
 * rollup, which recomputes ratios from sums (decimal strings of exact big sums count as numbers).
 *
 * @example
 * derivedValues(b01, { 'members.total': 2983, 'workers.total': 5240 })['members.rate'] // 56.93
 */
export function derivedValues(form: FormDefinition, values: Values): Values {
  const plan = planFor(form)
  const out: Values = { ...values }
  for (const rowPlan of plan.derived) {
    const numerator = plan.rows[rowPlan.numerator]
    const denominator = plan.rows[rowPlan.denominator]
    out[rowPlan.code] =
      numerator === undefined || denominator === undefined
        ? null
        : ratioOf(asNumber(out[numerator.code]), asNumber(out[denominator.code]))
  }
  return out
}

/** The value of one entered cell; marks `failed` when the cell has a finding of its own. */
function readCell(
  rowPlan: RowPlan,
  input: unknown,
  findings: FindingList,
  failed: Uint8Array,
): Value {
  if (input === null || input === undefined) {
    return null
  }
  const kind = rowPlan.row.kind
  if (kind === 'text') {
    return readText(rowPlan, input, findings, failed)
  }
  let value: number
  let text: string | undefined
  /** The cell's text without its unit sign: the number as the clerk typed it. */
  let typed: string | undefined
  let intended: number | undefined
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) {
      return notANumber(rowPlan, String(input), undefined, findings, failed)
    }
    value = input === 0 ? 0 : input
  } else if (typeof input === 'string') {
    text = input.trim()
    if (text === '') {
      return null
    }
    typed = withoutUnit(text, kind)
    // Only text with a comma can be English grouping: the common cells skip the second reading.
    intended = typed.includes(',') ? englishGroupedValue(typed) : undefined
    const parsed = parseVietnameseNumber(typed)
    if (!parsed.ok) {
      return notANumber(rowPlan, text, intended, findings, failed)
    }
    value = parsed.value
  } else {
    return notANumber(rowPlan, describe(input), undefined, findings, failed)
  }
  if (intended === value) {
    intended = undefined
  }
  const failure = cellRule(kind, value, rowPlan.ceiling)
  if (failure !== undefined) {
    const [prefix, code] = failure
    const rule = `${prefix}:${rowPlan.code}`
    const at = rowPlan.index
    switch (code) {
      case 'out_of_range':
        findings.add(at, rule, code, rowPlan.code, [], 'error', { value, min: 0, max: 100 })
        break
      case 'too_large':
        findings.add(at, rule, code, rowPlan.code, [], 'error', {
          // Past 2^53 the parsed number is not the one typed: show the clerk's own digits.
          value: typed === undefined ? shownNumber(value) : clip(typed),
          limit: rowPlan.ceiling,
          limitKind: rowPlan.ceiling >= Number.MAX_SAFE_INTEGER ? 'exact' : 'unit',
        })
        break
      case 'not_whole':
      case 'negative':
        findings.add(
          at,
          rule,
          code,
          rowPlan.code,
          [],
          'error',
          intended === undefined ? { value } : { value, intended },
        )
    }
    failed[rowPlan.index] = 1
  } else if (
    intended !== undefined &&
    text !== undefined &&
    (kind === 'count' || kind === 'amount')
  ) {
    findings.add(
      rowPlan.index,
      `separator:${rowPlan.code}`,
      'ambiguous_separator',
      rowPlan.code,
      [],
      'warning',
      { value: clip(text), parsed: value, intended },
    )
  }
  return value
}

type CellRuleCode = 'negative' | 'too_large' | 'not_whole' | 'out_of_range'

function cellRule(
  kind: RowKind,
  value: number,
  ceiling: number,
): [string, CellRuleCode] | undefined {
  switch (kind) {
    case 'count':
    case 'amount':
      if (value < 0) {
        return ['negative', 'negative']
      }
      if (value > ceiling) {
        return ['large', 'too_large']
      }
      return Number.isInteger(value) ? undefined : ['whole', 'not_whole']
    case 'percent':
      return value < 0 || value > 100 ? ['range', 'out_of_range'] : undefined
    case 'average':
      if (value < 0) {
        return ['negative', 'negative']
      }
      return value > ceiling ? ['large', 'too_large'] : undefined
    case 'text':
      return undefined
  }
}

/** A number from a payload as a message shows it: digits up to 10^21, exponent notation past. */
function shownNumber(value: number): number | string {
  return Math.abs(value) < 1e21 ? value : String(value)
}

function readText(
  rowPlan: RowPlan,
  input: unknown,
  findings: FindingList,
  failed: Uint8Array,
): Value {
  let text: string
  if (typeof input === 'string') {
    text = input.trim().normalize('NFC')
  } else if (typeof input === 'number' || typeof input === 'boolean' || typeof input === 'bigint') {
    text = String(input)
  } else {
    return null
  }
  if (text === '') {
    return null
  }
  if (text.length > rowPlan.maxLength) {
    findings.add(rowPlan.index, `length:${rowPlan.code}`, 'too_long', rowPlan.code, [], 'error', {
      length: text.length,
      maxLength: rowPlan.maxLength,
    })
    failed[rowPlan.index] = 1
  }
  return text
}

function notANumber(
  rowPlan: RowPlan,
  shown: string,
  intended: number | undefined,
  findings: FindingList,
  failed: Uint8Array,
): null {
  const params: FindingParams<'not_a_number'> = { value: clip(shown) }
  if (intended !== undefined) {
    params.intended = intended
  } else if (/\d/.test(shown) && /^-?[\d.,\s]+$/.test(shown)) {
    params.hint = 'separators'
  }
  findings.add(
    rowPlan.index,
    `number:${rowPlan.code}`,
    'not_a_number',
    rowPlan.code,
    [],
    'error',
    params,
  )
  failed[rowPlan.index] = 1
  return null
}

const PERCENT_SIGN = /\s*%$/
const DONG_SIGN = /\s*(?:đồng|đ|vnđ|vnd)$/i

/** Strips the unit sign the row's kind allows; only text ending in a non-digit can carry one. */
function withoutUnit(text: string, kind: RowKind): string {
  const last = text.charCodeAt(text.length - 1)
  if (last >= 48 && last <= 57) {
    return text
  }
  if (kind === 'percent') {
    return text.replace(PERCENT_SIGN, '')
  }
  if (kind === 'amount') {
    return text.normalize('NFC').replace(DONG_SIGN, '')
  }
  return text
}

function checkTypedDerived(
  rowPlan: RowPlan,
  typed: unknown,
  computed: Value,
  findings: FindingList,
): void {
  if (typed === undefined || (rowPlan.role === 'derived' && matchesComputed(typed, computed))) {
    return
  }
  const code = rowPlan.role === 'derived' ? 'derived_row_typed' : 'heading_typed'
  findings.add(rowPlan.index, `derived:${rowPlan.code}`, code, rowPlan.code, [], 'warning', {
    value: clip(describe(typed)),
  })
}

/** A sheet formula's result: the percentage itself, or the fraction Excel keeps under a % format. */
function matchesComputed(typed: unknown, computed: Value): boolean {
  if (typeof computed !== 'number') {
    return false
  }
  let value: number | undefined
  if (typeof typed === 'number') {
    value = typed
  } else if (typeof typed === 'string') {
    const parsed = parseVietnameseNumber(withoutUnit(typed.trim(), 'percent'))
    value = parsed.ok ? parsed.value : undefined
  }
  if (value === undefined || !Number.isFinite(value)) {
    return false
  }
  return (
    Math.abs(value - computed) <= 0.005 + 1e-9 || Math.abs(value * 100 - computed) <= 0.005 + 1e-9
  )
}

function checkWeight(
  rows: RowPlan[],
  rowPlan: RowPlan,
  value: number,
  weightValue: Value | undefined,
  findings: FindingList,
): void {
  const weight = rows[rowPlan.weight]
  if (
    weight === undefined ||
    (typeof weightValue === 'number' && weightValue !== 0) ||
    // An empty required weight row has its own finding: one missing value, one finding.
    (weight.row.required && weightValue === null)
  ) {
    return
  }
  const params: FindingParams<'missing_weight'> =
    weightValue === 0 ? { value, weightValue } : { value }
  findings.add(
    rowPlan.index,
    `weight:${rowPlan.code}`,
    'missing_weight',
    rowPlan.code,
    [weight.code],
    'error',
    params,
  )
}

function checkChange(rowPlan: RowPlan, value: number, previous: unknown, findings: FindingList) {
  if (typeof previous !== 'number' || !Number.isFinite(previous)) {
    return
  }
  const change = Math.abs(value - previous)
  if (change < rowPlan.changeFloor) {
    return
  }
  const percent = previous === 0 ? Number.POSITIVE_INFINITY : (change / Math.abs(previous)) * 100
  if (percent <= rowPlan.changeThreshold) {
    return
  }
  const params: FindingParams<'period_change'> = {
    value,
    previous,
    threshold: rowPlan.changeThreshold,
    direction: value > previous ? 'up' : 'down',
  }
  if (previous !== 0) {
    params.changePercent = Math.round(percent * 10) / 10
  }
  findings.add(
    rowPlan.index,
    `change:${rowPlan.code}`,
    'period_change',
    rowPlan.code,
    [],
    'warning',
    params,
  )
}

function checkRule(
  plan: Plan,
  rulePlan: RulePlan,
  numbers: Value[],
  cellFailed: Uint8Array,
  findings: FindingList,
): void {
  const left = sumOf(rulePlan.left, numbers, cellFailed)
  const right = sumOf(rulePlan.right, numbers, cellFailed)
  if (left === undefined || right === undefined || holds(left, rulePlan.rule.operator, right)) {
    return
  }
  const order = plan.index.get(rulePlan.row) ?? 0
  findings.add(
    order,
    `rule:${rulePlan.rule.id}`,
    'cross_row',
    rulePlan.row,
    rulePlan.related,
    rulePlan.rule.severity,
    { leftValue: left, rightValue: right },
  )
}

function sumOf(indices: number[], numbers: Value[], cellFailed: Uint8Array): number | undefined {
  let sum = 0
  for (const i of indices) {
    const value = numbers[i]
    if (typeof value !== 'number' || cellFailed[i]) {
      return undefined
    }
    sum += value
  }
  return sum
}

function holds(left: number, operator: Comparison, right: number): boolean {
  const tolerance = 1e-9 * Math.max(1, Math.abs(left), Math.abs(right))
  switch (operator) {
    case '<=':
      return left <= right + tolerance
    case '<':
      return left < right - tolerance
    case '>=':
      return left >= right - tolerance
    case '>':
      return left > right + tolerance
    case '==':
      return Math.abs(left - right) <= tolerance
    case '!=':
      return Math.abs(left - right) > tolerance
  }
}

/** The row's percentage, rounded as the rollup rounds it; null when either side is not a number. */
function ratioOf(numerator: Value | undefined, denominator: Value | undefined): number | null {
  if (typeof numerator !== 'number' || typeof denominator !== 'number') {
    return null
  }
  const ratio = ratioPercent(numerator, denominator)
  return ratio !== null && Number.isFinite(ratio) ? ratio : null
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/

function asNumber(value: Value | undefined): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null
  }
  return typeof value === 'string' && DECIMAL.test(value) ? Number(value) : null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function isPresent(input: unknown): boolean {
  return (
    input !== null && input !== undefined && !(typeof input === 'string' && input.trim() === '')
  )
}

/** How a non-text input is shown in a message, safely for any value. */
function describe(input: unknown): string {
  switch (typeof input) {
    case 'string':
      return input.trim()
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(input)
    default:
      return `(${typeof input})`
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}
