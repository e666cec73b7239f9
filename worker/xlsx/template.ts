/**
 * @module The blank template workbook of a form (GET …/template.xlsx), drawn with ExcelJS from the
 * shared sheet layout, so that it is the same sheet the add-in's "Chèn biểu mẫu" inserts and
 * prints the same pages: names not given are dotted lines for the clerk to write on. Filled with a
 * submitted report's figures and notes, it is that report's printed form (GET …/print.xlsx).
 */
import ExcelJS from 'exceljs'
import type { FormDefinition, Values } from '../../shared/form-definition.ts'
import { neutralizeFormula } from '../../shared/cell-text.ts'
import { lineHeight, wrappedLines } from '../../shared/print-layout.ts'
import { formSheetLayout, layoutGrid } from '../../shared/sheet-layout.ts'
import type { CellValidation, LayoutRow, SheetLayoutOptions } from '../../shared/sheet-layout.ts'
import { applyPrintSetup } from './print.ts'

/** A submitted report's figures and notes, by row code, written into the form (bản in). */
export interface FilledReport {
  values: Values
  notes: Record<string, string>
}

/** The template of `form` as .xlsx bytes; with `filled`, the submitted report to print. */
export async function templateWorkbook(
  form: FormDefinition,
  options: SheetLayoutOptions = {},
  filled?: FilledReport,
): Promise<Uint8Array> {
  const layout = formSheetLayout(form, options)
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Báo cáo Công đoàn'
  workbook.title = form.title
  const sheet = workbook.addWorksheet(layout.sheetName, {
    views: [{ state: 'frozen', ySplit: layout.headerRow }],
  })
  applyPrintSetup(sheet, layout.print)
  const font = { name: layout.font.name, size: layout.font.size }
  sheet.columns = layout.columns.map((column) => ({
    key: column.key,
    width: column.width,
    hidden: column.hidden,
    style: { font },
  }))
  const grid = layoutGrid(layout)
  const formulas = new Map(
    layout.rows.filter((row) => row.formula !== null).map((row) => [row.valueCell, row.formula]),
  )
  grid.forEach((line, r) => {
    line.forEach((cell, col) => {
      const target = sheet.getCell(r + 1, col + 1)
      target.font = font
      if (cell === '') {
        return
      }
      const formula = formulas.get(target.address)
      target.value = formula ? { formula: formula.replace(/^=/, '') } : cell
    })
  })
  if (filled) {
    const noteWidth = layout.columns.find((column) => column.key === 'note')?.width ?? 20
    for (const row of layout.rows) {
      const value = filled.values[row.code]
      if (value !== undefined && value !== null) {
        // A derived row keeps its formula, with the stored figure as the value shown before any
        // recalculation; an amount past 2^53 stays the exact decimal text it is stored as.
        sheet.getCell(row.valueCell).value = row.formula
          ? { formula: row.formula.replace(/^=/, ''), result: value }
          : value
      }
      const note = filled.notes[row.code]
      if (note) {
        sheet.getCell(row.noteCell).value = neutralizeFormula(note)
        // A note taller than its row grows the row, so that it prints whole.
        const lines = wrappedLines(note, noteWidth, layout.font.size)
        const height = lines * lineHeight(layout.font.size) + 2
        const printed = sheet.getRow(row.rowNumber)
        printed.height = Math.max(printed.height ?? 0, height)
      }
    }
  }
  for (const [row, points] of Object.entries(layout.rowHeights)) {
    sheet.getRow(Number(row)).height = points
  }
  for (const merge of layout.merges) {
    sheet.mergeCells(merge)
  }
  for (const n of layout.boldRows) {
    for (const column of layout.columns.filter((c) => !c.hidden)) {
      sheet.getCell(`${column.letter}${n}`).font = { ...font, bold: true }
    }
  }
  for (const cell of layout.cells) {
    const target = sheet.getCell(cell.address)
    target.font = {
      ...font,
      ...(cell.bold ? { bold: true } : {}),
      ...(cell.italic ? { italic: true } : {}),
      ...(cell.underline ? { underline: true } : {}),
      ...(cell.size ? { size: cell.size } : {}),
    }
    if (cell.align || cell.wrap) {
      target.alignment = {
        ...(cell.align ? { horizontal: cell.align } : {}),
        vertical: 'middle',
        ...(cell.wrap ? { wrapText: true } : {}),
      }
    }
  }
  const thin = { style: 'thin' as const }
  const border = { top: thin, left: thin, bottom: thin, right: thin }
  for (const column of layout.columns.filter((c) => !c.hidden)) {
    sheet.getCell(`${column.letter}${layout.headerRow}`).border = border
    sheet.getCell(`${column.letter}${layout.headerRow}`).fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: 'FFD9E1F2' },
    }
  }
  for (const row of layout.rows) {
    for (const column of layout.columns.filter((c) => !c.hidden)) {
      const target = sheet.getCell(`${column.letter}${row.rowNumber}`)
      target.border = border
      target.alignment = {
        vertical: 'middle',
        wrapText: column.key === 'label' || column.key === 'note' || column.key === 'unit',
        ...(column.key === 'tt' || column.key === 'unit' ? { horizontal: 'center' } : {}),
      }
    }
    const value = sheet.getCell(row.valueCell)
    value.numFmt = row.numberFormat
    if (row.enterable) {
      value.protection = { locked: false }
      sheet.getCell(row.noteCell).protection = { locked: false }
      if (!filled) {
        // The cells to type in, tinted on the blank form only: a submitted report prints plain.
        value.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFFE0' } }
      }
    }
  }
  // One rule per run of rows, written as a range: ExcelJS merges per-cell rules by sorting
  // addresses as text ("D10" before "D8") and writes overlapping ranges, which strict readers refuse.
  const rules = (sheet as unknown as { dataValidations: RangeValidations }).dataValidations
  for (const run of validationRuns(layout.rows)) {
    const v = run.validation
    rules.add(`${run.first}:${run.last}`, {
      type: v.type,
      operator: v.operator,
      allowBlank: true,
      formulae: v.max === undefined ? [v.min] : [v.min, v.max],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: v.errorTitle,
      error: v.errorMessage,
    })
  }
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  })
  const buffer = await workbook.xlsx.writeBuffer()
  return new Uint8Array(buffer)
}
/** ExcelJS's range-level validations, present at run time but missing from its type definitions. */
interface RangeValidations {
  add(range: string, validation: ExcelJS.DataValidation): void
}

/** Consecutive rows with the same rule, as their first and last value cells. */
function validationRuns(rows: readonly LayoutRow[]) {
  const runs: {
    first: string
    last: string
    validation: CellValidation
    key: string
    rowNumber: number
  }[] = []
  for (const row of rows) {
    if (!row.validation) {
      continue
    }
    const key = JSON.stringify(row.validation)
    const open = runs.at(-1)
    if (open && open.key === key && open.rowNumber === row.rowNumber - 1) {
      open.last = row.valueCell
      open.rowNumber = row.rowNumber
    } else {
      runs.push({
        first: row.valueCell,
        last: row.valueCell,
        validation: row.validation,
        key,
        rowNumber: row.rowNumber,
      })
    }
  }
  return runs
}
