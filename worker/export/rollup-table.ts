/**
 * @module The rollup as a table for the CSV export: one line for the unit's totals, one per child
 * unit; coverage columns, then one column per figure row of the form. (The .xlsx export is laid
 * out by shared/rollup-sheets.ts, for people.)
 */
import type { FormDefinition, FormRow, Value } from '../../shared/form-definition.ts'
import type { Coverage, Rollup } from '../../shared/rollup.ts'

const COVERAGE_HEADERS = [
  'Phải báo cáo',
  'Đã nộp',
  'Đã duyệt',
  'Bị trả lại',
  'Nộp muộn',
  'Chưa nộp',
] as const

function valueRows(form: FormDefinition): FormRow[] {
  return form.rows.filter((row) => !row.heading && row.kind !== 'text')
}

/** The header of each column. */
export function tableHeaders(form: FormDefinition): string[] {
  return [
    'Mã đơn vị',
    'Tên đơn vị',
    ...COVERAGE_HEADERS,
    ...valueRows(form).map((row) => `${row.tt} ${row.label} (${row.unit})`),
  ]
}

function coverageCells(coverage: Coverage): number[] {
  return [
    coverage.expected,
    coverage.submitted,
    coverage.accepted,
    coverage.returned,
    coverage.late,
    coverage.missing.length,
  ]
}

/** The lines of the table: totals first (named "Tổng cộng: …"), then each child unit. */
export function tableLines(form: FormDefinition, rollup: Rollup): Value[][] {
  const rows = valueRows(form)
  const line = (unit: string, name: string, coverage: Coverage, values: Record<string, Value>) => [
    unit,
    name,
    ...coverageCells(coverage),
    ...rows.map((row) => values[row.code] ?? null),
  ]
  return [
    line(rollup.unit, `Tổng cộng: ${rollup.name}`, rollup.coverage, rollup.values),
    ...rollup.children.map((child) => line(child.unit, child.name, child.coverage, child.values)),
  ]
}
