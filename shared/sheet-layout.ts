/**
 * @module The sheet layout of a form (bố cục trang tính), like the official template: the issuing
 * organisation and the national motto, the title, the period in words and the cut-off, the
 * columns TT | Nội dung | Đơn vị tính | Số lượng | Ghi chú, one row per form row, a hidden column of
 * row codes, ratio rows as formulas, number formats, open cells, Excel data validation, the
 * signature block and how it prints (A4 portrait, one page wide, the column headers on every
 * page). The add-in and the worker's template.xlsx both draw from it, so the two sheets are the
 * same sheet.
 */
import type { FormDefinition, FormRow, RawValues, RowKind } from './form-definition.ts'
import { isEnterable } from './form-rows.ts'
import { formatVietnameseDate, periodInWords } from './periods.ts'
import {
  A4_MARGINS,
  DOCUMENT_FONT,
  PAGE_FOOTER,
  lineHeight,
  wrappedLines,
  type PrintSetup,
} from './print-layout.ts'

export type ColumnKey = 'tt' | 'label' | 'unit' | 'value' | 'note' | 'code'

export interface LayoutColumn {
  key: ColumnKey
  /** Column letter: A, B, … */
  letter: string
  header: string
  /** Width in Excel character units. */
  width: number
  hidden: boolean
}

/** An Excel data-validation rule, neutral between Office.js and ExcelJS. */
export interface CellValidation {
  type: 'whole' | 'decimal' | 'textLength'
  operator: 'greaterThanOrEqual' | 'between' | 'lessThanOrEqual'
  /** formula1 of the rule. */
  min: number
  /** formula2, for `between`; the single bound of `lessThanOrEqual` sits in `min`. */
  max?: number
  errorTitle: string
  errorMessage: string
}

export interface LayoutRow {
  code: string
  tt: string
  label: string
  unit: string
  kind: RowKind
  /** 1-based sheet row. */
  rowNumber: number
  heading: boolean
  /** Typed by the user: not a heading, not a ratio. */
  enterable: boolean
  /** A ratio row: the sheet computes it with `formula`. */
  derived: boolean
  valueCell: string
  noteCell: string
  codeCell: string
  /** The Excel formula of a derived row (A1 notation), else null. */
  formula: string | null
  numberFormat: string
  validation: CellValidation | null
}

/** A fixed text cell: the header lines, the column headers, the signature block, the meta cells. */
export interface LayoutCell {
  address: string
  text: string
  bold?: boolean
  italic?: boolean
  underline?: boolean
  /** Font size in points, when not the sheet's. */
  size?: number
  align?: 'left' | 'center' | 'right'
  wrap?: boolean
}

export interface SheetLayout {
  formId: string
  formVersion: string
  /** Worksheet name: the form id, at most 31 characters as Excel demands. */
  sheetName: string
  columns: LayoutColumn[]
  /** 1-based row of the column headers. */
  headerRow: number
  firstRow: number
  lastRow: number
  /** The whole laid-out block, e.g. `A1:F60`. */
  range: string
  cells: LayoutCell[]
  /** Ranges merged into one cell (the title). */
  merges: string[]
  rows: LayoutRow[]
  /** Value and note cells of enterable rows, as few ranges as consecutive rows allow. */
  unlockedRanges: string[]
  /** The value column of the form rows, e.g. `D7:D60`. */
  valueRange: string
  /** Sheet rows to draw bold: the column headers and headings (header cells carry their own). */
  boldRows: number[]
  /** The typeface and size of the whole sheet. */
  font: { name: string; size: number }
  /** Heights in points of the rows that need more than one line, by 1-based row. */
  rowHeights: Record<number, number>
  /** The last row that prints: the end of the signature block. */
  lastPrintedRow: number
  print: PrintSetup
}

/**
 * What the sheet says about whose report it is; whatever is left out prints as a dotted line for
 * the clerk to write on (the blank template).
 */
