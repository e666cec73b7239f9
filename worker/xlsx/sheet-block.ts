/**
 * @module A laid-out sheet (`SheetBlock` of shared/rollup-sheets.ts) written with ExcelJS, the
 * worker's half of the layout the pane writes with Office.js. Every text is written as a string
 * cell, never a formula, with a formula-like start neutralized.
 */
import type ExcelJS from 'exceljs'
import type { SheetBlock } from '../../shared/rollup-sheets.ts'
import { neutralizeFormula } from '../../shared/cell-text.ts'
import { applyPrintSetup } from './print.ts'

const thin = { style: 'thin' as const }
const BORDER = { top: thin, left: thin, bottom: thin, right: thin }
const HEADER_FILL = {
  type: 'pattern' as const,
  pattern: 'solid' as const,
  fgColor: { argb: 'FFD9E1F2' },
}

export function writeSheetBlock(workbook: ExcelJS.Workbook, name: string, block: SheetBlock): void {
  const sheet = workbook.addWorksheet(name, {
    views: [
      {
        state: 'frozen',
        ySplit: block.freeze.rows,
        ...(block.freeze.columns > 0 ? { xSplit: block.freeze.columns } : {}),
      },
    ],
  })
  applyPrintSetup(sheet, block.print)
  const font = { name: block.font.name, size: block.font.size }
  sheet.columns = block.widths.map((width, i) => ({
    width,
    hidden: block.hiddenColumns.includes(i),
  }))
  const bold = new Set(block.boldRows)
  const headers = new Set(block.headerRows)
  const [tableFirst, tableLast] = block.tableRows ?? [0, -1]
  block.values.forEach((line, r) => {
    const n = r + 1
    const row = sheet.getRow(n)
    const inTable = headers.has(n) || (n >= tableFirst && n <= tableLast)
    line.forEach((value, c) => {
      const target = row.getCell(c + 1)
      if (value !== '') {
        target.value = typeof value === 'string' ? neutralizeFormula(value) : value
      }
      const format = block.numberFormats[r]?.[c]
      if (format && format !== 'General') {
        target.numFmt = format
      }
      target.font = { ...font, ...(bold.has(n) ? { bold: true } : {}) }
      if (inTable && !block.hiddenColumns.includes(c)) {
        target.border = BORDER
        target.alignment = {
          vertical: 'middle',
          wrapText: headers.has(n) || block.wrapColumns.includes(c),
          ...(headers.has(n) ? { horizontal: 'center' } : {}),
        }
      }
      if (headers.has(n)) {
        target.fill = HEADER_FILL
      }
    })
  })
  sheet.getCell('A1').font = { ...font, bold: true, size: block.font.size + 2 }
  for (const merge of block.merges) {
    sheet.mergeCells(merge)
    const first = sheet.getCell(merge.split(':')[0] ?? 'A1')
    first.alignment = { vertical: 'middle', wrapText: true }
  }
  for (const [row, points] of Object.entries(block.rowHeights)) {
    sheet.getRow(Number(row)).height = points
  }
}
