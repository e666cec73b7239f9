/**
 * @module "Truy nguyên ô đang chọn": from a selected figure of a pulled totals sheet, the units
 * behind it (GET …/rollup/breakdown) written into a new sheet, laid out by the shared
 * `breakdownSheet`. The pane hands in its client, its form lookup and its texts.
 */
import type { FormDefinition } from '../shared/form-definition.ts'
import { breakdownSheet } from '../shared/rollup-sheets.ts'
import type { ApiClient, ApiError } from './api/client.ts'
import { drillTarget } from './drill-target.ts'
import { addBlockSheet, readSelection } from './excel/breakdown-sheet.ts'

export type DrillOutcome =
  | { kind: 'done'; sheet: string; count: number; row: string }
  | { kind: 'noFigure' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'noForm' }

export async function drillDownSelection(deps: {
  api: ApiClient
  formFor: (id: string) => Promise<FormDefinition | null>
  unitName: (code: string) => string | undefined
}): Promise<DrillOutcome> {
  const selection = await readSelection()
  const target = drillTarget(selection.sheet, selection.values, selection.rowIndex)
  if (!target) {
    return { kind: 'noFigure' }
  }
  const report = { unit: target.unit, period: target.period, form: target.form }
  const result = await deps.api.breakdown(report, target.row, target.view)
  if (!result.ok) {
    return { kind: 'failed', error: result.error }
  }
  const form = await deps.formFor(target.form)
  if (!form) {
    return { kind: 'noForm' }
  }
  const block = breakdownSheet(form, result.data, {
    unitName: deps.unitName(target.unit) ?? target.unit,
    at: new Date(),
  })
  const sheet = await addBlockSheet(block, target.unit, target.period)
  const label = form.rows.find((row) => row.code === target.row)?.label ?? target.row
  return { kind: 'done', sheet, count: result.data.lines.length, row: label }
}