export interface SheetLayoutOptions {
  /** The reporting unit (đơn vị báo cáo). */
  unitName?: string
  /** The union directly above it (công đoàn cấp trên), printed above the unit. */
  upperUnitName?: string
  /** The data cut-off (số liệu tính đến ngày), `YYYY-MM-DD`. */
  cutoff?: string
  /** Written into the hidden meta cells so an uploaded sheet says whose it is; the period is also
   * printed in words ("Năm 2026"). */
  unitCode?: string
  periodId?: string
  /**
   * The name printed under "NGƯỜI LẬP BIỂU", at the foot of its signature space, on a submitted
   * report: the person who submitted it, or null (a unit key) for a dotted line to write the name
   * on. Absent (a template): no name line.
   */
  preparedBy?: string | null
  /** The review of a submitted report, printed under the signatures ("Đã duyệt: …"). */
  reviewLine?: string
}

/** Header of the hidden column that holds the row codes; readers look for it, not a position. */
export const CODE_HEADER = 'Mã dòng'
export const VALUE_HEADER = 'Số lượng'
export const NOTE_HEADER = 'Ghi chú'

/** The motto every Vietnamese official document carries, top right. */
export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc'
/** Printed where a name or date is not known yet, for the clerk to write on. */
export const DOTTED = '……………………………………'

const HEADER_ROW = 9
const FONT_SIZE = 11

// The visible columns print at 100 % across an A4 page in portrait (about 96 characters).
const COLUMNS: readonly Omit<LayoutColumn, 'letter'>[] = [
  { key: 'tt', header: 'TT', width: 6, hidden: false },
  { key: 'label', header: 'Nội dung', width: 44, hidden: false },
  { key: 'unit', header: 'Đơn vị tính', width: 9, hidden: false },
  { key: 'value', header: VALUE_HEADER, width: 14, hidden: false },
  { key: 'note', header: NOTE_HEADER, width: 22, hidden: false },
  { key: 'code', header: CODE_HEADER, width: 22, hidden: true },
]

/** Column letter of a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = ''
  let n = index + 1
  while (n > 0) {
    const rest = (n - 1) % 26
    letters = String.fromCharCode(65 + rest) + letters
    n = Math.floor((n - 1) / 26)
  }
  return letters
}

/** 0-based column index of a letter: A → 0, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0
  for (const ch of letters.toUpperCase()) {
    n = n * 26 + (ch.charCodeAt(0) - 64)
  }
  return n - 1
}

/** Splits `D12` into 0-based indices `{ row: 11, column: 3 }`; null for anything else. */
export function parseAddress(address: string): { row: number; column: number } | null {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(
    address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address,
  )
  if (!match?.[1] || !match[2]) {
    return null
  }
  return { row: Number(match[2]) - 1, column: columnIndex(match[1]) }
}

function letterOf(key: ColumnKey): string {
  return columnLetter(COLUMNS.findIndex((column) => column.key === key))
}

const NUMBER_FORMATS: Record<RowKind, string> = {
  count: '#,##0',
  amount: '#,##0',
  average: '#,##0',
  percent: '0.00',
  text: '@',
}

/**
 * The Excel number format of a cell holding a row of this kind, the one rule every sheet and
 * export follows: whole numbers grouped (counts, đồng, averages), percents with two decimals,
 * text as text (`@`, so Excel never reads "1-2" as a date). Coverage counts are `count`.
 *
 * @example
 * numberFormatOf('percent') // '0.00'
 */
export function numberFormatOf(kind: RowKind): string {
  return NUMBER_FORMATS[kind]
}

function validationFor(row: FormRow): CellValidation | null {
  switch (row.kind) {
    case 'count':
      return {
        type: 'whole',
        operator: 'greaterThanOrEqual',
        min: 0,
        errorTitle: 'Số không hợp lệ',
        errorMessage: 'Nhập một số nguyên không âm (0, 1, 2, …).',
      }
    case 'amount':
    case 'average':
      return {
        type: 'decimal',
        operator: 'greaterThanOrEqual',
        min: 0,
        errorTitle: 'Số không hợp lệ',
        errorMessage: 'Nhập một số không âm.',
      }
    case 'percent':
      return {
        type: 'decimal',
        operator: 'between',
        min: 0,
        max: 100,
        errorTitle: 'Tỷ lệ không hợp lệ',
        errorMessage: 'Nhập một tỷ lệ từ 0 đến 100.',
      }
    case 'text':
      return row.maxLength === undefined
        ? null
        : {
            type: 'textLength',
            operator: 'lessThanOrEqual',
            min: row.maxLength,
            errorTitle: 'Nội dung quá dài',
            errorMessage: `Nhập tối đa ${row.maxLength} ký tự.`,
          }
  }
}

