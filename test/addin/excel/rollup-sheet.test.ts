/** @module Tests of pulling a rollup into a sheet: the totals, coverage, one row per child, in few syncs. */
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
  }
}

describe('pulling a rollup', () => {
  it('writes the totals, coverage and a row per child of a 200-child rollup in at most 3 syncs', async () => {
    const excel = installMockExcel([{ name: 'B01' }])
    const pulledAt = new Date('2026-12-05T02:30:00Z')
    const { sheet } = await pullRollupSheet(
      b01,
      rollupWithChildren(200),
      'LĐLĐ tỉnh Bắc Kạn',
      pulledAt,
    )
    expect(excel.syncs).toBeLessThanOrEqual(3)
    const grid = excel.sheet(sheet).grid
    const text = grid.map((line) => line.join('|')).join('\n')
    expect(text).toContain('Lấy lúc: 05/12/2026 09:30')
    expect(text).toContain('Chưa có trong tổng (3): BK.900, BK.901, BK.902')
    const total = grid.find((line) => line[5] === 'workers.total')
    expect(total?.[3]).toBe(21021)
    expect(total?.[4]).toBe(200)
    const childRows = grid.filter(
      (line) => typeof line[0] === 'string' && /^BK\.\d{3}$/.test(line[0]),
    )
    expect(childRows).toHaveLength(200)
  })

  it('keeps a unit name that looks like a formula as text', async () => {
    const excel = installMockExcel()
    const { sheet } = await pullRollupSheet(b01, rollupWithChildren(2), 'LĐLĐ', new Date())
    const row = excel.sheet(sheet).grid.find((line) => line[0] === 'BK.001')
    expect(row?.[1]).toBe('=CĐCS lạ')
  })

  it('never takes the name of a sheet already there', async () => {
    const excel = installMockExcel([{ name: 'TH BK 2026-Y' }])
    const { sheet } = await pullRollupSheet(b01, rollupWithChildren(1), 'LĐLĐ', new Date())
    expect(sheet).toBe('TH BK 2026-Y (2)')
    expect(excel.sheets.has(sheet)).toBe(true)
  })
})
