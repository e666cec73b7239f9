/** @module Tests of what a selected figure stands for, and of the charts a pulled rollup gets. */
import { describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import { rollupSheets } from '../../shared/rollup-sheets.ts'
import type { RollupForSheets } from '../../shared/rollup-sheets.ts'
import { drillTarget } from '../../addin/drill-target.ts'
import { chartPlans } from '../../addin/chart-plan.ts'

const b01 = defaultCatalog().get('B01')!
const coverage = {
  expected: 2,
  counted: 1,
  submitted: 1,
  accepted: 0,
  returned: 0,
  late: 0,
  missing: ['G2'],
}
const rollup: RollupForSheets = {
  unit: 'BK',
  name: 'LĐLĐ tỉnh Bắc Kạn',
  period: '2026-Y',
  form: 'B01',
  formVersion: b01.version,
  view: 'latest',
  values: { 'members.total': 90, 'members.rate': 90 },
  reported: { 'members.total': 1 },
  coverage,
  children: [
    {
      unit: 'U1',
      name: 'Ngành Giáo dục',
      values: { 'members.new': 5 },
      coverage: { ...coverage, expected: 3, submitted: 3, accepted: 2, late: 1, missing: [] },
    },
    {
      unit: 'U2',
      name: 'Khu công nghiệp',
      values: { 'members.new': 9 },
      coverage: { ...coverage, expected: 4, submitted: 2, accepted: 1, missing: ['G7', 'G8'] },
    },
  ],
}
const achievement = (unit: string, row: string, target: number, achieved: number) => ({
  unit,
  row,
  target,
  achieved,
  percent: (achieved / target) * 100,
  met: achieved >= target,
})
const sheets = rollupSheets(b01, rollup, {
  at: new Date('2026-11-29T07:00:00Z'),
  missing: [],
  targets: {
    own: [],
    children: [
      achievement('U1', 'members.new', 10, 5),
      achievement('U2', 'members.new', 10, 9),
      achievement('U1', 'members.rate', 80, 90),
    ],
    rows: [],
  },
})

describe('drillTarget', () => {
  it('reads the unit and period off the sheet name, the form off its header, the row off its code column', () => {
    const totals = sheets[0]!
    const row = totals.values.findIndex((line) => line[5] === 'members.rate')
    expect(drillTarget('TH BK 2026-Y', totals.values, row)).toEqual({
      unit: 'BK',
      period: '2026-Y',
      form: 'B01',
      view: 'latest',
      row: 'members.rate',
    })
    expect(drillTarget('TH BK 2026-Y (2)', totals.values, row)?.unit).toBe('BK')
  })

  it('has nothing for a header line, another sheet or a heading row', () => {
    const totals = sheets[0]!
    expect(drillTarget('TH BK 2026-Y', totals.values, 1)).toBeUndefined()
    expect(drillTarget('TH đơn vị BK 2026-Y', totals.values, 20)).toBeUndefined()
    const heading = totals.values.findIndex((line) => line[5] === 'labour')
    expect(drillTarget('TH BK 2026-Y', totals.values, heading)?.row).toBe('labour')
  })
})

describe('chartPlans', () => {
  it('charts coverage by child union and the first row with targets for several units', () => {
    const plans = chartPlans(sheets)
    const units = sheets.find((s) => s.kind === 'Đơn vị')!
    const header = units.headerRows[0]!
    expect(plans[0]).toMatchObject({
      kind: 'Đơn vị',
      source: `D${header + 2}:F${header + 3}`,
      categories: `B${header + 2}:B${header + 3}`,
      seriesNames: ['Đã nộp', 'Đã duyệt', 'Chưa nộp'],
    })
    // The series are the pulled cells: each child union's sent, accepted and missing counts.
    const columns = (from: string, to: string) =>
      units.values
        .slice(header + 1)
        .map((line) => line.slice(from.charCodeAt(0) - 65, to.charCodeAt(0) - 64))
    expect(columns('B', 'B')).toEqual([['Ngành Giáo dục'], ['Khu công nghiệp']])
    expect(columns('D', 'F')).toEqual([
      [3, 2, 0],
      [2, 1, 2],
    ])
    const targets = sheets.find((s) => s.kind === 'Chỉ tiêu')!
    const top = targets.headerRows[0]!
    expect(plans[1]).toMatchObject({
      kind: 'Chỉ tiêu',
      source: `G${top + 1}:H${top + 2}`,
      categories: `C${top + 1}:C${top + 2}`,
    })
    expect(targets.values[top]?.[1]).toBe('U1')
  })
})
