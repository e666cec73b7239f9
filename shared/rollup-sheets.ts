/**
 * @module The sheets a rollup becomes (số liệu tổng hợp), as plain data, laid out once for the
 * .xlsx the worker exports and the sheets the pane pulls into Excel: "Tổng hợp" (the totals by
 * form row, A4 portrait one page wide), "Đơn vị" (one line per child unit, A4 landscape with the
 * column headers and the unit's code and name on every page; in the worker's export, who sent and
 * who reviewed a child's own report) and "Chưa nộp" (the units whose
 * figures are missing, one line each with its upper union). With a comparison the totals sheet
 * sets each row beside the other period's, with the change (percentage points for ratios); with
 * targets a fourth sheet, "Chỉ tiêu", lists each target, what was achieved and who is behind.
 */
import type { FormDefinition } from './form-definition.ts'
import type { UnitStatus } from './api-schemas.ts'
import { actedByText } from './accounts.ts'
import type { Coverage, RollupView } from './rollup.ts'
import type { Comparison } from './analysis/comparison.ts'
import type { TargetAchievement, TargetRowSummary } from './analysis/targets.ts'
import type { Breakdown } from './analysis/breakdown.ts'
import { formatVietnameseDate, periodInWords, vietnamDateTime } from './periods.ts'
import { columnLetter, numberFormatOf } from './sheet-layout.ts'
import { formatVietnameseNumber } from './numbers.ts'
import {
  A4_MARGINS,
  DOCUMENT_FONT,
  PAGE_FOOTER,
  lineHeight,
  wrappedLines,
  type PrintSetup,
} from './print-layout.ts'

/** What the layout reads of a rollup: the worker's `Rollup` and the API's `RollupResponse` both fit. */
export interface RollupForSheets {
  unit: string
  name: string
  period: string
  form: string
  formVersion: string
  view: RollupView
  values: Record<string, number | string | null>
  reported: Record<string, number>
  coverage: Coverage
  children: {
    unit: string
    name: string
    values: Record<string, number | string | null>
    coverage: Coverage
  }[]
}

/** A unit whose figures are not in the totals, with the union directly above it. */
export interface MissingUnit {
  unit: string
  name: string
  parent: string | null
  parentName: string | null
}

/** A cell: a number, or a text that the writer must keep as text (never a formula). */
export type SheetCell = string | number

/** One laid-out sheet, written from A1. */
export interface SheetBlock {
  /** What the sheet holds: 'Tổng hợp', 'Đơn vị', 'Chưa nộp'; the pane adds unit and period. */
  kind: 'Tổng hợp' | 'Đơn vị' | 'Chưa nộp' | 'Chỉ tiêu' | 'Truy nguyên' | 'Qua các kỳ'
  values: SheetCell[][]
  /** Same shape as `values`. */
  numberFormats: string[][]
  /** 1-based rows drawn bold. */
  boldRows: number[]
  /** 1-based rows of column headers: filled, bordered, wrapped. */
  headerRows: number[]
  /** 1-based rows of the table under the headers, bordered. */
  tableRows: [number, number] | null
  /** Column widths in Excel characters. */
  widths: number[]
  /** Columns hidden from view and print (0-based). */
  hiddenColumns: number[]
  /** Columns whose texts wrap in the table (0-based): names and labels. */
  wrapColumns: number[]
  merges: string[]
  /** Heights in points of rows taller than one line. */
  rowHeights: Record<number, number>
  /** Rows and columns kept in view while scrolling. */
  freeze: { rows: number; columns: number }
  font: { name: string; size: number }
  print: PrintSetup
}

/** Who sent a report and who reviewed it, as the "Đơn vị" sheet prints them. */
export interface ReportPeople {
  /** The person, or "khóa đơn vị"; with the upper union that entered it on behalf. */
  preparedBy: string
  /** The person and their unit, or empty when nobody reviewed the latest revision. */
  reviewedBy: string
}

