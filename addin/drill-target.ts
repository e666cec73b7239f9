/**
 * @module Which figure a selected cell of a pulled totals sheet ("TH BK 2026-Y") stands for: the
 * unit and period its name carries, the form and view its header line names, and the row code in
 * its hidden "Mã dòng" column, so that "Truy nguyên ô đang chọn" asks for the right breakdown.
 */
import { CODE_HEADER } from '../shared/sheet-layout.ts'

export interface DrillTarget {
  unit: string
  period: string
  form: string
  view: 'latest' | 'accepted'
  row: string
}

const TOTALS_SHEET = /^TH (\S+) (\d{4}-(?:H1|Y|Q[1-4]|M\d{2}))(?: \(\d+\))?$/
const FORM_IN_HEADER = /Biểu mẫu ([A-Z][A-Z0-9]*) \(/

/**
 * @example
 * drillTarget('TH BK 2026-Y', values, 12) // { unit: 'BK', period: '2026-Y', form: 'B01', view: 'latest', row: 'members.total' }
 */
export function drillTarget(
  sheetName: string,
  values: readonly (readonly unknown[])[],
  rowIndex: number,
): DrillTarget | undefined {
  const name = TOTALS_SHEET.exec(sheetName)
  const header = values.findIndex((line) => line.includes(CODE_HEADER))
  if (!name || header < 0 || rowIndex <= header) {
    return undefined
  }
  const text = (cell: unknown) => (typeof cell === 'string' ? cell : '')
  const headerLine = values.find((line) => FORM_IN_HEADER.test(text(line[0])))
  const form = FORM_IN_HEADER.exec(text(headerLine?.[0]))?.[1]
  const row = values[rowIndex]?.[values[header]!.indexOf(CODE_HEADER)]
  if (!form || typeof row !== 'string' || row === '') {
    return undefined
  }
  const accepted = text(headerLine?.[0]).includes('chỉ số liệu đã duyệt')
  return { unit: name[1]!, period: name[2]!, form, view: accepted ? 'accepted' : 'latest', row }
}