/**
 * The Excel formula of a ratio row: empty while either side is empty or the denominator is 0,
 * else numerator / denominator × 100 rounded to 2 decimals, as shared/quotient computes it; empty too
 * while a side holds text, so the sheet shows the check's finding rather than #VALUE!.
 */
function ratioFormula(numeratorCell: string, denominatorCell: string): string {
  const n = numeratorCell
  const d = denominatorCell
  return `=IFERROR(IF(OR(${n}="",${d}="",${d}=0),"",ROUND(${n}/${d}*100,2)),"")`
}

/** Consecutive sheet rows folded into ranges over two columns, e.g. `D7:E9`. */
function foldRanges(rowNumbers: number[], from: string, to: string): string[] {
  const ranges: string[] = []
  let start: number | undefined
  let previous: number | undefined
  const close = (): void => {
    if (start !== undefined && previous !== undefined) {
      ranges.push(`${from}${start}:${to}${previous}`)
    }
  }
  for (const n of rowNumbers) {
    if (previous !== undefined && n === previous + 1) {
      previous = n
      continue
    }
    close()
    start = n
    previous = n
  }
  close()
  return ranges
}

/**
 * Lays a form out as a sheet like the official template.
 *
 * @example
 * const layout = formSheetLayout(b01, { unitName: 'CĐCS Trường THPT Bắc Kạn', upperUnitName: 'Công đoàn Giáo dục tỉnh', periodId: '2026-Y', cutoff: '2026-11-30' })
 * cellOfRow(layout, 'members.total') // 'D26'
 */