/** Who sent and reviewed a unit's latest report, from its row of the status view. */
export function reportPeople(status: UnitStatus): ReportPeople {
  if (status.status === 'none') {
    return { preparedBy: '', reviewedBy: '' }
  }
  const onBehalf =
    status.submittedBy && status.submittedBy !== status.unit
      ? ` (${status.submittedBy} nhập hộ)`
      : ''
  return {
    preparedBy: `${actedByText(status.submittedByPerson)}${onBehalf}`,
    reviewedBy: status.reviewer ? `${actedByText(status.reviewerPerson)} (${status.reviewer})` : '',
  }
}

export interface RollupSheetsOptions {
  /** When the figures were taken: "Lập lúc", Vietnam time. */
  at: Date
  /** The period's data cut-off, `YYYY-MM-DD`, printed beside the period in words. */
  cutoff?: string
  missing: readonly MissingUnit[]
  /** The rollup beside another period's: columns of the totals sheet. */
  comparison?: (Comparison & { coverage: Coverage }) | null
  /**
   * Who sent and who reviewed each child's own report of the form, by unit code (the worker's
   * .xlsx export): two columns of the "Đơn vị" sheet, "Người lập" and "Người duyệt".
   */
  people?: ReadonlyMap<string, ReportPeople> | null
  /** Targets of the unit and of the units below: the "Chỉ tiêu" sheet, when there are any. */
  targets?: {
    own: readonly TargetAchievement[]
    children: readonly TargetAchievement[]
    rows: readonly TargetRowSummary[]
  } | null
}

const FONT_SIZE = 11
const TOTALS_WIDTHS = [7, 50, 10, 16, 12, 20]
const COMPARED_WIDTHS = [7, 44, 9, 15, 15, 14, 11, 11, 20]
const TARGET_WIDTHS = [6, 11, 30, 6, 36, 8, 13, 13, 10, 11, 20]
const UNIT_FIXED_WIDTHS = [11, 36, 8, 8, 8, 8, 8]
const PEOPLE_WIDTHS = [22, 26] as const
const INDICATOR_WIDTH = 13
const TEXT = numberFormatOf('text')
const COUNT = numberFormatOf('count')
const MISSING_WIDTHS = [6, 14, 44, 36]
const BREAKDOWN_WIDTHS = [6, 14, 40, 12, 12, 15, 15, 15, 10, 10, 15]
const STANDING_TEXTS = { sent: 'Đã nộp', late: 'Nộp muộn', missing: 'Chưa nộp' } as const

interface Builder {
  values: SheetCell[][]
  numberFormats: string[][]
  boldRows: number[]
  merges: string[]
  rowHeights: Record<number, number>
}

function builder(): Builder {
  return { values: [], numberFormats: [], boldRows: [], merges: [], rowHeights: {} }
}

function push(
  b: Builder,
  width: number,
  line: SheetCell[],
  formats: string[] = [],
  bold = false,
): number {
  b.values.push([...line, ...Array<SheetCell>(Math.max(0, width - line.length)).fill('')])
  b.numberFormats.push(
    Array.from(
      { length: width },
      (_, c) => formats[c] ?? (typeof line[c] === 'number' ? 'General' : TEXT),
    ),
  )
  if (bold) {
    b.boldRows.push(b.values.length)
  }
  return b.values.length
}

/** A title line merged across the first `across` columns, as tall as its text wraps. */
function heading(
  b: Builder,
  widths: readonly number[],
  across: number,
  text: string,
  bold = false,
): number {
  const row = push(b, widths.length, [text], [], bold)
  b.merges.push(`A${row}:${columnLetter(across - 1)}${row}`)
  const room = widths.slice(0, across).reduce((sum, w) => sum + w, 0)
  const size = row === 1 ? FONT_SIZE + 2 : FONT_SIZE
  const lines = wrappedLines(text, room, bold ? size + 1 : size)
  if (lines > 1) {
    b.rowHeights[row] = lines * lineHeight(size)
  }
  return row
}

function cell(value: number | string | null | undefined): SheetCell {
  return value === null || value === undefined ? '' : value
}

function print(
  orientation: PrintSetup['orientation'],
  lastColumn: number,
  lastRow: number,
  titleRow: number,
  titleColumns: string | null,
): PrintSetup {
  return {
    paper: 'A4',
    orientation,
    fitToWidth: titleColumns === null ? 1 : null,
    scale: 80,
    printArea: `A1:${columnLetter(lastColumn)}${lastRow}`,
    titleRows: `${titleRow}:${titleRow}`,
    titleColumns,
    margins: A4_MARGINS,
    centerHorizontally: titleColumns === null,
    footer: PAGE_FOOTER,
  }
}

