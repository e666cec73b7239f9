/** @module Tests of pulling a rollup into sheets: the totals, one row per child, the missing units, in few syncs. */
import { describe, expect, it } from 'vitest'
import type { RollupResponse } from '../../../shared/api-schemas.ts'
import { defaultCatalog } from '../../../shared/form-catalog.ts'
import type { FormDefinition } from '../../../shared/form-definition.ts'
import { pullRollupSheet } from '../../../addin/excel/rollup-sheet.ts'
import { installMockExcel } from '../mock-excel.ts'

const b01 = defaultCatalog().get('B01') as FormDefinition
const coverage = (expected: number, submitted: number) => ({
  expected,
  counted: submitted,
  submitted,
  accepted: 0,
  returned: 0,
  late: 0,
  missing: [],
})

function rollupWithChildren(count: number): RollupResponse {
  const children = Array.from({ length: count }, (_, i) => ({
    unit: `BK.${String(i + 1).padStart(3, '0')}`,
    name: i === 0 ? '=CĐCS lạ' : `CĐCS số ${i + 1}`,
    level: 'grassroots' as const,
    values: { 'workers.total': 100 + i, 'members.total': 90 + i },
    reported: { 'workers.total': 1, 'members.total': 1 },
    coverage: coverage(1, 1),
  }))
  return {
    unit: 'BK',
    name: 'LĐLĐ tỉnh Bắc Kạn',
    level: 'province',
    ignored: 0,
    period: '2026-Y',
    form: 'B01',
    formVersion: b01.version,
    view: 'latest',
    values: { 'workers.total': 21021, 'members.total': 20000, 'members.rate': 95.14 },
    reported: { 'workers.total': count, 'members.total': count },
    coverage: { ...coverage(count + 3, count), missing: ['BK.900', 'BK.901', 'BK.902'] },
    children,
    versions: { [b01.version]: count },
    missingUnits: ['BK.900', 'BK.901', 'BK.902'].map((unit) => ({
      unit,
      name: `CĐCS ${unit}`,
      parent: 'BK.GD',
      parentName: 'Công đoàn Giáo dục',
    })),
  }
}

const pull = (rollup: RollupResponse, at = new Date()) =>
  pullRollupSheet(b01, rollup, { missing: rollup.missingUnits, cutoff: '2026-11-30', at })

describe('pulling a rollup', () => {
  it('writes the totals, a row per child and the missing units of a 200-child rollup in 2 syncs', async () => {
    const excel = installMockExcel([{ name: 'B01' }])
    const { sheet, sheets } = await pull(rollupWithChildren(200), new Date('2026-12-05T02:30:00Z'))
    expect(excel.syncs).toBeLessThanOrEqual(2)
    expect(sheets).toEqual(['TH BK 2026-Y', 'TH đơn vị BK 2026-Y', 'Chưa nộp BK 2026-Y'])
    const grid = excel.sheet(sheet).grid
    const text = grid.map((line) => line.join('|')).join('\n')
    expect(text).toContain('Lập lúc: 05/12/2026 09:30')
    expect(text).toContain('Kỳ báo cáo: Năm 2026 (số liệu tính đến ngày 30/11/2026)')
    const total = grid.find((line) => line[5] === 'workers.total')
    expect(total?.[3]).toBe(21021)
    expect(total?.[4]).toBe(200)
    const childRows = excel
      .sheet(sheets[1]!)
      .grid.filter((line) => typeof line[0] === 'string' && /^BK\.\d{3}$/.test(line[0]))
    expect(childRows).toHaveLength(200)
    const missing = excel.sheet(sheets[2]!).grid.filter((line) => typeof line[0] === 'number')
    expect(missing.map((line) => line.slice(0, 4))).toEqual([
      [1, 'BK.900', 'CĐCS BK.900', 'Công đoàn Giáo dục'],
      [2, 'BK.901', 'CĐCS BK.901', 'Công đoàn Giáo dục'],
      [3, 'BK.902', 'CĐCS BK.902', 'Công đoàn Giáo dục'],
    ])
    expect(excel.sheet(sheets[1]!).print.get('titleColumns')).toBe('$A:$B')
  })

  it('keeps a unit name that looks like a formula as text', async () => {
    const excel = installMockExcel()
    const { sheets } = await pull(rollupWithChildren(2))
    const row = excel.sheet(sheets[1]!).grid.find((line) => line[0] === 'BK.001')
    expect(row?.[1]).toBe('=CĐCS lạ')
  })

  it('never takes the name of a sheet already there', async () => {
    const excel = installMockExcel([{ name: 'TH BK 2026-Y' }])
    const { sheet } = await pull(rollupWithChildren(1))
    expect(sheet).toBe('TH BK 2026-Y (2)')
    expect(excel.sheets.has(sheet)).toBe(true)
  })
})
