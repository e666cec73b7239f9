/**
 * @module The "Nhập hộ" sheet as plain data: an upper-level union enters figures for the units
 * below it, one row per unit and one column per enterable row of their form, pre-filled with each
 * unit's latest report, who entered it and who reviewed it (the person, or "khóa đơn vị"), checked cell by cell with the same shared validation,
 * and read back as one set of values per unit.
 */
import type { Finding } from '../shared/finding.ts'
import type { FormDefinition, FormRow, RawValues, Values } from '../shared/form-definition.ts'
import { isEnterable } from '../shared/form-rows.ts'
import { cellScalar, columnLetter, numberFormatOf } from '../shared/sheet-layout.ts'
import { checkSubmission } from '../shared/validation.ts'
import { MARKS_HEADER } from './marks-plan.ts'
import { asCellText } from '../shared/cell-text.ts'
import type { ActingPerson } from '../shared/accounts.ts'
import type { Submission } from '../shared/api-schemas.ts'
import { enteredBy, reviewedBy } from './entered-by.ts'

/** First cell of the hidden row that holds the row codes, under the column headers. */
export const PROXY_CODE_HEADER = 'Mã dòng'
export const PROXY_UNIT_HEADER = 'Mã đơn vị'

/** A unit's latest report as the sheet was pre-filled with it. */
export interface ProxyPrefill {
  revision: number
  status: 'submitted' | 'accepted' | 'returned'
  submittedBy: string
  submittedByPerson: ActingPerson | null
  /** The unit and the person that reviewed the revision shown; null when nobody did. */
  reviewer: string | null
  reviewerPerson: ActingPerson | null
  values: Values
}

/** What the sheet keeps of a unit's latest report. */
export function prefillOf(submission: Submission): ProxyPrefill {
  return {
    revision: submission.revision,
    status: submission.status,
    submittedBy: submission.submittedBy,
    submittedByPerson: submission.submittedByPerson,
    reviewer: submission.review?.reviewer ?? null,
    reviewerPerson: submission.review?.reviewerPerson ?? null,
    values: submission.values,
  }
}

export interface ProxyUnit {
  code: string
  name: string
  prefill?: ProxyPrefill | undefined
}

/** Columns before the figures: code, name, who entered the figures shown, the standing, who
 * reviewed them. */
const LEAD = 5

const STANDING: Record<ProxyPrefill['status'], string> = {
  submitted: 'Đã nộp',
  accepted: 'Đã duyệt (khóa)',
  returned: 'Trả lại',
}

/** A stored value as the cell shows it: numbers as numbers, text as text, none as blank. */
function cellOf(value: Values[string] | undefined): string | number {
  return value === null || value === undefined ? '' : value
}

export interface ProxySheet {
  sheetName: string
  values: (string | number)[][]
  numberFormats: string[][]
  /** 1-based rows: the column headers and the hidden code row under them. */
  headerRow: number
  codeRow: number
  firstRow: number
  lastRow: number
  /** The figures' block, all units. */
  dataRange: string
  /** The rows' figure ranges a clerk may type into: every unit's but an accepted report's. */
  openRanges: string[]
  /** Columns (letters) with their row, for data validation. */
  columns: { letter: string; row: FormRow }[]
  marksColumn: string
}

const TEXT = numberFormatOf('text')