function headerLines(rollup: RollupForSheets, options: RollupSheetsOptions): string[] {
  const coverage = rollup.coverage
  const cutoff = options.cutoff
    ? ` (số liệu tính đến ngày ${formatVietnameseDate(options.cutoff)})`
    : ''
  return [
    `Đơn vị: ${rollup.name} (${rollup.unit})`,
    `Kỳ báo cáo: ${periodInWords(rollup.period)}${cutoff} · Biểu mẫu ${rollup.form} (${rollup.formVersion}) · ${rollup.view === 'accepted' ? 'chỉ số liệu đã duyệt' : 'số liệu mới nhất'}`,
    `Phải báo cáo: ${coverage.expected} · Đã nộp: ${coverage.submitted} · Đã duyệt: ${coverage.accepted} · Trả lại: ${coverage.returned} · Nộp muộn: ${coverage.late} · Tính vào tổng: ${coverage.counted} · Chưa có: ${coverage.missing.length}${coverage.missing.length > 0 ? ' (xem trang "Chưa nộp")' : ''}`,
    `Lập lúc: ${vietnamDateTime(options.at)}`,
  ]
}

function block(
  kind: SheetBlock['kind'],
  b: Builder,
  rest: Omit<SheetBlock, 'kind' | keyof Builder | 'font'>,
): SheetBlock {
  return { kind, ...b, ...rest, font: { name: DOCUMENT_FONT, size: FONT_SIZE } }
}

function totalsSheet(
  form: FormDefinition,
  rollup: RollupForSheets,
  options: RollupSheetsOptions,
): SheetBlock {
  const compared = options.comparison ?? null
  const widths = compared ? COMPARED_WIDTHS : TOTALS_WIDTHS
  const width = widths.length
  const printed = width - 1
  const b = builder()
  heading(b, widths, printed, `SỐ LIỆU TỔNG HỢP: ${form.title.toLocaleUpperCase('vi')}`, true)
  for (const line of headerLines(rollup, options)) {
    heading(b, widths, printed, line)
  }
  if (compared) {
    const then = compared.coverage
    heading(
      b,
      widths,
      printed,
      `So sánh với: ${periodInWords(compared.period)} (phải báo cáo: ${then.expected} · tính vào tổng: ${then.counted}); tỷ lệ so sánh theo điểm phần trăm`,
    )
  }
  push(b, width, [])
  const header = push(
    b,
    width,
    compared
      ? [
          'TT',
          'Nội dung',
          'Đơn vị tính',
          `Tổng hợp ${periodInWords(rollup.period)}`,
          periodInWords(compared.period),
          'Tăng (+) / giảm (−)',
          'Tăng / giảm (%)',
          'Số đơn vị có số liệu',
          'Mã dòng',
        ]
      : ['TT', 'Nội dung', 'Đơn vị tính', 'Tổng hợp', 'Số đơn vị có số liệu', 'Mã dòng'],
    [],
    true,
  )
  b.rowHeights[header] = (compared ? 3 : 2) * lineHeight(FONT_SIZE)
  const line = lineHeight(FONT_SIZE)
  for (const row of form.rows.filter((r) => r.kind !== 'text' || r.heading)) {
    const figure = row.heading ? '' : cell(rollup.values[row.code])
    const reported = row.heading ? '' : (rollup.reported[row.code] ?? 0)
    const format = numberFormatOf(row.kind)
    const other = row.heading ? undefined : compared?.rows[row.code]
    const points = other?.measure === 'points'
    const at = compared
      ? push(
          b,
          width,
          [
            row.tt,
            row.label,
            row.unit,
            figure,
            cell(other?.previous),
            cell(other?.change),
            cell(other?.changePercent),
            reported,
            row.code,
          ],
          [
            TEXT,
            TEXT,
            TEXT,
            format,
            format,
            points ? '+0.00;−0.00;0' : `+${format};−${format};0`,
            '+0.00;−0.00;0',
            COUNT,
            TEXT,
          ],
          row.heading === true,
        )
      : push(
          b,
          width,
          [row.tt, row.label, row.unit, figure, reported, row.code],
          [TEXT, TEXT, TEXT, format, COUNT, TEXT],
          row.heading === true,
        )
    const lines = wrappedLines(row.label, widths[1] ?? 50, FONT_SIZE)
    if (lines > 1) {
      b.rowHeights[at] = lines * line + 2
    }
  }
  return block('Tổng hợp', b, {
    headerRows: [header],
    tableRows: [header + 1, b.values.length],
    widths,
    hiddenColumns: [width - 1],
    wrapColumns: [1],
    freeze: { rows: header, columns: 0 },
    print: print(compared ? 'landscape' : 'portrait', printed - 1, b.values.length, header, null),
  })
}