export function formSheetLayout(
  form: FormDefinition,
  options: SheetLayoutOptions = {},
): SheetLayout {
  const columns: LayoutColumn[] = COLUMNS.map((column, i) => ({
    ...column,
    letter: columnLetter(i),
  }))
  const tt = letterOf('tt')
  const value = letterOf('value')
  const note = letterOf('note')
  const code = letterOf('code')
  const last = columnLetter(COLUMNS.length - 1)
  const firstRow = HEADER_ROW + 1
  const rowNumberOf = new Map(form.rows.map((row, i) => [row.code, firstRow + i]))

  const rows: LayoutRow[] = form.rows.map((row, i) => {
    const rowNumber = firstRow + i
    const derived = !row.heading && row.aggregate.type === 'ratio'
    let formula: string | null = null
    if (row.aggregate.type === 'ratio' && !row.heading) {
      const numerator = rowNumberOf.get(row.aggregate.numerator)
      const denominator = rowNumberOf.get(row.aggregate.denominator)
      if (numerator !== undefined && denominator !== undefined) {
        formula = ratioFormula(`${value}${numerator}`, `${value}${denominator}`)
      }
    }
    const enterable = isEnterable(row)
    return {
      code: row.code,
      tt: row.tt,
      label: row.label,
      unit: row.unit,
      kind: row.kind,
      rowNumber,
      heading: row.heading === true,
      enterable,
      derived,
      valueCell: `${value}${rowNumber}`,
      noteCell: `${note}${rowNumber}`,
      codeCell: `${code}${rowNumber}`,
      formula,
      numberFormat: numberFormatOf(row.kind),
      validation: enterable ? validationFor(row) : null,
    }
  })
  const lastRow = firstRow + form.rows.length - 1

  const meta: [string, string | undefined][] = [
    ['form', form.id],
    ['version', form.version],
    ['unit', options.unitCode],
    ['period', options.periodId],
  ]
  const unit = letterOf('unit')
  const label = letterOf('label')
  const left = (row: number) => `${tt}${row}:${label}${row}`
  const right = (row: number) => `${unit}${row}:${note}${row}`
  const whole = (row: number) => `${tt}${row}:${note}${row}`
  const upper = (text: string | undefined) =>
    text?.trim() ? text.trim().toLocaleUpperCase('vi') : DOTTED
  const period = options.periodId ? periodInWords(options.periodId) : undefined
  const signAt = lastRow + 2
  const signer = form.level === 'grassroots' ? 'TM. BAN CHẤP HÀNH' : 'TM. BAN THƯỜNG VỤ'
  const centered = { align: 'center' as const }
  const cells: LayoutCell[] = [
    { address: `${tt}1`, text: upper(options.upperUnitName), size: 11, ...centered, wrap: true },
    {
      address: `${tt}2`,
      text: upper(options.unitName),
      bold: true,
      underline: true,
      size: 11,
      ...centered,
      wrap: true,
    },
    { address: `${unit}1`, text: NATIONAL_NAME, bold: true, size: 11, ...centered },
    {
      address: `${unit}2`,
      text: NATIONAL_MOTTO,
      bold: true,
      underline: true,
      size: 12,
      ...centered,
    },
    {
      address: `${unit}3`,
      text: `Mẫu ${form.id} (phiên bản ${form.version})`,
      italic: true,
      size: 10,
      align: 'right',
    },
    {
      address: `${tt}5`,
      text: form.title.toLocaleUpperCase('vi'),
      bold: true,
      size: 14,
      ...centered,
    },
    {
      address: `${tt}6`,
      text: `Kỳ báo cáo: ${period ?? DOTTED}`,
      bold: true,
      size: 12,
      ...centered,
    },
    {
      address: `${tt}7`,
      text: `Số liệu tính đến ngày ${options.cutoff ? formatVietnameseDate(options.cutoff) : '……/……/…………'}`,
      italic: true,
      ...centered,
    },
    ...meta.flatMap(([key, text], i) =>
      text === undefined ? [] : [{ address: `${code}${i + 1}`, text: `${key}=${text}` }],
    ),
    ...columns
      .filter((column) => !column.hidden)
      .map((column) => ({
        address: `${column.letter}${HEADER_ROW}`,
        text: column.header,
        bold: true,
        wrap: true,
        ...centered,
      })),
    { address: `${code}${HEADER_ROW}`, text: CODE_HEADER },
    {
      address: `${unit}${signAt}`,
      text: '……………, ngày …… tháng …… năm ……',
      italic: true,
      ...centered,
    },
    { address: `${tt}${signAt + 1}`, text: 'NGƯỜI LẬP BIỂU', bold: true, ...centered },
    { address: `${unit}${signAt + 1}`, text: signer, bold: true, ...centered },
    { address: `${tt}${signAt + 2}`, text: '(Ký, ghi rõ họ tên)', italic: true, ...centered },
    { address: `${unit}${signAt + 2}`, text: 'CHỦ TỊCH', bold: true, ...centered },
    {
      address: `${unit}${signAt + 3}`,
      text: '(Ký, ghi rõ họ tên, đóng dấu)',
      italic: true,
      ...centered,
    },
  ]
  const merges = [
    left(1),
    right(1),
    left(2),
    right(2),
    right(3),
    whole(5),
    whole(6),
    whole(7),
    right(signAt),
    left(signAt + 1),
    right(signAt + 1),
    left(signAt + 2),
    right(signAt + 2),
    right(signAt + 3),
  ]
  // Room for the signatures under the block: four empty lines, the preparer's name on the last,
  // then the review of a submitted report.
  const nameRow = signAt + 7
  if (options.preparedBy !== undefined) {
    cells.push({
      address: `${tt}${nameRow}`,
      text: options.preparedBy?.trim() || DOTTED,
      bold: true,
      ...centered,
    })
    merges.push(left(nameRow))
  }
  const reviewRow = nameRow + 2
  if (options.reviewLine) {
    cells.push({ address: `${tt}${reviewRow}`, text: options.reviewLine, italic: true, wrap: true })
    merges.push(whole(reviewRow))
  }
  const lastPrintedRow = options.reviewLine ? reviewRow : nameRow
  const widthOf = (key: ColumnKey) => COLUMNS.find((column) => column.key === key)?.width ?? 10
  const line = lineHeight(FONT_SIZE)
  const rowHeights: Record<number, number> = {}
  const leftWidth = widthOf('tt') + widthOf('label')
  for (const [row, text] of [
    [1, upper(options.upperUnitName)],
    [2, upper(options.unitName)],
  ] as const) {
    const lines = wrappedLines(text, leftWidth, FONT_SIZE)
    rowHeights[row] = Math.max(lineHeight(12), lines * line)
  }
  rowHeights[5] = lineHeight(14) + 4
  if (options.reviewLine) {
    const wholeWidth = COLUMNS.filter((c) => !c.hidden).reduce((sum, c) => sum + c.width, 0)
    rowHeights[reviewRow] = wrappedLines(options.reviewLine, wholeWidth, FONT_SIZE) * line + 2
  }
  rowHeights[HEADER_ROW] = 2 * line
  for (const row of rows) {
    const lines = Math.max(
      wrappedLines(row.label, widthOf('label'), FONT_SIZE),
      wrappedLines(row.unit, widthOf('unit'), FONT_SIZE),
    )
    if (lines > 1) {
      rowHeights[row.rowNumber] = lines * line + 2
    }
  }

  return {
    formId: form.id,
    formVersion: form.version,
    sheetName: form.id.slice(0, 31),
    columns,
    headerRow: HEADER_ROW,
    firstRow,
    lastRow,
    range: `${tt}1:${last}${lastPrintedRow}`,
    cells,
    merges,
    rows,
    unlockedRanges: foldRanges(
      rows.filter((row) => row.enterable).map((row) => row.rowNumber),
      value,
      note,
    ),
    valueRange: `${value}${firstRow}:${value}${lastRow}`,
    boldRows: [HEADER_ROW, ...rows.filter((row) => row.heading).map((row) => row.rowNumber)],
    font: { name: DOCUMENT_FONT, size: FONT_SIZE },
    rowHeights,
    lastPrintedRow,
    print: {
      paper: 'A4',
      orientation: 'portrait',
      fitToWidth: 1,
      scale: 100,
      printArea: `${tt}1:${note}${lastPrintedRow}`,
      titleRows: `${HEADER_ROW}:${HEADER_ROW}`,
      titleColumns: null,
      margins: A4_MARGINS,
      centerHorizontally: true,
      footer: PAGE_FOOTER,
    },
  }
}

