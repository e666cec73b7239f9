/** @module Tests of the marks plan: one mark per cell, the worst severity wins, old marks cleared. */
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../shared/finding.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { MARKS_HEADER, marksForFindings, planMarks, trackedCells } from '../../addin/marks-plan.ts'

const form: Pick<FormDefinition, 'rows' | 'rules'> = {
  rows: [
    {
      code: 'a',
      tt: '1',
      label: 'Tổng số',
      labelEn: 'Total',
      unit: 'người',
      kind: 'count',
      aggregate: { type: 'sum' },
    },
    {
      code: 'b',
      tt: '1.1',
      label: 'Trong đó nữ',
      labelEn: 'Of which women',
      unit: 'người',
      kind: 'count',
      parent: 'a',
      aggregate: { type: 'sum' },
    },
  ],
  rules: [],
}

const required = (row: string): Finding => ({
  rule: `required:${row}`,
  code: 'required',
  row,
  related: [],
  severity: 'error',
  params: {},
})

const change = (row: string): Finding => ({
  rule: `change:${row}`,
  code: 'period_change',
  row,
  related: [],
  severity: 'warning',
  params: { value: 90, previous: 30, threshold: 40, direction: 'up', changePercent: 200 },
})

describe('marks', () => {
  it('puts one mark per cell, errors over warnings, errors listed first', () => {
    const cells: Record<string, string> = { a: 'D8', b: 'D9' }
    const marks = marksForFindings(
      [change('a'), required('a'), required('x')],
      (f) => cells[f.row],
      form,
      'vi',
    )
    expect(marks).toEqual([
      {
        address: 'D8',
        severity: 'error',
        message:
          'Dòng 1 "Tổng số": chưa có số liệu; dòng này bắt buộc phải nhập.\n' +
          'Dòng 1 "Tổng số": 90 so với kỳ trước 30 (tăng 200%), vượt ngưỡng 40%. Hãy kiểm tra lại; nếu đúng, xác nhận khi gửi báo cáo.',
      },
    ])
  })

  it("writes the notes in the pane's language", () => {
    const [mark] = marksForFindings([required('b')], () => 'D9', form, 'en')
    expect(mark?.message).toBe('Row 1.1 "Of which women": no value; this row is required.')
  })

  it('clears what was marked before and is clean now, and rewrites the tracking column', () => {
    const plan = planMarks(
      ['D8', 'D12'],
      [{ address: 'D8', severity: 'error', message: 'x' }],
      6,
      7,
      12,
    )
    expect(plan.clear).toEqual(['D12'])
    expect(plan.tracking.range).toBe('G7:G12')
    expect(plan.tracking.values[1]).toEqual(['D'])
    expect(plan.tracking.values.filter(([v]) => v !== '')).toHaveLength(1)
  })

  it('reads back the cells the tracking column names', () => {
    const grid = [
      ['TT', '', MARKS_HEADER],
      ['1', '', 'D'],
      ['2', '', 'C F'],
      ['3', '', 42],
    ]
    expect(trackedCells(grid, 0)).toEqual(['D2', 'C3', 'F3'])
  })
})
