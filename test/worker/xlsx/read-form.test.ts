/**
 * @module Tests of the fast template reader (worker/xlsx/read-form.ts): it reads what ExcelJS
 * reads from the same workbook, numbers, texts with XML's special characters, rich text and notes
 * included, and tells a workbook that is not a template from one that is not a workbook.
 */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../../shared/form-catalog.ts'
import { readFormGrid } from '../../../shared/sheet-layout.ts'
import { templateWorkbook } from '../../../worker/xlsx/template.ts'
import { readFormWorkbook } from '../../../worker/xlsx/read-form.ts'

const b01 = defaultCatalog().get('B01')!

/** What ExcelJS reads: every sheet as a grid, the first with the code column read by code. */
async function readWithExcelJS(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  for (const sheet of workbook.worksheets) {
    const grid: unknown[][] = []
    sheet.eachRow((row, n) => {
      const line: unknown[] = []
      row.eachCell((cell, c) => {
        line[c - 1] = cell.value
      })
      grid[n - 1] = line
    })
    for (let r = 0; r < grid.length; r++) {
      grid[r] ??= []
    }
    const reading = readFormGrid(grid, b01)
    if (reading.codes.headerRow >= 0) {
      return reading
    }
  }
  return undefined
}

async function filled(
  edit: (sheet: ExcelJS.Worksheet, cellOf: (code: string, col?: number) => ExcelJS.Cell) => void,
) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(
    Buffer.from(
      await templateWorkbook(b01, { unitCode: 'G1', periodId: '2026-Y' }),
    ) as unknown as ArrayBuffer,
  )
  const sheet = workbook.worksheets[0]!
  const rows = new Map<string, number>()
  sheet.eachRow((row, n) => {
    const code = row.getCell(6).value
    if (typeof code === 'string') {
      rows.set(code, n)
    }
  })
  edit(sheet, (code, col = 4) => sheet.getRow(rows.get(code)!).getCell(col))
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

describe('readFormWorkbook', () => {
  it('reads the values, notes and meta cells ExcelJS reads', async () => {
    const bytes = await filled((_, cellOf) => {
      cellOf('workers.total').value = 5240
      cellOf('members.total').value = '25.000'
      cellOf('members.women').value = 1500.5
      cellOf('notes.other').value = 'Chi phí <dự kiến> & "thực chi" \'2026\''
      cellOf('notes.preparedBy').value = {
        richText: [{ text: 'Nguyễn ' }, { font: { bold: true }, text: 'Thị Hoà' }],
      }
      cellOf('workers.total', 5).value = 'số liệu tạm'
      cellOf('wage.persons').value = true
    })
    const fast = readFormWorkbook(bytes, b01)
    expect(fast.ok).toBe(true)
    const slow = await readWithExcelJS(bytes)
    expect(fast.ok && fast.reading.values).toEqual(slow?.values)
    expect(fast.ok && fast.reading.notes).toEqual(slow?.notes)
    expect(fast.ok && fast.reading.codes.meta).toEqual({
      form: 'B01',
      version: b01.version,
      unit: 'G1',
      period: '2026-Y',
    })
    expect(fast.ok && fast.reading.values['notes.preparedBy']).toBe('Nguyễn Thị Hoà')
  })

  it('says which of "not a workbook" and "not a template" a file is', async () => {
    expect(readFormWorkbook(new TextEncoder().encode('code,name\n'))).toEqual({
      ok: false,
      code: 'MALFORMED_WORKBOOK',
    })
    const plain = new ExcelJS.Workbook()
    plain.addWorksheet('Sheet1').getCell('A1').value = 'Báo cáo'
    const bytes = new Uint8Array(await plain.xlsx.writeBuffer())
    expect(readFormWorkbook(bytes)).toEqual({ ok: false, code: 'NOT_A_TEMPLATE' })
  })
})
