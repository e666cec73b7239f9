/**
 * @module The rollup as CSV (Accept: text/csv): comma-separated, numbers in plain notation with a
 * dot for decimals (machine-readable; the .xlsx export is the one for people), UTF-8 with a BOM so
 * that Excel reads the Vietnamese names right, CRLF line ends (RFC 4180).
 */
import type { FormDefinition, Value } from '../../shared/form-definition.ts'
import type { Rollup } from '../../shared/rollup.ts'
import { csvField } from '../../shared/cell-text.ts'
import { tableHeaders, tableLines } from './rollup-table.ts'

function field(value: Value): string {
  if (value === null) {
    return ''
  }
  if (typeof value === 'number') {
    return String(value)
  }
  return csvField(value)
}

export function rollupCsv(form: FormDefinition, rollup: Rollup): string {
  const header = tableHeaders(form).map(field)
  const lines = tableLines(form, rollup).map((line) => line.map(field).join(','))
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`
}
