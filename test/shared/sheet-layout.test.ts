/** @module Tests of the form sheet layout: the template's shape, formulas, formats, open cells, reading back by code. */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  CODE_HEADER,
  DOTTED,
  cellOfRow,
  columnIndex,
  columnLetter,
  formSheetLayout,
  layoutGrid,
  parseAddress,
  readFormGrid,
  rowCodesFromGrid,
} from '../../shared/sheet-layout.ts'
import { smallForm } from '../addin/fixture-form.ts'

const options = {
  unitName: 'CĐCS Trường THPT Chợ Mới',
  upperUnitName: 'Công đoàn Giáo dục tỉnh Bắc Kạn',
  cutoff: '2026-11-30',
  unitCode: 'BK-0001',
  periodId: '2026-Y',
}
const layout = formSheetLayout(smallForm, options)

describe('formSheetLayout', () => {
  it('heads the sheet like an official document: organisation, motto, title, period, cut-off', () => {
    const text = (address: string) => layout.cells.find((cell) => cell.address === address)
    expect(text('A1')?.text).toBe('CÔNG ĐOÀN GIÁO DỤC TỈNH BẮC KẠN')
    expect(text('A2')).toMatchObject({ text: 'CĐCS TRƯỜNG THPT CHỢ MỚI', underline: true })
    expect(text('C1')?.text).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')
    expect(text('C2')).toMatchObject({ text: 'Độc lập - Tự do - Hạnh phúc', underline: true })
    expect(text('A5')?.text).toBe('BÁO CÁO HOẠT ĐỘNG CÔNG ĐOÀN CƠ SỞ')
    expect(text('A6')?.text).toBe('Kỳ báo cáo: Năm 2026')
    expect(text('A7')?.text).toBe('Số liệu tính đến ngày 30/11/2026')
    expect(layout.merges).toEqual(expect.arrayContaining(['A1:B1', 'C1:E1', 'A5:E5']))
  })

  it('leaves dotted lines for the clerk where the unit and period are not known', () => {
    const blank = formSheetLayout(smallForm)
    const texts = blank.cells.map((cell) => cell.text)
    expect(texts).toContain(DOTTED)
    expect(texts).toContain(`Kỳ báo cáo: ${DOTTED}`)
    expect(texts).toContain('Số liệu tính đến ngày ……/……/…………')
    expect(texts.some((text) => text.startsWith('unit='))).toBe(false)
  })

  it('ends with the place and date line and the two signature columns', () => {
    const below = layout.cells.filter(
      (cell) => Number(/\d+$/.exec(cell.address)?.[0]) > layout.lastRow,
    )
    expect(below.map((cell) => cell.text)).toEqual([
      '……………, ngày …… tháng …… năm ……',
      'NGƯỜI LẬP BIỂU',
      'TM. BAN CHẤP HÀNH',
      '(Ký, ghi rõ họ tên)',
      'CHỦ TỊCH',
      '(Ký, ghi rõ họ tên, đóng dấu)',
    ])
    expect(layout.lastPrintedRow).toBeGreaterThan(layout.lastRow + 4)
  })

  it('prints on A4 in portrait, one page wide, the column headers repeated on every page', () => {
    expect(layout.print).toMatchObject({
      paper: 'A4',
      orientation: 'portrait',
      fitToWidth: 1,
      printArea: `A1:E${layout.lastPrintedRow}`,
      titleRows: `${layout.headerRow}:${layout.headerRow}`,
    })
  })

  it('gives a row as many lines as its label wraps into, and one line to a short label', () => {
    const long = formSheetLayout({
      ...smallForm,
      rows: smallForm.rows.map((row, i) =>
        i === 1 ? { ...row, label: `${row.label} ${'rất dài '.repeat(20)}` } : row,
      ),
    })
    const at = long.rows[1]!.rowNumber
    expect(long.rowHeights[at]).toBeGreaterThan(2 * 14)
    expect(long.rowHeights[long.rows[2]!.rowNumber]).toBeUndefined()
  })

  it('has the columns TT | Nội dung | Đơn vị tính | Số lượng | Ghi chú and a hidden code column', () => {
    expect(layout.columns.filter((c) => !c.hidden).map((c) => c.header)).toEqual([
      'TT',
      'Nội dung',
      'Đơn vị tính',
      'Số lượng',
      'Ghi chú',
    ])
    expect(layout.columns.find((c) => c.hidden)?.header).toBe(CODE_HEADER)
  })

  it('gives one sheet row per form row, in order, headings bold', () => {
    expect(layout.rows.map((r) => r.code)).toEqual(smallForm.rows.map((r) => r.code))
    expect(layout.lastRow - layout.firstRow + 1).toBe(smallForm.rows.length)
    expect(layout.boldRows).toContain(layout.rows[0]?.rowNumber)
    expect(layout.boldRows).not.toContain(layout.rows[1]?.rowNumber)
  })

  it('writes a ratio row as a formula over the value cells of its numerator and denominator', () => {
    const members = cellOfRow(layout, 'members.total')
    const workers = cellOfRow(layout, 'workers.total')
    const rate = layout.rows.find((r) => r.code === 'members.rate')
    expect(rate?.formula).toBe(
      `=IFERROR(IF(OR(${members}="",${workers}="",${workers}=0),"",ROUND(${members}/${workers}*100,2)),"")`,
    )
    expect(rate?.enterable).toBe(false)
  })

  it('formats counts and amounts with thousands, percents with 2 decimals, text as text', () => {
    const format = (code: string) => layout.rows.find((r) => r.code === code)?.numberFormat
    expect(format('workers.total')).toBe('#,##0')
    expect(format('welfare.amount')).toBe('#,##0')
    expect(format('members.rate')).toBe('0.00')
    expect(format('remarks')).toBe('@')
  })

  it('opens only the value and note cells of enterable rows', () => {
    const open = new Set<string>()
    for (const range of layout.unlockedRanges) {
      const [from, to] = range.split(':').map((a) => parseAddress(a ?? ''))
      for (let r = from!.row; r <= to!.row; r++) {
        for (let c = from!.column; c <= to!.column; c++) {
          open.add(`${columnLetter(c)}${r + 1}`)
        }
      }
    }
    for (const row of layout.rows) {
      expect(open.has(row.valueCell)).toBe(row.enterable)
      expect(open.has(row.noteCell)).toBe(row.enterable)
    }
    expect(open.has('B8')).toBe(false)
  })

  it('carries Excel data validation where a rule fits', () => {
    const rule = (code: string) => layout.rows.find((r) => r.code === code)?.validation
    expect(rule('workers.total')).toMatchObject({
      type: 'whole',
      operator: 'greaterThanOrEqual',
      min: 0,
    })
    expect(rule('welfare.amount')).toMatchObject({ type: 'decimal', min: 0 })
    expect(rule('leaders.women')).toMatchObject({
      type: 'decimal',
      operator: 'between',
      min: 0,
      max: 100,
    })
    expect(rule('remarks')).toMatchObject({ type: 'textLength', min: 500 })
    expect(rule('members.rate')).toBeNull()
    expect(rule('labour')).toBeNull()
  })
})

