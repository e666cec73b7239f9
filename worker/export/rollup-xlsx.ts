/**
 * @module The rollup as an .xlsx workbook (?format=xlsx): the sheets "Tổng hợp", "Đơn vị" and
 * "Chưa nộp" of `shared/rollup-sheets.ts`, the layout the pane pulls into Excel, so that the file
 * prints on A4 as the pane's sheets do.
 */
import ExcelJS from 'exceljs'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { rollupSheets } from '../../shared/rollup-sheets.ts'
import type { RollupForSheets, RollupSheetsOptions } from '../../shared/rollup-sheets.ts'
import { writeSheetBlock } from '../xlsx/sheet-block.ts'

export async function rollupWorkbook(
  form: FormDefinition,
  rollup: RollupForSheets,
  options: RollupSheetsOptions,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Báo cáo Công đoàn'
  workbook.title = `${form.title}: ${rollup.name}`
  for (const block of rollupSheets(form, rollup, options)) {
    writeSheetBlock(workbook, block.kind, block)
  }
  const buffer = await workbook.xlsx.writeBuffer()
  return new Uint8Array(buffer)
}
