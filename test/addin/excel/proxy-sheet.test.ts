/** @module Tests of the "Nhập hộ" sheet: one row per unit, checked cell by cell, read back per unit. */
import { describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../../shared/form-catalog.ts'
import type { FormDefinition } from '../../../shared/form-definition.ts'
import { hostFeatures } from '../../../addin/excel/host.ts'
import { checkProxySheet, insertProxySheet } from '../../../addin/excel/proxy-sheet.ts'
import { FILL } from '../../../addin/marks-plan.ts'
import { installMockExcel } from '../mock-excel.ts'

const b01 = defaultCatalog().get('B01') as FormDefinition
const units = [
  { code: 'BK.001', name: 'CĐCS Trường A' },
  { code: 'BK.002', name: 'CĐCS Trường B' },
]

describe('the "Nhập hộ" sheet', () => {
  it('has one row per unit and one column per enterable row, and checks each unit', async () => {
    const excel = installMockExcel()
    const { sheet } = await insertProxySheet(
      b01,
      units,
      { title: 'Nhập hộ', period: '2026-Y' },
      hostFeatures(),
    )
    const grid = excel.sheet(sheet).grid
    const codes = grid[2] ?? []
    expect(grid[3]?.slice(0, 2)).toEqual(['BK.001', 'CĐCS Trường A'])
    const column = (code: string) => codes.indexOf(code)
    expect(column('workers.total')).toBeGreaterThan(1)
    expect(column('workers.insuredRate')).toBe(-1)
    grid[3]![column('workers.total')] = 100
    grid[3]![column('workers.women')] = 150
    grid[3]![column('members.total')] = 90
    grid[4]![column('workers.total')] = 'nhiều'
    excel.syncs = 0
    const result = await checkProxySheet(b01, sheet, hostFeatures(), 'vi')
    expect(excel.syncs).toBeLessThanOrEqual(3)
    if (!result.ok) {
      throw new Error('not a proxy sheet')
    }
    expect(result.entries.map((entry) => entry.unit)).toEqual(['BK.001', 'BK.002'])
    const first = result.entries[0]!
    expect(first.raw['workers.total']).toBe(100)
    const women = first.cells['workers.women']!
    expect(excel.sheet(sheet).fills.get(women)).toBe(FILL.error)
    expect(excel.sheet(sheet).notes.get(women)).toContain('150')
    expect(result.entries[1]?.findings.some((f) => f.row === 'workers.total')).toBe(true)
  })
})
