/**
 * @module The sheet a pulled rollup becomes (số liệu tổng hợp), as plain data: a header with the
 * unit, period, view and time it was pulled, the coverage, the totals by row with how many units
 * reported each, and one row per child unit with its figures.
 */
import type { RollupResponse } from '../shared/api-schemas.ts'
import type { FormDefinition } from '../shared/form-definition.ts'
import { columnLetter } from '../shared/sheet-layout.ts'
import { vietnamDateTime } from '../shared/periods.ts'
import { asCellText } from './sheet-text.ts'

export type RollupCell = string | number

export interface RollupSheet {
  /** At most 31 characters, without the characters Excel forbids in sheet names. */
  sheetName: string
  values: RollupCell[][]
  /** Same shape as `values`. */
  numberFormats: string[][]
  boldRows: number[]
  /** 1-based rows of the two table headers. */
  headerRows: number[]
  /** Column widths in characters. */
  widths: number[]
}

const FORMATS = { count: '#,##0', amount: '#,##0', average: '#,##0', percent: '0.00', text: '@' }

function cell(value: string | number | null | undefined): RollupCell {
  if (value === null || value === undefined) {
    return ''
  }
  return typeof value === 'number' ? value : asCellText(value)
}

/** A sheet name from parts, cut to Excel's 31 characters and cleaned of `[]:*?/\`. */
export function sheetNameOf(parts: string[], taken: readonly string[] = []): string {
  const base = parts
    .join(' ')
    .replace(/[[\]:*?/\\]/g, '-')
    .slice(0, 31)
  const lower = new Set(taken.map((name) => name.toLowerCase()))
  if (!lower.has(base.toLowerCase())) {
    return base
  }
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`
    const name = base.slice(0, 31 - suffix.length) + suffix
    if (!lower.has(name.toLowerCase())) {
      return name
    }
  }
}

/**
 * Lays out a rollup. Texts are Vietnamese, as in the official forms.
 *
 * @example
 * const sheet = rollupSheet(b01, rollup, { unitName: 'LĐLĐ tỉnh Bắc Kạn', pulledAt: new Date(), taken: [] })
 */
export function rollupSheet(
  form: FormDefinition,
  rollup: RollupResponse,
  { unitName, pulledAt, taken }: { unitName: string; pulledAt: Date; taken: readonly string[] },
): RollupSheet {
  const rows = form.rows.filter((row) => row.kind !== 'text' || row.heading)
  const figures = rows.filter((row) => !row.heading)
  const width = Math.max(6, 3 + figures.length)
  const values: RollupCell[][] = []
  const numberFormats: string[][] = []
  const boldRows: number[] = []
  const headerRows: number[] = []
  const push = (line: RollupCell[], formats: string[] = [], bold = false): void => {
    values.push([...line, ...Array<RollupCell>(width - line.length).fill('')])
    numberFormats.push(
      Array.from(
        { length: width },
        (_, c) => formats[c] ?? (typeof line[c] === 'number' ? 'General' : '@'),
      ),
    )
    if (bold) {
      boldRows.push(values.length)
    }
  }
  const coverage = rollup.coverage
  push([`SỐ LIỆU TỔNG HỢP: ${form.title}`], [], true)
  push([`Đơn vị: ${unitName} (${rollup.unit})`])
  push([
    `Kỳ báo cáo: ${rollup.period} · Biểu mẫu ${rollup.form} (${rollup.formVersion}) · ${rollup.view === 'accepted' ? 'chỉ số liệu đã duyệt' : 'số liệu mới nhất'}`,
  ])
  push([`Lấy lúc: ${vietnamDateTime(pulledAt)}`])
  push([
    `Đơn vị phải báo cáo: ${coverage.expected} · Đã nộp: ${coverage.submitted} · Đã duyệt: ${coverage.accepted} · Trả lại: ${coverage.returned} · Nộp muộn: ${coverage.late} · Tính vào tổng: ${coverage.counted}`,
  ])
  push([
    coverage.missing.length === 0
      ? 'Chưa có trong tổng: không có'
      : `Chưa có trong tổng (${coverage.missing.length}): ${coverage.missing.slice(0, 60).join(', ')}${coverage.missing.length > 60 ? ', …' : ''}`,
  ])
  push([])
  push(['TT', 'Nội dung', 'Đơn vị tính', 'Tổng hợp', 'Số đơn vị có số liệu', 'Mã dòng'], [], true)
  headerRows.push(values.length)
  for (const row of rows) {
    push(
      [
        asCellText(row.tt),
        row.label,
        row.unit,
        row.heading ? '' : cell(rollup.values[row.code]),
        row.heading ? '' : (rollup.reported[row.code] ?? 0),
        row.code,
      ],
      ['@', '@', '@', FORMATS[row.kind], '#,##0', '@'],
      row.heading === true,
    )
  }
  push([])
  push(['Chi tiết theo đơn vị trực thuộc'], [], true)
  push(
    [
      'Mã đơn vị',
      'Tên đơn vị',
      'Đã nộp / phải nộp',
      ...figures.map((row) => `${row.tt} ${row.label}`),
    ],
    [],
    true,
  )
  headerRows.push(values.length)
  for (const child of rollup.children) {
    push(
      [
        asCellText(child.unit),
        cell(child.name),
        `${child.coverage.submitted}/${child.coverage.expected}`,
        ...figures.map((row) => cell(child.values[row.code])),
      ],
      ['@', '@', '@', ...figures.map((row) => FORMATS[row.kind])],
    )
  }
  return {
    sheetName: sheetNameOf(['TH', rollup.unit, rollup.period], taken),
    values,
    numberFormats,
    boldRows,
    headerRows,
    widths: [12, 48, 14, 16, 14, ...Array<number>(Math.max(0, width - 5)).fill(14)],
  }
}

/** The A1 range of a block of `rows` × `columns` starting at A1. */
export function blockRange(rows: number, columns: number): string {
  return `A1:${columnLetter(columns - 1)}${rows}`
}
