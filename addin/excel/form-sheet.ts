/**
 * @module The form sheet in the workbook: insert or refresh it from the shared layout (keeping
 * what was typed), check it (one read, the shared validation, one write of marks), remember in
 * the workbook's custom properties which form, unit and period it holds, and select a cell.
 */
import type { Finding } from '../../shared/finding.ts'
import type { Locale } from '../../shared/messages.ts'
import type { FormDefinition, RawValues, Values } from '../../shared/form-definition.ts'
import {
  columnIndex,
  columnLetter,
  formSheetLayout,
  layoutGrid,
  readFormGrid,
  type CellValidation,
  type SheetLayout,
  type SheetLayoutOptions,
} from '../../shared/sheet-layout.ts'
import { checkSubmission } from '../../shared/validation.ts'
import { MARKS_HEADER, marksForFindings, planMarks, trackedCells } from '../marks-plan.ts'
import { queueDecimalSeparator, type HostFeatures } from './host.ts'
import { applyMarks, SHEET_PROTECTION } from './marks.ts'
import { runExcel } from './run.ts'
import { queuePrintSetup } from './print-setup.ts'
import { columnPoints } from '../../shared/print-layout.ts'
import { queueGrid } from './sheet-io.ts'
import { asCellText } from '../../shared/cell-text.ts'

/** What the workbook remembers about the report it holds (custom properties, ExcelApi 1.7). */
export interface WorkbookReport {
  form: string
  version: string
  unit: string
  period: string
  sheet: string
}

const PROPERTY_PREFIX = 'BaoCaoCD.'
const PROPERTY_KEYS = ['form', 'version', 'unit', 'period', 'sheet'] as const

/** What the pane learns from the workbook when it opens. */
export interface WorkbookState {
  /** Which report the workbook holds; null for a workbook we never wrote to. */
  report: WorkbookReport | null
  /** Excel's decimal separator; null when the host cannot say (before ExcelApi 1.11). */
  decimalSeparator: string | null
}

/** Reads which report the workbook holds and how Excel types decimals: one sync. */
export async function readWorkbookState(): Promise<WorkbookState> {
  return runExcel(async (context) => {
    const custom = context.workbook.properties.custom
    const items = PROPERTY_KEYS.map((key) =>
      custom.getItemOrNullObject(PROPERTY_PREFIX + key).load('value'),
    )
    const decimalSeparator = queueDecimalSeparator(context)
    await context.sync()
    const values = items.map((item) => (item.isNullObject ? '' : String(item.value)))
    const [form = '', version = '', unit = '', period = '', sheet = ''] = values
    return {
      report: values.some((value) => value === '') ? null : { form, version, unit, period, sheet },
      decimalSeparator: decimalSeparator(),
    }
  })
}

function queueWorkbookReport(context: Excel.RequestContext, report: WorkbookReport): void {
  const custom = context.workbook.properties.custom
  for (const key of PROPERTY_KEYS) {
    custom.add(PROPERTY_PREFIX + key, report[key])
  }
}

const OPERATORS: Record<CellValidation['operator'], string> = {
  greaterThanOrEqual: 'GreaterThanOrEqualTo',
  lessThanOrEqual: 'LessThanOrEqualTo',
  between: 'Between',
}

/** The Office.js rule for a layout's validation. */
export function dataValidationRule(validation: CellValidation): Excel.DataValidationRule {
  const basic = {
    formula1: validation.min,
    ...(validation.max === undefined ? {} : { formula2: validation.max }),
    operator: OPERATORS[validation.operator] as Excel.DataValidationOperator,
  }
  switch (validation.type) {
    case 'whole':
      return { wholeNumber: basic }
    case 'decimal':
      return { decimal: basic }
    case 'textLength':
      return { textLength: basic }
  }
}

/** A typed text that Excel would turn into a number ("25.000") keeps its apostrophe, so it stays text. */
function keepAsTyped(value: RawValues[string]): RawValues[string] {
  return typeof value === 'string' && !value.startsWith('=') ? `'${value}` : value
}

/** The marks column sits right after the layout's hidden code column. */
function marksColumnOf(layout: SheetLayout): string {
  return columnLetter(layout.columns.length)
}

/** Number formats of the whole block: the value column per row, text everywhere else. */
function blockFormats(layout: SheetLayout, width: number): string[][] {
  const value = layout.columns.findIndex((column) => column.key === 'value')
  const byRow = new Map(layout.rows.map((row) => [row.rowNumber, row.numberFormat]))
  return Array.from({ length: layout.lastPrintedRow }, (_, r) =>
    Array.from({ length: width }, (_, c) => (c === value ? (byRow.get(r + 1) ?? 'General') : '@')),
  )
}