/**
 * The address of a row's cell (the value cell unless another column is asked for), or undefined
 * for a code the form does not have.
 */
export function cellOfRow(
  layout: SheetLayout,
  code: string,
  column: 'value' | 'note' = 'value',
): string | undefined {
  const row = layout.rows.find((r) => r.code === code)
  if (!row) {
    return undefined
  }
  return column === 'value' ? row.valueCell : row.noteCell
}

/** What a cell of the laid-out block holds when written: a text, a number, a formula, or empty. */
export type LayoutGridCell = string | number

/**
 * The whole block (`layout.range`) as a 2-D array ready to write as formulas in one go, with the
 * given values and notes in the value and note cells of enterable rows (a refresh keeps them).
 */
export function layoutGrid(
  layout: SheetLayout,
  values: RawValues = {},
  notes: Record<string, string> = {},
  text: (text: string) => string = (t) => t,
): LayoutGridCell[][] {
  const width = layout.columns.length
  const grid: LayoutGridCell[][] = Array.from({ length: layout.lastPrintedRow }, () =>
    Array.from({ length: width }, () => ''),
  )
  const put = (address: string, cell: LayoutGridCell): void => {
    const at = parseAddress(address)
    const line = at ? grid[at.row] : undefined
    if (at && line) {
      line[at.column] = cell
    }
  }
  for (const cell of layout.cells) {
    put(cell.address, text(cell.text))
  }
  const column = (key: ColumnKey): number => layout.columns.findIndex((c) => c.key === key)
  for (const row of layout.rows) {
    const line = grid[row.rowNumber - 1]
    if (!line) {
      continue
    }
    line[column('tt')] = text(row.tt)
    line[column('label')] = text(row.label)
    line[column('unit')] = text(row.unit)
    line[column('code')] = text(row.code)
    if (row.formula !== null) {
      line[column('value')] = row.formula
    } else if (row.enterable) {
      const typed = values[row.code]
      line[column('value')] = typed === null || typed === undefined ? '' : typed
      line[column('note')] = text(notes[row.code] ?? '')
    }
  }
  return grid
}

