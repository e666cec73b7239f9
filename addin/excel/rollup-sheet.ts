/**
 * @module Writes a pulled rollup into a new sheet: one sync to learn the sheet names in use, one
 * to write the whole block (values, number formats, bold rows, widths) whatever its size.
 */
import type { RollupResponse } from '../../shared/api-schemas.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { columnLetter } from '../../shared/sheet-layout.ts'
import { blockRange, rollupSheet } from '../rollup-layout.ts'
import { runExcel } from './run.ts'

const POINTS_PER_CHAR = 7

export async function pullRollupSheet(
  form: FormDefinition,
  rollup: RollupResponse,
  unitName: string,
  pulledAt: Date = new Date(),
): Promise<{ sheet: string }> {
  return runExcel(async (context) => {
    const sheets = context.workbook.worksheets
    sheets.load('items/name')
    await context.sync()
    const layout = rollupSheet(form, rollup, {
      unitName,
      pulledAt,
      taken: sheets.items.map((sheet) => sheet.name),
    })
    const width = layout.values[0]?.length ?? 1
    const sheet = sheets.add(layout.sheetName)
    const block = sheet.getRange(blockRange(layout.values.length, width))
    block.numberFormat = layout.numberFormats
    block.values = layout.values
    sheet.getRange('A1').format.font.size = 14
    const last = columnLetter(width - 1)
    for (const row of layout.boldRows) {
      sheet.getRange(`A${row}:${last}${row}`).format.font.bold = true
    }
    for (const row of layout.headerRows) {
      const header = sheet.getRange(`A${row}:${last}${row}`)
      header.format.fill.color = '#DDEBF7'
      header.format.wrapText = true
    }
    layout.widths.slice(0, width).forEach((chars, i) => {
      const letter = columnLetter(i)
      sheet.getRange(`${letter}:${letter}`).format.columnWidth = chars * POINTS_PER_CHAR
    })
    sheet.freezePanes.freezeRows(layout.headerRows[0] ?? 0)
    sheet.activate()
    await context.sync()
    return { sheet: layout.sheetName }
  })
}