function unitsSheet(
  form: FormDefinition,
  rollup: RollupForSheets,
  options: RollupSheetsOptions,
): SheetBlock {
  const figures = form.rows.filter((row) => !row.heading && row.kind !== 'text')
  const people = options.people ?? null
  const fixed = people ? [...UNIT_FIXED_WIDTHS, ...PEOPLE_WIDTHS] : UNIT_FIXED_WIDTHS
  const width = fixed.length + figures.length
  const widths = [...fixed, ...figures.map(() => INDICATOR_WIDTH)]
  const across = Math.min(width, 10)
  const b = builder()
  heading(
    b,
    widths,
    across,
    `SỐ LIỆU TỔNG HỢP THEO ĐƠN VỊ TRỰC THUỘC: ${form.title.toLocaleUpperCase('vi')}`,
    true,
  )
  for (const line of headerLines(rollup, options)) {
    heading(b, widths, across, line)
  }
  push(b, width, [])
  const headers = [
    'Mã đơn vị',
    'Tên đơn vị',
    'Phải nộp',
    'Đã nộp',
    'Đã duyệt',
    'Chưa nộp',
    'Nộp muộn',
    ...(people ? ['Người lập', 'Người duyệt'] : []),
    ...figures.map((row) => `${row.tt}. ${row.label} (${row.unit})`),
  ]
  const header = push(b, width, headers, [], true)
  const tallest = Math.max(
    ...headers.map((text, i) => wrappedLines(text, fixed[i] ?? INDICATOR_WIDTH, FONT_SIZE)),
  )
  b.rowHeights[header] = tallest * lineHeight(FONT_SIZE) + 2
  const formats = [TEXT, TEXT, COUNT, COUNT, COUNT, COUNT, COUNT, ...(people ? [TEXT, TEXT] : [])]
  const line = (
    unit: string,
    name: string,
    coverage: Coverage,
    values: RollupForSheets['values'],
    bold = false,
  ) => {
    const who = bold ? undefined : people?.get(unit)
    const lines = Math.max(
      wrappedLines(name, UNIT_FIXED_WIDTHS[1] ?? 36, bold ? FONT_SIZE + 1 : FONT_SIZE),
      ...(who
        ? [
            wrappedLines(who.preparedBy, PEOPLE_WIDTHS[0], FONT_SIZE),
            wrappedLines(who.reviewedBy, PEOPLE_WIDTHS[1], FONT_SIZE),
          ]
        : []),
    )
    const row = push(
      b,
      width,
      [
        unit,
        name,
        coverage.expected,
        coverage.submitted,
        coverage.accepted,
        coverage.missing.length,
        coverage.late,
        ...(people ? [who?.preparedBy ?? '', who?.reviewedBy ?? ''] : []),
        ...figures.map((row) => cell(values[row.code])),
      ],
      [...formats, ...figures.map((row) => numberFormatOf(row.kind))],
      bold,
    )
    if (lines > 1) {
      b.rowHeights[row] = lines * lineHeight(FONT_SIZE) + 2
    }
  }
  line(rollup.unit, `Tổng cộng: ${rollup.name}`, rollup.coverage, rollup.values, true)
  for (const child of rollup.children) {
    line(child.unit, child.name, child.coverage, child.values)
  }
  return block('Đơn vị', b, {
    headerRows: [header],
    tableRows: [header + 1, b.values.length],
    widths,
    hiddenColumns: [],
    wrapColumns: people ? [1, 7, 8] : [1],
    freeze: { rows: header, columns: 2 },
    print: print('landscape', width - 1, b.values.length, header, 'A:B'),
  })
}

