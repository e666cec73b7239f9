/** @module Tests of "Xem số liệu": a subordinate's submitted figures as the reviewer reads them. */
import { describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { reviewedReport } from '../../addin/review-values.ts'

const b01 = defaultCatalog().get('B01') as FormDefinition
const warning = {
  rule: 'change:workers.total',
  code: 'period_change',
  row: 'workers.total',
  related: [],
  severity: 'warning' as const,
  message: 'Dòng 1 "Tổng số lao động" tăng 43% so với kỳ trước.',
  messageEn: 'Row 1 "Total workers" rose 43% on the previous period.',
  params: {},
  acknowledged: true,
}
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

  it('puts each warning beside its row, saying whether the unit confirmed it', () => {
    const { rows, unplaced } = reviewedReport(b01, submission, 'vi')
    expect(rows.find((row) => row.code === 'workers.total')?.warnings).toEqual([
      { message: warning.message, acknowledged: true },
    ])
    expect(unplaced).toEqual([{ message: warning.message, acknowledged: false }])
  })

  it('speaks English when the pane does', () => {
    const { rows } = reviewedReport(b01, submission, 'en')
    const total = rows.find((row) => row.code === 'workers.total')
    expect(total?.value).toBe('21,021')
    expect(total?.warnings[0]?.message).toBe(warning.messageEn)
  })
})
