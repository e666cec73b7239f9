/** @module Tests of reading a sheet into a grid: one sync, padded to A1, empty sheets empty. */
import { describe, expect, it } from 'vitest'
import { gridFromA1, readSheetGrid } from '../../../addin/excel/sheet-io.ts'
import { installMockExcel } from '../mock-excel.ts'

describe('reading a sheet', () => {
  it('reads the used range in one sync', async () => {
    const excel = installMockExcel([
      {
        name: 'S',
        grid: [
          ['a', 1],
          ['b', 2],
        ],
      },
    ])
    const grid = await Excel.run((context) => readSheetGrid(context, 'S'))
    expect(grid).toEqual([
      ['a', 1],
      ['b', 2],
    ])
    expect(excel.syncs).toBe(1)
  })

  it('gives an empty grid for an empty sheet', async () => {
    installMockExcel([{ name: 'S' }])
    expect(await Excel.run((context) => readSheetGrid(context, 'S'))).toEqual([])
  })

  it('pads a block that starts below and right of A1', () => {
    expect(gridFromA1([[1, 2]], 2, 1)).toEqual([[''], [''], ['', 1, 2]])
  })
})