function missingSheet(
  form: FormDefinition,
  rollup: RollupForSheets,
  options: RollupSheetsOptions,
): SheetBlock {
  const width = MISSING_WIDTHS.length
  const b = builder()
  heading(
    b,
    MISSING_WIDTHS,
    width,
    `ĐƠN VỊ CHƯA CÓ SỐ LIỆU TRONG TỔNG HỢP: ${form.title.toLocaleUpperCase('vi')}`,
    true,
  )
  for (const text of headerLines(rollup, options)) {
    heading(b, MISSING_WIDTHS, width, text)
  }
  push(b, width, [])
  const header = push(b, width, ['STT', 'Mã đơn vị', 'Tên đơn vị', 'Công đoàn cấp trên'], [], true)
  const byCode = new Map(options.missing.map((unit) => [unit.unit, unit]))
  rollup.coverage.missing.forEach((code, i) => {
    const unit = byCode.get(code)
    const name = unit?.name ?? ''
    const upper = unit?.parentName ?? unit?.parent ?? ''
    const row = push(b, width, [i + 1, code, name, upper], ['0', TEXT, TEXT, TEXT])
    const lines = Math.max(
      wrappedLines(name, MISSING_WIDTHS[2] ?? 44, FONT_SIZE),
      wrappedLines(upper, MISSING_WIDTHS[3] ?? 36, FONT_SIZE),
    )
    if (lines > 1) {
      b.rowHeights[row] = lines * lineHeight(FONT_SIZE) + 2
    }
  })
  if (rollup.coverage.missing.length === 0) {
    heading(b, MISSING_WIDTHS, width, 'Mọi đơn vị phải báo cáo đều đã có số liệu trong tổng hợp.')
  }
  return block('Chưa nộp', b, {
    headerRows: [header],
    tableRows: rollup.coverage.missing.length > 0 ? [header + 1, b.values.length] : null,
    widths: MISSING_WIDTHS,
    hiddenColumns: [],
    wrapColumns: [2, 3],
    freeze: { rows: header, columns: 0 },
    print: print('portrait', width - 1, b.values.length, header, null),
  })
}

function targetsSheet(
  form: FormDefinition,
  rollup: RollupForSheets,
  options: RollupSheetsOptions,
): SheetBlock | undefined {
  const targets = options.targets
  if (!targets || targets.own.length + targets.children.length === 0) {
    return undefined
  }
  const widths = TARGET_WIDTHS
  const width = widths.length
  const printed = width - 1
  const rows = new Map(form.rows.map((row) => [row.code, row]))
  const names = new Map([
    [rollup.unit, rollup.name],
    ...rollup.children.map((child) => [child.unit, child.name] as const),
  ])
  const b = builder()
  heading(
    b,
    widths,
    printed,
    `CHỈ TIÊU VÀ KẾT QUẢ THỰC HIỆN: ${form.title.toLocaleUpperCase('vi')}`,
    true,
  )
  for (const text of headerLines(rollup, options)) {
    heading(b, widths, printed, text)
  }
  for (const summary of targets.rows) {
    const row = rows.get(summary.row)
    const behind = summary.behind.length > 0 ? `; chưa đạt: ${summary.behind.join(', ')}` : ''
    heading(
      b,
      widths,
      printed,
      `${row?.tt ?? ''}. ${row?.label ?? summary.row}: ${summary.met}/${summary.units} đơn vị đạt chỉ tiêu${behind}`,
    )
  }
  push(b, width, [])
  const header = push(
    b,
    width,
    [
      'STT',
      'Mã đơn vị',
      'Tên đơn vị',
      'TT',
      'Nội dung',
      'Đơn vị tính',
      'Chỉ tiêu',
      'Thực hiện',
      'Đạt (%)',
      'Đánh giá',
      'Mã dòng',
    ],
    [],
    true,
  )
  b.rowHeights[header] = 2 * lineHeight(FONT_SIZE)
  const all = [...targets.own, ...targets.children]
  all.forEach((a, i) => {
    const row = rows.get(a.row)
    const format = row ? numberFormatOf(row.kind) : 'General'
    const name = names.get(a.unit) ?? ''
    const at = push(
      b,
      width,
      [
        i + 1,
        a.unit,
        name,
        row?.tt ?? '',
        row?.label ?? a.row,
        row?.unit ?? '',
        a.target,
        cell(a.achieved),
        cell(a.percent),
        a.met ? 'Đạt' : 'Chưa đạt',
        a.row,
      ],
      ['0', TEXT, TEXT, TEXT, TEXT, TEXT, format, format, '0.00', TEXT, TEXT],
      a.unit === rollup.unit,
    )
    const lines = Math.max(
      wrappedLines(name, widths[2] ?? 30, FONT_SIZE),
      wrappedLines(row?.label ?? '', widths[4] ?? 36, FONT_SIZE),
    )
    if (lines > 1) {
      b.rowHeights[at] = lines * lineHeight(FONT_SIZE) + 2
    }
  })
  return block('Chỉ tiêu', b, {
    headerRows: [header],
    tableRows: [header + 1, b.values.length],
    widths,
    hiddenColumns: [width - 1],
    wrapColumns: [2, 4],
    freeze: { rows: header, columns: 0 },
    print: print('landscape', printed - 1, b.values.length, header, null),
  })
}

