/** @module Tests of the marks plan: one mark per cell, the worst severity wins, old marks cleared. */
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../shared/finding.ts'
import { MARKS_HEADER, marksForFindings, planMarks, trackedCells } from '../../addin/marks-plan.ts'

const finding = (row: string, severity: Finding['severity'], message: string): Finding => ({
  rule: `r:${row}:${message}`,
  code: 'cross_row',
  row,
  related: [],
  severity,
  params: {},
  message,
  messageEn: message,
})

describe('marks', () => {
  it('puts one mark per cell, errors over warnings, errors listed first', () => {
    const cells: Record<string, string> = { a: 'D8', b: 'D9' }
    const marks = marksForFindings(
      [
        finding('a', 'warning', 'tăng mạnh'),
        finding('a', 'error', 'lớn hơn dòng cha'),
        finding('x', 'error', 'ở đâu?'),
      ],
      (f) => cells[f.row],
      (f) => f.message,
    )
    expect(marks).toEqual([
      { address: 'D8', severity: 'error', message: 'lớn hơn dòng cha\ntăng mạnh' },
    ])
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
