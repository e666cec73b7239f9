/**
 * @module Tests of the desk's tables as plain data: rows in the clerk's words, the units to chase,
 * the rows a selection names, and which selected reports can be accepted at once.
 */
import { describe, expect, it } from 'vitest'
import type { UnitStatus } from '../../shared/api-schemas.ts'
import {
  acceptVerdict,
  chasingTableRows,
  rowsOfAddress,
  statusTableRows,
  STATUS_HEADER,
} from '../../addin/status-table.ts'

const unit = (overrides: Partial<UnitStatus>): UnitStatus => ({
  unit: 'BK.GD.001',
  name: 'CĐCS Trường THPT Chợ Đồn',
  level: 'grassroots',
  parent: 'BK.GD',
  parentName: 'Công đoàn ngành Giáo dục',
  form: 'B01',
  status: 'submitted',
  revision: 2,
  submittedAt: '2026-12-01T02:00:00Z',
  late: false,
  submittedBy: 'BK.GD',
  submittedByPerson: { login: 'binh@bk.vn', name: 'Trần Văn Bình' },
  warnings: 2,
  unconfirmed: 1,
  reviewer: null,
  reviewerPerson: null,
  decision: null,
  phone: null,
  email: null,
  ...overrides,
})

describe('the status table', () => {
  it('writes one row per unit in the header’s order, who entered it in words, by name', () => {
    const [row] = statusTableRows([unit({})])
    expect(row).toHaveLength(STATUS_HEADER.length)
    expect(row).toEqual([
      'BK.GD.001',
      'CĐCS Trường THPT Chợ Đồn',
      'Công đoàn ngành Giáo dục',
      'Đã nộp',
      '01/12/2026 09:00',
      '',
      2,
      'Cấp trên nhập (BK.GD): Trần Văn Bình',
      2,
      1,
      '',
      '',
    ])
  })

  it('names the reviewer, and says "khóa đơn vị" where a unit key sent or reviewed', () => {
    const [row] = statusTableRows([
      unit({
        submittedBy: 'BK.GD.001',
        submittedByPerson: null,
        status: 'accepted',
        reviewer: 'BK.GD',
        reviewerPerson: { login: 'hoa@bk.vn', name: 'Lê Thị Hoa' },
        decision: 'accept',
      }),
    ])
    expect(row?.[STATUS_HEADER.indexOf('Người nhập')]).toBe('Đơn vị tự nhập: khóa đơn vị')
    expect(row?.[STATUS_HEADER.indexOf('Người duyệt')]).toBe('BK.GD: Lê Thị Hoa')
  })

  it('chases the units not sent and the late ones, with their contacts', () => {
    const rows = chasingTableRows([
      unit({ unit: 'A', status: 'none', phone: '0912 345 678', email: 'a@x.vn' }),
      unit({ unit: 'B', late: true }),
      unit({ unit: 'C' }),
    ])
    // A phone is written as text ('), so Excel keeps its leading zero.
    expect(rows.map((row) => [row[0], row[3], row[4]])).toEqual([
      ['A', 'Chưa nộp', "'0912 345 678"],
      ['B', 'Nộp muộn', ''],
    ])
  })
})

describe('a selection', () => {
  it('names the rows of the status sheet it covers, and none of another sheet', () => {
    expect(rowsOfAddress("'Tình hình nộp báo cáo'!A5:C7", 'Tình hình nộp báo cáo')).toEqual([
      5, 6, 7,
    ])
    expect(rowsOfAddress("'Tình hình nộp báo cáo'!B9", 'Tình hình nộp báo cáo')).toEqual([9])
    expect(rowsOfAddress('Sheet1!A5:A7', 'Tình hình nộp báo cáo')).toEqual([])
  })

  it('accepts only sent reports with every warning confirmed, and says why not otherwise', () => {
    expect(
      [
        unit({ unconfirmed: 0 }),
        unit({}),
        unit({ status: 'none' }),
        unit({ status: 'accepted' }),
        unit({ status: 'returned', unconfirmed: 0 }),
      ].map((u) => {
        const verdict = acceptVerdict(u)
        return verdict.ok ? 'ok' : verdict.reason
      }),
    ).toEqual(['ok', 'skipUnconfirmed', 'skipNone', 'skipAccepted', 'skipReturned'])
  })
})
