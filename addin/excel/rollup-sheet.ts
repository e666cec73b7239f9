/**
 * @module Writes a pulled rollup into new sheets, laid out as the worker's .xlsx export lays it
 * out (`shared/rollup-sheets.ts`): one sync to learn the sheet names in use, one to write every
 * sheet (values, formats, styles, widths, print setup) whatever its size.
 */
import type { FormDefinition } from '../../shared/form-definition.ts'
import type {
  MissingUnit,
  RollupForSheets,
  RollupSheetsOptions,
  SheetBlock,
} from '../../shared/rollup-sheets.ts'
import { rollupSheets } from '../../shared/rollup-sheets.ts'
import { columnLetter } from '../../shared/sheet-layout.ts'
import { columnPoints } from '../../shared/print-layout.ts'
import { asCellText } from '../../shared/cell-text.ts'
import { blockRange, sheetNameOf } from '../sheet-names.ts'
import { queuePrintSetup } from './print-setup.ts'
import { runExcel } from './run.ts'

export const NAME_PARTS: Record<SheetBlock['kind'], string> = {
  'Tổng hợp': 'TH',
  'Đơn vị': 'TH đơn vị',
  'Chưa nộp': 'Chưa nộp',
  'Chỉ tiêu': 'Chỉ tiêu',
  'Truy nguyên': 'Truy nguyên',
  'Qua các kỳ': 'Qua các kỳ',
}

/** Queues a laid-out block onto a sheet: values, formats, styles, widths, print setup. */
export function queueBlock(sheet: Excel.Worksheet, block: SheetBlock): void {
  const width = block.values[0]?.length ?? 1
  const last = columnLetter(width - 1)
  const range = sheet.getRange(blockRange(block.values.length, width))
  range.numberFormat = block.numberFormats
  range.values = block.values.map((line) =>
    line.map((value) => (typeof value === 'string' ? asCellText(value) : value)),
  )
  range.format.font.name = block.font.name
  range.format.font.size = block.font.size
  range.format.verticalAlignment = 'Center'
  for (const merge of block.merges) {
    sheet.getRange(merge).merge()
    sheet.getRange(merge).format.wrapText = true
  }
  sheet.getRange('A1').format.font.size = block.font.size + 2
  for (const row of block.boldRows) {
    sheet.getRange(`A${row}:${last}${row}`).format.font.bold = true
  }
  for (const row of block.headerRows) {
    const header = sheet.getRange(`A${row}:${last}${row}`)
    header.format.fill.color = '#DDEBF7'
    header.format.wrapText = true
    header.format.horizontalAlignment = 'Center'
  }
  if (block.tableRows) {
    const [first, end] = block.tableRows
    const table = sheet.getRange(`A${first - 1}:${last}${end}`)
    for (const edge of [
      'EdgeTop',
      'EdgeBottom',
      'EdgeLeft',
      'EdgeRight',
      'InsideHorizontal',
      'InsideVertical',
    ] as const) {
      table.format.borders.getItem(edge).style = 'Continuous'
    }
    for (const column of block.wrapColumns) {
      const letter = columnLetter(column)
      sheet.getRange(`${letter}${first}:${letter}${end}`).format.wrapText = true
    }
  }
  block.widths.slice(0, width).forEach((chars, i) => {
    const letter = columnLetter(i)
    sheet.getRange(`${letter}:${letter}`).format.columnWidth = columnPoints(chars)
  })
  for (const column of block.hiddenColumns) {
    const letter = columnLetter(column)
    sheet.getRange(`${letter}:${letter}`).columnHidden = true
  }
  for (const [row, points] of Object.entries(block.rowHeights)) {
    sheet.getRange(`A${row}`).format.rowHeight = points
  }
  if (block.freeze.columns > 0) {
    sheet.freezePanes.freezeAt(
      sheet.getRange(`A1:${columnLetter(block.freeze.columns - 1)}${block.freeze.rows}`),
    )
  } else {
    sheet.freezePanes.freezeRows(block.freeze.rows)
  }
  queuePrintSetup(sheet, block.print)
}

/** Pulls a rollup into three new sheets; returns the name of the totals sheet, now active. */
export async function pullRollupSheet(
  form: FormDefinition,
  rollup: RollupForSheets,
  options: {
    missing: readonly MissingUnit[]
    cutoff?: string
    at?: Date
    comparison?: RollupSheetsOptions['comparison']
    targets?: RollupSheetsOptions['targets']
  },
): Promise<{
  sheet: string
  sheets: string[]
  blocks: SheetBlock[]
  byKind: Map<SheetBlock['kind'], string>
}> {
  return runExcel(async (context) => {
    const sheets = context.workbook.worksheets
    sheets.load('items/name')
    await context.sync()
    const taken = sheets.items.map((sheet) => sheet.name)
    const blocks = rollupSheets(form, rollup, {
      at: options.at ?? new Date(),
      missing: options.missing,
      ...(options.cutoff ? { cutoff: options.cutoff } : {}),
      comparison: options.comparison ?? null,
      targets: options.targets ?? null,
    })
    const names: string[] = []
    const byKind = new Map<SheetBlock['kind'], string>()
    let first: Excel.Worksheet | undefined
    for (const block of blocks) {
      const name = sheetNameOf([NAME_PARTS[block.kind], rollup.unit, rollup.period], taken)
      taken.push(name)
      names.push(name)
      byKind.set(block.kind, name)
      const sheet = sheets.add(name)
      first ??= sheet
      queueBlock(sheet, block)
    }
    first?.activate()
    await context.sync()
    return { sheet: names[0] ?? '', sheets: names, blocks, byKind }
  })
}