/**
 * The layout's look, queued: typeface, column widths, merged header lines, the header's and the
 * signature block's styles, row heights for wrapped labels, borders, and the print setup.
 */
function queueSheetFormat(sheet: Excel.Worksheet, layout: SheetLayout): void {
  const marks = marksColumnOf(layout)
  const lastVisible = layout.columns.filter((column) => !column.hidden).at(-1)?.letter ?? 'E'
  const block = sheet.getRange(`A1:${lastVisible}${layout.lastPrintedRow}`)
  block.format.font.name = layout.font.name
  block.format.font.size = layout.font.size
  block.format.verticalAlignment = 'Center'
  for (const column of layout.columns) {
    sheet.getRange(`${column.letter}:${column.letter}`).format.columnWidth = columnPoints(
      column.width,
    )
  }
  const code = layout.columns.find((column) => column.key === 'code')?.letter ?? marks
  sheet.getRange(`${code}:${marks}`).columnHidden = true
  for (const merge of layout.merges) {
    sheet.getRange(merge).merge()
  }
  for (const n of layout.boldRows) {
    sheet.getRange(`A${n}:${lastVisible}${n}`).format.font.bold = true
  }
  for (const cell of layout.cells.filter((c) => !c.address.startsWith(code))) {
    const format = sheet.getRange(cell.address).format
    if (cell.bold) {
      format.font.bold = true
    }
    if (cell.italic) {
      format.font.italic = true
    }
    if (cell.underline) {
      format.font.underline = 'Single'
    }
    if (cell.size) {
      format.font.size = cell.size
    }
    if (cell.align) {
      format.horizontalAlignment = ALIGNMENTS[cell.align]
    }
    if (cell.wrap) {
      format.wrapText = true
    }
  }
  for (const [row, points] of Object.entries(layout.rowHeights)) {
    sheet.getRange(`A${row}`).format.rowHeight = points
  }
  const header = sheet.getRange(`A${layout.headerRow}:${lastVisible}${layout.headerRow}`)
  header.format.fill.color = '#DDEBF7'
  const table = sheet.getRange(`A${layout.headerRow}:${lastVisible}${layout.lastRow}`)
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
  for (const key of ['label', 'unit', 'note'] as const) {
    const letter = layout.columns.find((column) => column.key === key)?.letter
    if (letter) {
      sheet.getRange(`${letter}${layout.firstRow}:${letter}${layout.lastRow}`).format.wrapText =
        true
    }
  }
  queuePrintSetup(sheet, layout.print)
}

const ALIGNMENTS = { left: 'Left', center: 'Center', right: 'Right' } as const

export interface InsertResult {
  sheet: string
  /** How many typed values the refresh kept. */
  kept: number
  layout: SheetLayout
}

/**
 * Inserts the form sheet, or refreshes it when the workbook has one: values and notes typed in
 * it are read by row code first and written back into the new layout, and the marks of the last
 * check are taken off. Three syncs, five when marks must go.
 */
