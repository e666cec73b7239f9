/**
 * @module The desk's tables in the workbook ("Tình hình nộp báo cáo", the chasing list): written
 * in at most three syncs whatever their size; a refresh rewrites the rows of the existing table
 * and reapplies its filters, so the clerk's own filters and sorts stay. Selecting a row tells the
 * pane which unit (worksheet.onSelectionChanged, ExcelApi 1.7, the manifest's minimum).
 */
import { columnLetter } from '../../shared/sheet-layout.ts'
import type { TableCell } from '../status-table.ts'
import { isExcelApiSupportedSafe } from './host.ts'
import { runExcel } from './run.ts'

export interface TableSpec {
  sheet: string
  table: string
  header: readonly string[]
  rows: readonly TableCell[][]
  /** Column widths in characters. */
  widths: readonly number[]
}

const POINTS_PER_CHAR = 7

/**
 * Writes a table: creates the sheet and the table the first time; later, resizes the table to the
 * new rows (ExcelApi 1.13) and reapplies its filters, so the clerk's filters stay. On an older
 * Excel the table is made again (its filters are lost). Three syncs at most.
 */
export async function writeTable(spec: TableSpec): Promise<{ sheet: string; syncs: number }> {
  return runExcel(async (context) => {
    let syncs = 0
    const sync = async () => {
      syncs++
      await context.sync()
    }
    const tables = context.workbook.tables.load('items/name')
    const sheets = context.workbook.worksheets.load('items/name')
    await sync()
    const width = spec.header.length
    const last = columnLetter(width - 1)
    const rowCount = Math.max(1, spec.rows.length)
    const body: TableCell[][] =
      spec.rows.length > 0 ? spec.rows.map((row) => [...row]) : [Array<TableCell>(width).fill('')]
    const existing = tables.items.find((table) => table.name === spec.table)
    const sheetExists = sheets.items.some((sheet) => sheet.name === spec.sheet)
    const sheet = sheetExists
      ? context.workbook.worksheets.getItem(spec.sheet)
      : context.workbook.worksheets.add(spec.sheet)
    const fullRange = `A1:${last}${rowCount + 1}`
    if (existing && isExcelApiSupportedSafe('1.13')) {
      const old = existing.getRange().load('rowCount')
      await sync()
      if (old.rowCount > rowCount + 1) {
        sheet.getRange(`A${rowCount + 2}:${last}${old.rowCount}`).clear()
      }
      existing.resize(fullRange)
      sheet.getRange(`A2:${last}${rowCount + 1}`).values = body
      existing.reapplyFilters()
    } else {
      if (existing) {
        existing.delete()
      }
      sheet.getRange(`A:${last}`).clear()
      const block = sheet.getRange(fullRange)
      block.numberFormat = [
        spec.header.map(() => '@'),
        ...body.map((row) => row.map((cell) => (typeof cell === 'number' ? 'General' : '@'))),
      ]
      block.values = [[...spec.header], ...body]
      const table = context.workbook.tables.add(`'${spec.sheet}'!${fullRange}`, true)
      table.name = spec.table
      spec.widths.forEach((chars, i) => {
        sheet.getRange(`${columnLetter(i)}:${columnLetter(i)}`).format.columnWidth =
          chars * POINTS_PER_CHAR
      })
      sheet.freezePanes.freezeRows(1)
    }
    sheet.activate()
    await sync()
    return { sheet: spec.sheet, syncs }
  })
}

/** The address of the current selection, with its sheet (`'Sheet'!A5:B9`). */
export async function selectedAddress(): Promise<string> {
  return runExcel(async (context) => {
    const range = context.workbook.getSelectedRange().load('address')
    await context.sync()
    return range.address
  })
}

/** The first column's texts of some 1-based rows of a sheet: the unit codes of selected rows. */
export async function codesAtRows(sheetName: string, rows: readonly number[]): Promise<string[]> {
  if (rows.length === 0) {
    return []
  }
  const from = Math.min(...rows)
  const to = Math.max(...rows)
  return runExcel(async (context) => {
    const range = context.workbook.worksheets
      .getItem(sheetName)
      .getRange(`A${from}:A${to}`)
      .load('values')
    await context.sync()
    const wanted = new Set(rows)
    return range.values.flatMap((line, i) =>
      wanted.has(from + i) && from + i > 1 ? [String(line[0] ?? '').replace(/^'/, '')] : [],
    )
  })
}

/** Calls `onSelect` with the selection's address whenever the clerk selects cells on the sheet. */
export async function watchSelection(
  sheetName: string,
  onSelect: (address: string) => void,
): Promise<void> {
  await runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName)
    sheet.onSelectionChanged.add(async (event) => {
      onSelect(`'${sheetName}'!${event.address}`)
    })
    await context.sync()
  })
}
