/**
 * @module The Office.js side of drill-down: reads which cell is selected (its sheet's name and
 * values, its row) in two syncs, and writes a laid-out breakdown into a new sheet in one.
 */
import type { SheetBlock } from '../../shared/rollup-sheets.ts'
import { sheetNameOf } from '../sheet-names.ts'
import { NAME_PARTS, queueBlock } from './rollup-sheet.ts'
import { runExcel } from './run.ts'

/** The selected cell's sheet name and row (0-based), and that sheet's cells from A1. */
export async function readSelection(): Promise<{
  sheet: string
  rowIndex: number
  values: unknown[][]
}> {
  return runExcel(async (context) => {
    const selected = context.workbook.getSelectedRange()
    selected.load('rowIndex')
    selected.worksheet.load('name')
    await context.sync()
    const sheet = selected.worksheet.name
    const used = context.workbook.worksheets.getItem(sheet).getUsedRangeOrNullObject()
    used.load('values')
    await context.sync()
    return { sheet, rowIndex: selected.rowIndex, values: used.isNullObject ? [] : used.values }
  })
}

/** Adds a laid-out block as a new sheet, active unless told otherwise ("Truy nguyên BK 2026-Y"); returns its name. */
export async function addBlockSheet(
  block: SheetBlock,
  unit: string,
  period: string,
  activate = true,
): Promise<string> {
  return runExcel(async (context) => {
    const sheets = context.workbook.worksheets
    sheets.load('items/name')
    await context.sync()
    const name = sheetNameOf(
      [NAME_PARTS[block.kind], unit, period],
      sheets.items.map((s) => s.name),
    )
    const sheet = sheets.add(name)
    queueBlock(sheet, block)
    if (activate) {
      sheet.activate()
    }
    await context.sync()
    return name
  })
}