export function proxySheet(
  form: FormDefinition,
  units: readonly ProxyUnit[],
  { title, sheetName }: { title: string; sheetName: string },
): ProxySheet {
  const rows = form.rows.filter(isEnterable)
  const width = LEAD + rows.length + 1
  const marksColumn = columnLetter(width - 1)
  const text = (length: number): string[] => Array<string>(length).fill(TEXT)
  const values: (string | number)[][] = [
    [asCellText(title), ...Array<string>(width - 1).fill('')],
    [
      PROXY_UNIT_HEADER,
      'Tên đơn vị',
      'Người nhập',
      'Tình trạng',
      'Người duyệt',
      ...rows.map((row) => asCellText(`${row.tt} ${row.label} (${row.unit})`)),
      MARKS_HEADER,
    ],
    [
      PROXY_CODE_HEADER,
      `form=${form.id}@${form.version}`,
      '',
      '',
      '',
      ...rows.map((row) => row.code),
      '',
    ],
    ...units.map((unit) => [
      asCellText(unit.code),
      asCellText(unit.name),
      asCellText(
        enteredBy(
          unit.code,
          unit.prefill?.submittedBy ?? null,
          unit.prefill?.submittedByPerson ?? null,
        ),
      ),
      unit.prefill ? STANDING[unit.prefill.status] : 'Chưa nộp',
      asCellText(reviewedBy(unit.prefill?.reviewer ?? null, unit.prefill?.reviewerPerson ?? null)),
      ...rows.map((row) =>
        row.kind === 'text'
          ? asCellText(String(cellOf(unit.prefill?.values[row.code])))
          : cellOf(unit.prefill?.values[row.code]),
      ),
      '',
    ]),
  ]
  const numberFormats = values.map((_, r) =>
    r < 3 ? text(width) : [...text(LEAD), ...rows.map((row) => numberFormatOf(row.kind)), TEXT],
  )
  const firstRow = 4
  const lastRow = 3 + units.length
  return {
    sheetName,
    values,
    numberFormats,
    headerRow: 2,
    codeRow: 3,
    firstRow,
    lastRow,
    dataRange: `${columnLetter(LEAD)}${firstRow}:${columnLetter(LEAD - 1 + rows.length)}${Math.max(firstRow, lastRow)}`,
    openRanges: units.flatMap((unit, i) =>
      unit.prefill?.status === 'accepted'
        ? []
        : [
            `${columnLetter(LEAD)}${firstRow + i}:${columnLetter(LEAD - 1 + rows.length)}${firstRow + i}`,
          ],
    ),
    columns: rows.map((row, i) => ({ letter: columnLetter(LEAD + i), row })),
    marksColumn,
  }
}

export interface ProxyEntry {
  unit: string
  /** 1-based sheet row. */
  rowNumber: number
  raw: RawValues
  findings: Finding[]
  /** Row code → cell address, for marks and clicks. */
  cells: Record<string, string>
}

/**
 * Reads a "Nhập hộ" grid (row 0 = sheet row 1) and checks every unit row that holds a figure.
 * Returns null when the grid has no code row, i.e. it is not a "Nhập hộ" sheet.
 */
export function readProxyGrid(
  grid: readonly (readonly unknown[])[],
  form: FormDefinition,
): { entries: ProxyEntry[]; codeRow: number } | null {
  const codeRow = grid.findIndex((line) => cellScalar(line[0]) === PROXY_CODE_HEADER)
  const codes = grid[codeRow]
  if (codeRow < 0 || !codes) {
    return null
  }
  const columns: { index: number; code: string }[] = []
  codes.forEach((value, index) => {
    const code = cellScalar(value)
    if (index >= 2 && typeof code === 'string' && code !== '') {
      columns.push({ index, code })
    }
  })
  const entries: ProxyEntry[] = []
  for (let r = codeRow + 1; r < grid.length; r++) {
    const line = grid[r] ?? []
    const unit = cellScalar(line[0])
    if (unit === null || String(unit).trim() === '') {
      continue
    }
    const raw: RawValues = {}
    const cells: Record<string, string> = {}
    let filled = false
    for (const { index, code } of columns) {
      const value = cellScalar(line[index])
      const empty = value === null || (typeof value === 'string' && value.trim() === '')
      raw[code] = empty ? null : typeof value === 'boolean' ? String(value) : value
      filled ||= !empty
      cells[code] = `${columnLetter(index)}${r + 1}`
    }
    if (!filled) {
      continue
    }
    const { findings } = checkSubmission(form, raw)
    entries.push({ unit: String(unit).replace(/^'/, ''), rowNumber: r + 1, raw, findings, cells })
  }
  return { entries, codeRow }
}
