/**
 * @module Reading a worksheet into a plain grid in one batch: the used range's values (or formulas)
 * padded so that grid row 0 is sheet row 1 and grid column 0 is column A, as shared/ expects.
 */

export type Grid = unknown[][]

/** Pads a block read at (rowIndex, columnIndex) so it starts at A1. */
export function gridFromA1(
  block: readonly (readonly unknown[])[],
  rowIndex: number,
  columnIndex: number,
): Grid {
  const pad = Array.from({ length: columnIndex }, () => '')
  const grid: Grid = Array.from({ length: rowIndex }, () => [...pad])
  for (const line of block) {
    grid.push([...pad, ...line])
  }
  return grid
}

/**
 * Queues the load of a sheet's used range; the returned function gives the grid after the next
 * `context.sync()` (an empty grid for an empty sheet).
 */
export function queueGrid(
  sheet: Excel.Worksheet,
  property: 'values' | 'formulas' = 'values',
): () => Grid {
  const used = sheet.getUsedRangeOrNullObject(true)
  used.load(['rowIndex', 'columnIndex', property])
  return () =>
    used.isNullObject ? [] : gridFromA1(used[property], used.rowIndex, used.columnIndex)
}

/** Reads one sheet into a grid: one `context.sync()`. */
export async function readSheetGrid(
  context: Excel.RequestContext,
  sheetName: string,
  property: 'values' | 'formulas' = 'values',
): Promise<Grid> {
  const read = queueGrid(context.workbook.worksheets.getItem(sheetName), property)
  await context.sync()
  return read()
}