/** A cell as Office.js or ExcelJS hands it over, reduced to a scalar. */
export function cellScalar(cell: unknown): string | number | boolean | null {
  if (cell === null || cell === undefined) {
    return null
  }
  if (typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') {
    return cell
  }
  if (cell instanceof Date) {
    return cell.toISOString().slice(0, 10)
  }
  if (typeof cell === 'object') {
    const object = cell as Record<string, unknown>
    if ('result' in object) {
      return cellScalar(object.result)
    }
    if (Array.isArray(object.richText)) {
      return object.richText
        .map((part: unknown) =>
          typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : '',
        )
        .join('')
    }
    if (typeof object.text === 'string') {
      return object.text
    }
  }
  return null
}

export interface GridRowCodes {
  /** 0-based column indices of the code, value and note columns; -1 when not found. */
  codeColumn: number
  valueColumn: number
  noteColumn: number
  /** 0-based grid row of the column headers; -1 when the sheet has no code column. */
  headerRow: number
  /** Row code → 0-based grid row, in sheet order. */
  rows: Map<string, number>
  /** The hidden meta cells: form, version, unit, period. */
  meta: Record<string, string>
}

/**
 * Finds the row codes of a sheet read into a grid (row 0 = sheet row 1, column 0 = column A), by
 * the hidden code column's header, not by position: rows a user moved or inserted still map.
 */
export function rowCodesFromGrid(grid: readonly (readonly unknown[])[]): GridRowCodes {
  const found: GridRowCodes = {
    codeColumn: -1,
    valueColumn: -1,
    noteColumn: -1,
    headerRow: -1,
    rows: new Map(),
    meta: {},
  }
  for (let r = 0; r < grid.length && found.headerRow < 0; r++) {
    const line = grid[r] ?? []
    const c = line.findIndex((cell) => cellText(cell) === CODE_HEADER)
    if (c >= 0) {
      found.headerRow = r
      found.codeColumn = c
      found.valueColumn = line.findIndex((cell) => cellText(cell) === VALUE_HEADER)
      found.noteColumn = line.findIndex((cell) => cellText(cell) === NOTE_HEADER)
    }
  }
  if (found.headerRow < 0) {
    return found
  }
  for (let r = 0; r < found.headerRow; r++) {
    const match = /^([a-z]+)=(.*)$/.exec(cellText(grid[r]?.[found.codeColumn]))
    if (match?.[1] && match[2] !== undefined) {
      found.meta[match[1]] = match[2]
    }
  }
  for (let r = found.headerRow + 1; r < grid.length; r++) {
    const code = cellText(grid[r]?.[found.codeColumn])
    if (code !== '' && !found.rows.has(code)) {
      found.rows.set(code, r)
    }
  }
  return found
}

function cellText(cell: unknown): string {
  const scalar = cellScalar(cell)
  return scalar === null ? '' : String(scalar).trim()
}

export interface FormGridReading {
  /** What the user typed in each value cell, keyed by row code (empty cells are null). */
  values: RawValues
  notes: Record<string, string>
  codes: GridRowCodes
}

/**
 * Reads the value and note cells of every coded row of a grid. Codes the form lacks are kept,
 * so validation can report them; derived and heading rows are left out, since nobody types them.
 */
export function readFormGrid(
  grid: readonly (readonly unknown[])[],
  form?: FormDefinition,
): FormGridReading {
  const codes = rowCodesFromGrid(grid)
  const values: RawValues = {}
  const notes: Record<string, string> = {}
  const rows = form ? new Map(form.rows.map((row) => [row.code, row])) : undefined
  if (codes.valueColumn < 0) {
    return { values, notes, codes }
  }
  for (const [code, r] of codes.rows) {
    const row = rows?.get(code)
    if (row && !isEnterable(row)) {
      continue
    }
    const cell = cellScalar(grid[r]?.[codes.valueColumn])
    values[code] =
      cell === null || (typeof cell === 'string' && cell.trim() === '')
        ? null
        : typeof cell === 'boolean'
          ? String(cell)
          : cell
    const note = codes.noteColumn >= 0 ? cellText(grid[r]?.[codes.noteColumn]) : ''
    if (note !== '') {
      notes[code] = note
    }
  }
  return { values, notes, codes }
}
