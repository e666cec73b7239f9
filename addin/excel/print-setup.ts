/**
 * @module A shared print setup applied to a worksheet through Office.js (page layout, ExcelApi
 * 1.9): the add-in's half of `shared/print-layout.ts`, so a sheet the pane writes prints as the
 * worker's .xlsx does. Hosts before 1.9 keep Excel's defaults.
 */
import type { PrintSetup } from '../../shared/print-layout.ts'
import { isExcelApiSupportedSafe } from './host.ts'

const POINTS_PER_INCH = 72

export function queuePrintSetup(sheet: Excel.Worksheet, print: PrintSetup): void {
  if (!isExcelApiSupportedSafe('1.9')) {
    return
  }
  const layout = sheet.pageLayout
  layout.paperSize = 'A4'
  layout.orientation = print.orientation === 'portrait' ? 'Portrait' : 'Landscape'
  layout.zoom =
    print.fitToWidth === null
      ? { scale: print.scale }
      : { horizontalFitToPages: print.fitToWidth, verticalFitToPages: 0 }
  layout.centerHorizontally = print.centerHorizontally
  layout.leftMargin = print.margins.left * POINTS_PER_INCH
  layout.rightMargin = print.margins.right * POINTS_PER_INCH
  layout.topMargin = print.margins.top * POINTS_PER_INCH
  layout.bottomMargin = print.margins.bottom * POINTS_PER_INCH
  layout.headerMargin = print.margins.header * POINTS_PER_INCH
  layout.footerMargin = print.margins.footer * POINTS_PER_INCH
  layout.setPrintArea(print.printArea)
  if (print.titleRows) {
    layout.setPrintTitleRows(`$${print.titleRows.replace(':', ':$')}`)
  }
  if (print.titleColumns) {
    layout.setPrintTitleColumns(`$${print.titleColumns.replace(':', ':$')}`)
  }
  layout.headersFooters.defaultForAllPages.centerFooter = print.footer.replace(/^&C/, '')
}