/**
 * Lays out a rollup as its three sheets, and a fourth for targets when there are any. Texts are Vietnamese, as in the official forms.
 *
 * @example
 * const sheets = rollupSheets(b01, rollup, { at: new Date(), cutoff: '2026-11-30', missing })
 * sheets.map((sheet) => sheet.kind) // ['Tổng hợp', 'Đơn vị', 'Chưa nộp']
 */
export function rollupSheets(
  form: FormDefinition,
  rollup: RollupForSheets,
  options: RollupSheetsOptions,
): SheetBlock[] {
  const targets = targetsSheet(form, rollup, options)
  return [
    totalsSheet(form, rollup, options),
    unitsSheet(form, rollup, options),
    missingSheet(form, rollup, options),
    ...(targets ? [targets] : []),
  ]
}

/** The missing units of a rollup with their names and upper unions, from the tree at the cut-off. */
export function missingUnitsOf(
  codes: readonly string[],
  unitOf: (code: string) => { name: string; parent: string | null } | undefined,
): MissingUnit[] {
  return codes.map((code) => {
    const unit = unitOf(code)
    const parent = unit?.parent ?? null
    return {
      unit: code,
      name: unit?.name ?? '',
      parent,
      parentName: parent === null ? null : (unitOf(parent)?.name ?? null),
    }
  })
}

/**
 * Lays out a drill-down (truy nguyên) of one figure: every unit behind it, indented by depth,
 * with its standing, its value (a ratio's numerator and denominator), its share, and for a
 * missing unit what its last report gave.
 *
 * @example
 * breakdownSheet(b01, drill, { unitName: 'LĐLĐ tỉnh Bắc Kạn', at: new Date() }).kind // 'Truy nguyên'
 */
