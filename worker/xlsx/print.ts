/**
 * @module A shared print setup (paper, fit, repeated rows and columns, footer) applied to an
 * ExcelJS worksheet, the worker's half of `shared/print-layout.ts`.
 */
import type ExcelJS from 'exceljs'
import type { PrintSetup } from '../../shared/print-layout.ts'

/** ExcelJS's paper size code of A4. */
const A4 = 9

export function applyPrintSetup(sheet: ExcelJS.Worksheet, print: PrintSetup): void {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: A4,
    orientation: print.orientation,
    horizontalCentered: print.centerHorizontally,
    printArea: print.printArea,
    margins: print.margins,
    ...(print.fitToWidth === null
      ? { fitToPage: false, scale: print.scale }
      : { fitToPage: true, fitToWidth: print.fitToWidth, fitToHeight: 0 }),
    ...(print.titleRows ? { printTitlesRow: print.titleRows } : {}),
    ...(print.titleColumns ? { printTitlesColumn: print.titleColumns } : {}),
  }
  sheet.headerFooter = { oddFooter: print.footer }
}
