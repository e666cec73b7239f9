/**
 * @module Reads the rows of a table file the administrator gives (a unit list, targets): the first
 * sheet of an .xlsx workbook, or CSV in UTF-8, UTF-16 or windows-1258 (what Excel on Windows
 * saves) separated by commas or semicolons, each row with its line number.
 */
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { checkInflated } from '../xlsx/zip.ts'
import { decodeText } from './text-encoding.ts'

export interface LineProblem {
  line: number
  message: string
}

export interface TableRow {
  line: number
  cells: unknown[]
}

/** The rows of a table, or the problem that keeps it from being read (line 0: the whole file). */
export async function parseTable(
  bytes: Uint8Array,
  kind: 'csv' | 'xlsx',
  what: string,
): Promise<TableRow[] | LineProblem> {
  if (kind === 'xlsx') {
    // ExcelJS unpacks a workbook whole and believes its declared sizes: measure it first.
    const inflated = await checkInflated(bytes)
    if (inflated === 'tooLarge') {
      return {
        line: 0,
        message: `tệp .xlsx quá lớn khi giải nén; một ${what} không lớn như vậy / the .xlsx is too large once unpacked`,
      }
    }
    if (inflated === 'notZip') {
      return { line: 0, message: 'không đọc được tệp .xlsx / not a readable .xlsx file' }
    }
    const workbook = new ExcelJS.Workbook()
    try {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
    } catch {
      return { line: 0, message: 'không đọc được tệp .xlsx / not a readable .xlsx file' }
    }
    const sheet = workbook.worksheets[0]
    const rows: TableRow[] = []
    sheet?.eachRow({ includeEmpty: false }, (row, line) => {
      const cells: unknown[] = []
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        cells[column - 1] = cell.value
      })
      rows.push({ line, cells })
    })
    return rows
  }
  const decoded = decodeText(bytes)
  if (!decoded.ok) {
    return { line: 0, message: decoded.message }
  }
  const content = decoded.text
  const delimiter = (content.split(/\r?\n/, 1)[0] ?? '').includes(';') ? ';' : ','
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(content, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[]
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0
    return { line, message: `CSV hỏng / malformed CSV: ${(error as Error).message}` }
  }
  return records.map(({ record, info }) => ({ line: info.lines, cells: record }))
}
