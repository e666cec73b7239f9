/**
 * @module Tests of the "Nhập hộ" sheet's layout (addin/proxy-layout.ts): each unit's row says who
 * entered and who reviewed the figures it shows, by name or "khóa đơn vị", and the figures still
 * read back by their row codes.
 */
import { describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import { proxySheet, readProxyGrid, type ProxyPrefill } from '../../addin/proxy-layout.ts'

const b01 = defaultCatalog().get('B01')!
const prefill = (over: Partial<ProxyPrefill>): ProxyPrefill => ({
  revision: 1,
  status: 'submitted',
  submittedBy: 'BK.GD.001',
  submittedByPerson: null,
  reviewer: null,
  reviewerPerson: null,
  values: { 'workers.total': 74 },
  ...over,
})

describe('proxySheet', () => {
  const sheet = proxySheet(
    b01,
    [
      {
        code: 'BK.GD.001',
        name: 'CĐCS Trường THPT Chuyên',
        prefill: prefill({
          status: 'accepted',
          submittedByPerson: { login: 'ha.thpt', name: 'Đặng Thu Hà' },
          reviewer: 'BK.GD',
          reviewerPerson: { login: 'hung.gd', name: 'Hoàng Văn Hùng' },
        }),
      },
      {
        code: 'BK.GD.002',
        name: 'CĐCS Trường Mầm non',
        prefill: prefill({ submittedBy: 'BK.GD', status: 'returned', reviewer: 'BK.GD' }),
      },
      { code: 'BK.GD.003', name: 'CĐCS Trường Tiểu học' },
    ],
    { title: 'Nhập hộ B01', sheetName: 'Nhập hộ' },
  )

  it('names who entered and who reviewed each unit’s figures, the person or the unit key', () => {
    expect(sheet.values[1]?.slice(0, 5)).toEqual([
      'Mã đơn vị',
      'Tên đơn vị',
      'Người nhập',
      'Tình trạng',
      'Người duyệt',
    ])
    expect(sheet.values.slice(3).map((row) => row.slice(2, 5))).toEqual([
      ['Đơn vị tự nhập: Đặng Thu Hà', 'Đã duyệt (khóa)', 'BK.GD: Hoàng Văn Hùng'],
      ['Cấp trên nhập (BK.GD): khóa đơn vị', 'Trả lại', 'BK.GD: khóa đơn vị'],
      ['', 'Chưa nộp', ''],
    ])
  })

  it('puts the figures after those columns, and reads them back by row code', () => {
    const total = sheet.columns.find((column) => column.row.code === 'workers.total')
    expect(total?.letter).toBe('F')
    const read = readProxyGrid(sheet.values, b01)
    expect(read?.entries.map((entry) => [entry.unit, entry.raw['workers.total']])).toEqual([
      ['BK.GD.001', 74],
      ['BK.GD.002', 74],
    ])
  })
})