export async function insertFormSheet(
  form: FormDefinition,
  options: SheetLayoutOptions & { unitCode: string; periodId: string },
  features: HostFeatures,
): Promise<InsertResult> {
  const layout = formSheetLayout(form, options)
  return runExcel(async (context) => {
    const sheets = context.workbook.worksheets
    const existing = sheets.getItemOrNullObject(layout.sheetName)
    existing.load('name')
    await context.sync()

    let typed: RawValues = {}
    let notes: Record<string, string> = {}
    let sheet: Excel.Worksheet
    if (existing.isNullObject) {
      sheet = sheets.add(layout.sheetName)
    } else {
      sheet = existing
      sheet.protection.load('protected')
      const read = queueGrid(sheet, 'formulas')
      await context.sync()
      const old = read()
      const reading = readFormGrid(old, form)
      typed = Object.fromEntries(
        Object.entries(reading.values).filter(([, value]) => value !== null),
      )
      notes = reading.notes
      // The rewrite clears fills and the tracking column, not notes: take our marks off first.
      const previous = trackedCells(old, reading.codes.headerRow)
      if (previous.length > 0) {
        const tracking = columnIndex(marksColumnOf(layout))
        const plan = planMarks(previous, [], tracking, reading.codes.headerRow + 2, old.length)
        await applyMarks(context, sheet, plan, {
          notes: features.notes,
          protectedSheet: sheet.protection.protected,
        })
      }
      sheet.protection.unprotect()
      const block = sheet.getRange(`A:${marksColumnOf(layout)}`)
      // An older layout merged other cells; merging over them again would fail.
      block.unmerge()
      block.clear('All')
      if (features.dataValidation) {
        block.dataValidation.clear()
      }
    }
    const known = new Set(layout.rows.filter((row) => row.enterable).map((row) => row.code))
    const kept = Object.keys(typed).filter((code) => known.has(code)).length
    const grid = layoutGrid(
      layout,
      Object.fromEntries(Object.entries(typed).map(([code, value]) => [code, keepAsTyped(value)])),
      notes,
      asCellText,
    )
    const marks = marksColumnOf(layout)
    const block = sheet.getRange(layout.range)
    block.numberFormat = blockFormats(layout, layout.columns.length)
    block.formulas = grid
    sheet.getRange(`${marks}${layout.headerRow}`).values = [[MARKS_HEADER]]

    queueSheetFormat(sheet, layout)
    for (const row of layout.rows) {
      if (row.derived) {
        sheet.getRange(row.valueCell).format.fill.color = '#F2F2F2'
      }
    }

    for (const range of layout.unlockedRanges) {
      sheet.getRange(range).format.protection.locked = false
    }
    if (features.dataValidation) {
      for (const row of layout.rows) {
        if (row.validation) {
          const validation = sheet.getRange(row.valueCell).dataValidation
          validation.rule = dataValidationRule(row.validation)
          validation.ignoreBlanks = true
          validation.errorAlert = {
            showAlert: true,
            style: 'Stop',
            title: row.validation.errorTitle,
            message: row.validation.errorMessage,
          }
        }
      }
    }
    sheet.freezePanes.freezeRows(layout.headerRow)
    sheet.protection.protect(SHEET_PROTECTION)
    queueWorkbookReport(context, {
      form: form.id,
      version: form.version,
      unit: options.unitCode,
      period: options.periodId,
      sheet: layout.sheetName,
    })
    sheet.activate()
    sheet.getRange(layout.rows.find((row) => row.enterable)?.valueCell ?? 'D7').select()
    await context.sync()
    return { sheet: layout.sheetName, kept, layout }
  })
}

export interface SheetCheck {
  ok: true
  /** The form version checked against: the findings' messages name its rows. */
  form: FormDefinition
  raw: RawValues
  values: Values
  /** The Ghi chú of each row that has one: it travels with the report. */
  notes: Record<string, string>
  findings: Finding[]
  /** Where each row's value sits now (rows found by code, wherever they moved). */
  cells: Record<string, string>
  /** Findings marked in their cell. */
  marked: number
}

/**
 * "Kiểm tra": reads the form sheet in one batch, runs the shared validation, and marks every
 * finding in its value cell (clearing the marks of the previous check). Three syncs at most.
 */
export async function checkFormSheet(
  form: FormDefinition,
  sheetName: string,
  features: HostFeatures,
  locale: Locale,
  previous: Values | null = null,
): Promise<SheetCheck | { ok: false; code: 'NOT_FORM_SHEET' }> {
  return runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName)
    sheet.protection.load('protected')
    const read = queueGrid(sheet, 'values')
    await context.sync()
    const grid = read()
    const reading = readFormGrid(grid, form)
    if (reading.codes.headerRow < 0 || reading.codes.valueColumn < 0) {
      return { ok: false, code: 'NOT_FORM_SHEET' }
    }
    const { values, findings } = checkSubmission(form, reading.values, previous)
    const valueLetter = columnLetter(reading.codes.valueColumn)
    const cells: Record<string, string> = {}
    for (const [code, r] of reading.codes.rows) {
      cells[code] = `${valueLetter}${r + 1}`
    }
    const marks = marksForFindings(findings, (finding) => cells[finding.row], form, locale)
    const headerRow = reading.codes.headerRow
    const marksColumn = (grid[headerRow] ?? []).findIndex((cell) => cell === MARKS_HEADER)
    const lastRow = Math.max(grid.length, ...[...reading.codes.rows.values()].map((r) => r + 1))
    const plan = planMarks(
      trackedCells(grid, headerRow),
      marks,
      marksColumn >= 0 ? marksColumn : reading.codes.codeColumn + 1,
      headerRow + 2,
      lastRow,
    )
    await applyMarks(context, sheet, plan, {
      notes: features.notes,
      protectedSheet: sheet.protection.protected,
    })
    return {
      ok: true,
      form,
      raw: reading.values,
      values,
      notes: reading.notes,
      findings,
      cells,
      marked: marks.length,
    }
  })
}

/** Selects a cell, activating its sheet: a click on a finding in the pane. */
export async function selectCell(sheetName: string, address: string): Promise<void> {
  await runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName)
    sheet.activate()
    sheet.getRange(address).select()
    await context.sync()
  })
}
