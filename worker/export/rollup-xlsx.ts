/**
 * @module The rollup as an .xlsx workbook (?format=xlsx): sheet "Tổng hợp" with the totals of every
 * row and the coverage, sheet "Đơn vị" with one row per child unit; Vietnamese headers, number
 * formats, frozen headers. Every text is written as a plain string, never a formula.
 */
import ExcelJS from 'exceljs'
import type { FormDefinition, Value } from '../../shared/form-definition.ts'
import type { Rollup } from '../../shared/rollup.ts'
import { vietnamDateTime } from '../../shared/periods.ts'
import { neutralizeFormula } from './cell-text.ts'
import { tableColumns, tableLines } from './rollup-table.ts'

function cellValue(value: Value): ExcelJS.CellValue {
  return typeof value === 'string' ? neutralizeFormula(value) : value
}

export async function rollupWorkbook(
  form: FormDefinition,
  rollup: Rollup,
  meta: { periodLabel: string; generatedAt: Date },
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Báo cáo Công đoàn'
  const summary = workbook.addWorksheet('Tổng hợp', { views: [{ state: 'frozen', ySplit: 12 }] })
  summary.columns = [{ width: 8 }, { width: 60 }, { width: 14 }, { width: 18 }, { width: 16 }]
  const title = summary.getCell('A1')
  title.value = neutralizeFormula(`${form.title}: ${rollup.name}`)
  title.font = { bold: true, size: 14 }
  summary.mergeCells('A1:E1')
  const coverage = rollup.coverage
  const facts: [string, ExcelJS.CellValue][] = [
    ['Đơn vị', neutralizeFormula(`${rollup.name} (${rollup.unit})`)],
    ['Kỳ báo cáo', `${rollup.period} (số liệu đến ${meta.periodLabel})`],
    ['Biểu mẫu', `${rollup.form} phiên bản ${rollup.formVersion}`],
    ['Số liệu', rollup.view === 'accepted' ? 'Chỉ báo cáo đã duyệt' : 'Báo cáo mới nhất'],
    ['Phải báo cáo / đã nộp', `${coverage.expected} / ${coverage.submitted}`],
    ['Đã duyệt / bị trả lại', `${coverage.accepted} / ${coverage.returned}`],
    ['Nộp muộn', coverage.late],
    ['Chưa nộp', neutralizeFormula(coverage.missing.join(', ') || '—')],
    ['Lập lúc', vietnamDateTime(meta.generatedAt)],
  ]
  facts.forEach(([label, value], i) => {
    summary.getCell(`A${i + 2}`).value = label
    summary.getCell(`A${i + 2}`).font = { bold: true }
    summary.mergeCells(`A${i + 2}:B${i + 2}`)
    summary.getCell(`C${i + 2}`).value = value
  })
  const headerRow = 12
  const headers = ['TT', 'Nội dung', 'Đơn vị tính', 'Số lượng', 'Số đơn vị báo cáo']
  headers.forEach((header, i) => {
    const cell = summary.getCell(headerRow, i + 1)
    cell.value = header
    cell.font = { bold: true }
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } }
  })
  let r = headerRow + 1
  for (const row of form.rows.filter((row) => row.kind !== 'text')) {
    summary.getCell(r, 1).value = row.tt
    summary.getCell(r, 2).value = row.label
    summary.getCell(r, 3).value = row.unit
    if (row.heading) {
      summary.getRow(r).font = { bold: true }
    } else {
      const value = summary.getCell(r, 4)
      value.value = cellValue(rollup.values[row.code] ?? null)
      value.numFmt = row.kind === 'percent' ? '0.00' : '#,##0'
      summary.getCell(r, 5).value = rollup.reported[row.code] ?? 0
      summary.getCell(r, 5).numFmt = '#,##0'
    }
    r++
  }

  const units = workbook.addWorksheet('Đơn vị', {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }],
  })
  const columns = tableColumns(form)
  units.columns = columns.map((column, i) => ({
    width: i === 1 ? 48 : i < 8 ? 12 : 18,
    style: { numFmt: column.numFmt },
  }))
  const header = units.getRow(1)
  columns.forEach((column, i) => {
    const cell = header.getCell(i + 1)
    cell.value = column.header
    cell.font = { bold: true }
    cell.alignment = { wrapText: true, vertical: 'top' }
  })
  header.height = 60
  tableLines(form, rollup).forEach((line, i) => {
    const row = units.getRow(i + 2)
    line.forEach((value, c) => {
      row.getCell(c + 1).value = cellValue(value)
    })
    if (i === 0) {
      row.font = { bold: true }
    }
  })
  units.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } }
  const buffer = await workbook.xlsx.writeBuffer()
  return new Uint8Array(buffer as ArrayBuffer)
}
