/** @module Tests of "Xem số liệu": a subordinate's submitted figures as the reviewer reads them. */
import { describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import type { ApiWarning } from '../../shared/api-schemas.ts'
import { reviewedReport } from '../../addin/review-values.ts'

const b01 = defaultCatalog().get('B01') as FormDefinition
const warning: ApiWarning = {
  rule: 'change:workers.total',
  code: 'period_change',
  row: 'workers.total',
  related: [],
  severity: 'warning',
  params: { value: 21021, previous: 14700, threshold: 40, direction: 'up', changePercent: 43 },
  acknowledged: true,
  reason: 'Trường mở thêm lớp',
}
const total = b01.rows.find((row) => row.code === 'workers.total')!
const submission = {
  values: { 'workers.total': 21021, 'workers.women': 9000, 'members.total': 20000 },
  warnings: [warning, { ...warning, rule: 'x', row: 'gone.row', acknowledged: false }],
}

describe('reviewedReport', () => {
  it('lists every row of the form with its value written the Vietnamese way', () => {
    const { rows } = reviewedReport(b01, submission, 'vi')
    expect(rows.map((row) => row.code)).toEqual(b01.rows.map((row) => row.code))
    const row = (code: string) => rows.find((r) => r.code === code)
    expect(row('workers.total')?.value).toBe('21.021')
    expect(row('workers.women')?.value).toBe('9.000')
    expect(row('maiam.houses')?.value).toBe('')
  })

  it('shows the derived rate the reviewer would see in the sheet', () => {
    const { rows } = reviewedReport(b01, submission, 'vi')
    expect(rows.find((row) => row.code === 'members.rate')?.value).toBe('95,14')
  })

  it('puts each warning beside its row, saying whether the unit confirmed it and why', () => {
    const { rows, unplaced } = reviewedReport(b01, submission, 'vi')
    const message = `Dòng ${total.tt} "${total.label}": 21.021 so với kỳ trước 14.700 (tăng 43%), vượt ngưỡng 40%. Hãy kiểm tra lại; nếu đúng, xác nhận khi gửi báo cáo.`
    expect(rows.find((row) => row.code === 'workers.total')?.warnings).toEqual([
      { message, acknowledged: true, reason: 'Trường mở thêm lớp' },
    ])
    expect(unplaced).toEqual([
      {
        message: expect.stringMatching(/^Dòng "gone.row": 21.021 so với kỳ trước/) as string,
        acknowledged: false,
        reason: null,
      },
    ])
  })

  it('shows the previous period’s figure and the row’s Ghi chú beside the value', () => {
    const { rows } = reviewedReport(
      b01,
      { ...submission, notes: { 'workers.total': 'Gồm 4 hợp đồng thời vụ' } },
      'vi',
      { 'workers.total': 14700 },
    )
    expect(rows.find((row) => row.code === 'workers.total')).toMatchObject({
      value: '21.021',
      previous: '14.700',
      note: 'Gồm 4 hợp đồng thời vụ',
    })
  })

  it('speaks English when the pane does', () => {
    const { rows } = reviewedReport(b01, submission, 'en')
    const total = rows.find((row) => row.code === 'workers.total')
    expect(total?.value).toBe('21,021')
    expect(total?.warnings[0]?.message).toBe(
      `Row ${total?.tt} "${b01.rows.find((row) => row.code === 'workers.total')?.labelEn}": 21,021 against 14,700 in the previous period (up 43%), beyond the 40% threshold. Check it; if it is right, confirm it when submitting.`,
    )
  })
})
