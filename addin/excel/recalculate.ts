/**
 * @module Recalculates the workbook, so that CONGDOAN formulas showing "Chưa đăng nhập" fill in
 * after a sign-in (and say it again after a sign-out) without the clerk pressing
 * Ctrl+Alt+Shift+F9: Excel calls a custom function again only for a cell it marks dirty, and a
 * sign-in dirties none. A full recalculation (ExcelApi 1.1) marks them all.
 */
import { runExcel } from './run.ts'

export async function recalculateWorkbook(): Promise<void> {
  await runExcel(async (context) => {
    context.application.calculate('Full')
    await context.sync()
  })
}
