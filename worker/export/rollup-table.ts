/**
 * @module The rollup as a table, the one layout both file exports write: one line for the unit's
 * totals, one per child unit; coverage columns, then one column per non-heading row of the form.
 */
import type { FormDefinition, FormRow, Value } from '../../shared/form-definition.ts'
import type { Coverage, Rollup } from '../../shared/rollup.ts'

export interface TableColumn {
  header: string
  /** Excel number format of the column. */
  numFmt: string
  kind: 'text' | 'number'
}

export const COVERAGE_HEADERS = [
  'Phải báo cáo',
  'Đã nộp',
  'Đã duyệt',
  'Bị trả lại',
  'Nộp muộn',
  'Chưa nộp',
] as const

function numberFormat(row: FormRow): string {
  return row.kind === 'percent' ? '0.00' : '#,##0'
}

export function valueRows(form: FormDefinition): FormRow[] {
  return form.rows.filter((row) => !row.heading && row.kind !== 'text')
}

export function tableColumns(form: FormDefinition): TableColumn[] {
  return [
    { header: 'Mã đơn vị', numFmt: '@', kind: 'text' },
    { header: 'Tên đơn vị', numFmt: '@', kind: 'text' },
    ...COVERAGE_HEADERS.map((header) => ({ header, numFmt: '#,##0', kind: 'number' as const })),
    ...valueRows(form).map((row) => ({
      header: `${row.tt} ${row.label} (${row.unit})`,
      numFmt: numberFormat(row),
      kind: 'number' as const,
    })),
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