export function breakdownSheet(
  form: FormDefinition,
  drill: Breakdown,
  options: { unitName: string; at: Date },
): SheetBlock {
  const widths = BREAKDOWN_WIDTHS
  const width = widths.length
  const row = form.rows.find((r) => r.code === drill.row)
  const format = row ? numberFormatOf(row.kind) : 'General'
  const ratio = drill.kind === 'ratio'
  const b = builder()
  heading(
    b,
    widths,
    width,
    `TRUY NGUYÊN SỐ LIỆU: ${row?.tt ?? ''}. ${row?.label ?? drill.row}`,
    true,
  )
  const shown = (value: number | string | null) =>
    typeof value === 'number' ? formatVietnameseNumber(value) : (value ?? '')
  const total =
    ratio && drill.numerator !== null && drill.denominator !== null
      ? `${shown(drill.total)} % = ${shown(drill.numerator)} / ${shown(drill.denominator)}`
      : shown(drill.total)
  for (const text of [
    `Đơn vị: ${options.unitName} (${drill.unit}) · Kỳ báo cáo: ${periodInWords(drill.period)} · Biểu mẫu ${drill.form}`,
    `Số liệu tổng hợp: ${total}${row?.unit && !ratio ? ` ${row.unit}` : ''}`,
    `Lập lúc: ${vietnamDateTime(options.at)}`,
  ]) {
    heading(b, widths, width, text)
  }
  push(b, width, [])
  const header = push(
    b,
    width,
    [
      'STT',
      'Mã đơn vị',
      'Tên đơn vị',
      'Cấp trên',
      'Tình trạng',
      ratio ? 'Tử số' : drill.kind === 'weightedMean' ? 'Giá trị' : 'Số liệu',
      ratio ? 'Mẫu số' : drill.kind === 'weightedMean' ? 'Quyền số' : '',
      ratio ? 'Tỷ lệ (%)' : '',
      'Tỷ trọng (%)',
      'Kỳ trước gần nhất',
      'Số liệu lần báo cáo đó',
    ],
    [],
    true,
  )
  b.rowHeights[header] = 2 * lineHeight(FONT_SIZE)
  drill.lines.forEach((line, i) => {
    const last = line.last
    push(
      b,
      width,
      [
        i + 1,
        line.unit,
        `${'  '.repeat(Math.max(0, line.depth - 1))}${line.name}`,
        line.parent ?? '',
        STANDING_TEXTS[line.standing],
        cell(ratio ? line.numerator : line.value),
        cell(ratio || drill.kind === 'weightedMean' ? line.denominator : null),
        cell(ratio ? line.value : null),
        cell(line.share),
        last?.period ?? '',
        cell(ratio ? last?.numerator : last?.value),
      ],
      [
        '0',
        TEXT,
        TEXT,
        TEXT,
        TEXT,
        ratio ? COUNT : format,
        COUNT,
        '0.00',
        '0.00',
        TEXT,
        ratio ? COUNT : format,
      ],
    )
  })
  return block('Truy nguyên', b, {
    headerRows: [header],
    tableRows: drill.lines.length > 0 ? [header + 1, b.values.length] : null,
    widths,
    hiddenColumns: [],
    wrapColumns: [2],
    freeze: { rows: header, columns: 0 },
    print: print('landscape', width - 1, b.values.length, header, null),
  })
}

/**
 * Lays out one row of a unit's rollup over several periods, oldest first, for a line chart: the
 * period in words and its figure (empty when nothing was reported or the figure was refused).
 *
 * @example
 * periodSeriesSheet(b01, 'members.total', { unit: 'BK', unitName: 'LĐLĐ tỉnh Bắc Kạn' }, points).kind // 'Qua các kỳ'
 */
export function periodSeriesSheet(
  form: FormDefinition,
  rowCode: string,
  unit: { unit: string; unitName: string },
  points: readonly { period: string; value: number | string | null }[],
): SheetBlock {
  const widths = [24, 18, 12]
  const row = form.rows.find((r) => r.code === rowCode)
  const b = builder()
  heading(b, widths, 3, `${row?.tt ?? ''}. ${row?.label ?? rowCode} QUA CÁC KỲ`, true)
  heading(b, widths, 3, `Đơn vị: ${unit.unitName} (${unit.unit}) · Biểu mẫu ${form.id}`)
  push(b, 3, [])
  const header = push(
    b,
    3,
    ['Kỳ báo cáo', `Số liệu${row?.unit ? ` (${row.unit})` : ''}`, 'Mã kỳ'],
    [],
    true,
  )
  const format = row ? numberFormatOf(row.kind) : 'General'
  for (const point of points) {
    push(b, 3, [periodInWords(point.period), cell(point.value), point.period], [TEXT, format, TEXT])
  }
  return block('Qua các kỳ', b, {
    headerRows: [header],
    tableRows: points.length > 0 ? [header + 1, b.values.length] : null,
    widths,
    hiddenColumns: [],
    wrapColumns: [0],
    freeze: { rows: header, columns: 0 },
    print: print('portrait', 2, b.values.length, header, null),
  })
}
