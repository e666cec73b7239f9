/**
 * @module A worksheet read into a plain grid (row 0 = sheet row 1, column 0 = column A), the shape
 * the shared sheet readers take.
 */
import type ExcelJS from 'exceljs'

export function worksheetGrid(sheet: ExcelJS.Worksheet): unknown[][] {
  const grid: unknown[][] = []
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const line: unknown[] = []
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      line[colNumber - 1] = cell.value
    })
    grid[rowNumber - 1] = line
  })
  for (let r = 0; r < grid.length; r++) {
    grid[r] ??= []
  }
  return grid
}
