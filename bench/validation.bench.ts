/**
 * @module Benchmark of the validation engine: 20,000 filled B01 forms, their cells a mix of numbers
 * and Vietnamese number text as a sheet gives them, each checked against a previous period.
 */
import { cpus } from 'node:os'
import { performance } from 'node:perf_hooks'
import { defaultCatalog } from '../shared/form-catalog.ts'
import type { FormDefinition, FormRow, RawValues, Values } from '../shared/form-definition.ts'
import { formatVietnameseNumber } from '../shared/numbers.ts'
import { checkSubmission, hasErrors } from '../shared/validation.ts'
import { prng } from '../worker/prng.ts'

const FORMS = 20_000
const PASSES = 3

const form = defaultCatalog().get('B01')
if (form === undefined) {
  throw new Error('The catalog has no B01')
}

interface Filled {
  raw: RawValues
  previous: Values
}

/** For each row, the rows it must stay within (its parent, the right side of `row <= x` rules). */
function capsOf(form: FormDefinition): Map<string, string[]> {
  const caps = new Map<string, string[]>()
  for (const row of form.rows) {
    caps.set(row.code, row.parent === undefined ? [] : [row.parent])
  }
  for (const rule of form.rules) {
    const [left] = rule.left
    if (left !== undefined && rule.left.length === 1 && rule.operator === '<=') {
      caps.get(left)?.push(...rule.right)
    }
  }
  return caps
}

/**
 * One CĐCS's sheet: children within their parents and rules, about a fifth of the rows left empty,
 * two cells in five typed as text, a typo in one form of fifty, and a previous period mostly within
 * ±15% with an occasional halving.
 */
function filledForm(
  form: FormDefinition,
  caps: Map<string, string[]>,
  random: () => number,
): Filled {
  const workers = Math.floor(20 + random() ** 3 * 5000)
  const numbers = new Map<string, number>([['workers.total', workers]])
  const raw: RawValues = {}
  const previous: Values = {}
  for (const row of form.rows) {
    if (row.heading || row.aggregate.type === 'ratio') {
      continue
    }
    if (!row.required && random() < 0.2) {
      raw[row.code] = random() < 0.5 ? '' : null
      continue
    }
    if (row.kind === 'text') {
      raw[row.code] = random() < 0.5 ? 'Nguyễn Thị Hồng' : 'Đề nghị cấp trên hỗ trợ kinh phí.'
      continue
    }
    const cap = Math.min(workers, ...(caps.get(row.code) ?? []).map((c) => numbers.get(c) ?? 0))
    const value = row.code === 'workers.total' ? workers : valueFor(row, cap, random)
    numbers.set(row.code, value)
    raw[row.code] = random() < 0.4 ? formatVietnameseNumber(value) : value
    const drift = random() < 0.03 ? 0.5 : 0.85 + random() * 0.3
    previous[row.code] = row.kind === 'average' ? value * drift : Math.round(value * drift)
  }
  if (random() < 0.02) {
    raw['members.total'] = random() < 0.5 ? 'nhiều' : '1.5'
  }
  return { raw, previous }
}

function valueFor(row: FormRow, cap: number, random: () => number): number {
  switch (row.kind) {
    case 'percent':
      return Math.round(random() * 10000) / 100
    case 'amount':
      return Math.round((random() * 2e9) / 1000) * 1000
    case 'average':
      return Math.round(4_000_000 + random() * 8_000_000)
    default:
      return Math.floor(random() * (cap + 1))
  }
}

const random = prng(2026)
const caps = capsOf(form)
const filled = Array.from({ length: FORMS }, () => filledForm(form, caps, random))

let withErrors = 0
let findings = 0
for (const { raw, previous } of filled) {
  const result = checkSubmission(form, raw, previous)
  findings += result.findings.length
  withErrors += hasErrors(result.findings) ? 1 : 0
}

const rates: number[] = []
for (let pass = 0; pass < PASSES; pass++) {
  const start = performance.now()
  for (const { raw, previous } of filled) {
    checkSubmission(form, raw, previous)
  }
  rates.push(FORMS / ((performance.now() - start) / 1000))
}
rates.sort((a, b) => a - b)
const median = rates[Math.floor(rates.length / 2)] ?? 0

console.log(
  `validation forms: ${FORMS} B01 forms of ${form.rows.length} rows, ${(findings / FORMS).toFixed(2)} findings per form, ${withErrors} with errors`,
)
console.log(`validation: ${Math.round(median)} forms/s (one core)`)
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`,
)