describe('reading a sheet back', () => {
  it('maps rows by code even after a user inserted a row above them', () => {
    const grid = layoutGrid(layout, { 'workers.total': 120, 'members.total': '25.000' })
    const inserted = [
      ...grid.slice(0, 8),
      ['', 'một dòng người dùng thêm', '', '', '', ''],
      ...grid.slice(8),
    ]
    const reading = readFormGrid(inserted, smallForm)
    expect(reading.values['workers.total']).toBe(120)
    expect(reading.values['members.total']).toBe('25.000')
    expect(reading.codes.meta).toEqual({
      form: 'B01',
      version: '2026.1',
      unit: 'BK-0001',
      period: '2026-Y',
    })
    // one sheet row lower than laid out: its 0-based grid index equals the old 1-based row number
    expect(reading.codes.rows.get('members.total')).toBe(layout.rows[3]!.rowNumber)
  })

  it('leaves out derived and heading rows and keeps notes', () => {
    const grid = layoutGrid(layout, { 'workers.total': 10 }, { 'workers.total': 'số liệu tạm' })
    const reading = readFormGrid(grid, smallForm)
    expect(Object.keys(reading.values)).not.toContain('members.rate')
    expect(Object.keys(reading.values)).not.toContain('labour')
    expect(reading.notes).toEqual({ 'workers.total': 'số liệu tạm' })
    expect(reading.values['welfare.amount']).toBeNull()
  })

  it('keeps codes the form does not know, so validation can report them', () => {
    const grid = layoutGrid(layout)
    grid.push(['9', 'lạ', '', 7, '', 'strange.row'])
    expect(readFormGrid(grid, smallForm).values['strange.row']).toBe(7)
  })

  it('finds nothing in a sheet without a code column', () => {
    expect(
      rowCodesFromGrid([
        ['a', 'b'],
        [1, 2],
      ]).rows.size,
    ).toBe(0)
  })

  it('reads ExcelJS formula results and rich text', () => {
    const grid = layoutGrid(layout) as unknown[][]
    const at = layout.rows[1]!.rowNumber - 1
    grid[at]![3] = { formula: '=5+5', result: 10 }
    grid[at]![4] = { richText: [{ text: 'số ' }, { text: 'tạm' }] }
    const reading = readFormGrid(grid, smallForm)
    expect(reading.values['workers.total']).toBe(10)
    expect(reading.notes['workers.total']).toBe('số tạm')
  })
})

describe('addresses', () => {
  it('converts column letters both ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16383 }), (n) => columnIndex(columnLetter(n)) === n),
    )
    expect(columnLetter(0)).toBe('A')
    expect(columnLetter(26)).toBe('AA')
    expect(parseAddress("'B01'!$D$12")).toEqual({ row: 11, column: 3 })
  })
})
