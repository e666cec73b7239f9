/**
 * @module The "Nhập hộ" sheet in the workbook: insert it pre-filled (two syncs), protected so an
 * accepted report's row cannot be typed over, and check it (one read, the shared validation per
 * unit row, one write of marks), like the form sheet.
 */
import type { Locale } from '../../shared/messages.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { MARKS_HEADER, marksForFindings, planMarks, trackedCells } from '../marks-plan.ts'
import { proxySheet, readProxyGrid, type ProxyEntry, type ProxyUnit } from '../proxy-layout.ts'
import { blockRange, sheetNameOf } from '../sheet-names.ts'
import type { HostFeatures } from './host.ts'
import { dataValidationRule } from './form-sheet.ts'
import { applyMarks, SHEET_PROTECTION } from './marks.ts'
import { runExcel } from './run.ts'
import { queueGrid } from './sheet-io.ts'
import { formSheetLayout } from '../../shared/sheet-layout.ts'

const POINTS_PER_CHAR = 7

export async function insertProxySheet(
  form: FormDefinition,
  units: readonly ProxyUnit[],
  { title, period }: { title: string; period: string },
  features: HostFeatures,
): Promise<{ sheet: string }> {
  return runExcel(async (context) => {
    const sheets = context.workbook.worksheets
    sheets.load('items/name')
    await context.sync()
    const sheetName = sheetNameOf(
      ['Nhập hộ', form.id, period],
      sheets.items.map((sheet) => sheet.name),
    )
    const layout = proxySheet(form, units, { title, sheetName })
    const width = layout.values[0]?.length ?? 1
    const sheet = sheets.add(sheetName)
    const block = sheet.getRange(blockRange(layout.values.length, width))
    block.numberFormat = layout.numberFormats
    block.values = layout.values
    sheet.getRange('A1').format.font.bold = true
    sheet.getRange('A1').format.font.size = 14
    const header = sheet.getRange(`A${layout.headerRow}:${layout.marksColumn}${layout.headerRow}`)
    header.format.font.bold = true
    header.format.wrapText = true
    header.format.fill.color = '#DDEBF7'
    header.format.rowHeight = 90
    sheet.getRange(`${layout.codeRow}:${layout.codeRow}`).rowHidden = true
    sheet.getRange(`${layout.marksColumn}:${layout.marksColumn}`).columnHidden = true
    sheet.getRange('A:A').format.columnWidth = 12 * POINTS_PER_CHAR
    sheet.getRange('B:B').format.columnWidth = 36 * POINTS_PER_CHAR
    sheet.getRange('C:E').format.columnWidth = 22 * POINTS_PER_CHAR
    for (const range of layout.openRanges) {
      sheet.getRange(range).format.protection.locked = false
    }
    if (features.dataValidation && units.length > 0) {
      const rows = new Map(formSheetLayout(form).rows.map((row) => [row.code, row]))
      for (const column of layout.columns) {
        const validation = rows.get(column.row.code)?.validation
        if (validation) {
          const range = sheet.getRange(
            `${column.letter}${layout.firstRow}:${column.letter}${layout.lastRow}`,
          )
          range.dataValidation.rule = dataValidationRule(validation)
          range.dataValidation.errorAlert = {
            showAlert: true,
            style: 'Stop',
            title: validation.errorTitle,
            message: validation.errorMessage,
          }
        }
      }
    }
    sheet.freezePanes.freezeAt(sheet.getRange(`A1:B${layout.codeRow}`))
    sheet.protection.protect(SHEET_PROTECTION)
    sheet.activate()
    await context.sync()
    return { sheet: sheetName }
  })
}

export type ProxyCheck =
  { ok: true; entries: ProxyEntry[]; marked: number } | { ok: false; code: 'NOT_PROXY_SHEET' }

/** Checks every unit row of a "Nhập hộ" sheet and marks its findings: three syncs at most. */
export async function checkProxySheet(
  form: FormDefinition,
  sheetName: string,
  features: HostFeatures,
  locale: Locale,
): Promise<ProxyCheck> {
  return runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName)
    sheet.protection.load('protected')
    const read = queueGrid(sheet, 'values')
    await context.sync()
    const grid = read()
    const reading = readProxyGrid(grid, form)
    if (!reading) {
      return { ok: false, code: 'NOT_PROXY_SHEET' }
    }
    const marks = reading.entries.flatMap((entry) =>
      marksForFindings(entry.findings, (finding) => entry.cells[finding.row], form, locale),
    )
    const headerRow = reading.codeRow - 1
    const marksColumn = (grid[headerRow] ?? []).findIndex((cell) => cell === MARKS_HEADER)
    const plan = planMarks(
      trackedCells(grid, headerRow),
      marks,
      marksColumn >= 0 ? marksColumn : (grid[headerRow]?.length ?? 0),
      headerRow + 2,
      Math.max(grid.length, headerRow + 2),
    )
    await applyMarks(context, sheet, plan, {
      notes: features.notes,
      protectedSheet: sheet.protection.protected,
    })
    return { ok: true, entries: reading.entries, marked: marks.length }
  })
}
