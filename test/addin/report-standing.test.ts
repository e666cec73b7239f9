/**
 * @module Tests of where the unit's report stands in the pane: a returned report shows who
 * returned it, when, and their comment; a resubmitted one shows its new status.
 */
import { describe, expect, it } from 'vitest'
import type { Submission } from '../../shared/api-schemas.ts'
import { reportStanding } from '../../addin/report-standing.ts'
import { vietnamDateTime } from '../../shared/periods.ts'

const submitted: Submission = {
  id: 's1',
  unit: 'G1',
  period: '2026-Y',
  form: 'B01',
  formVersion: '2026.1',
  revision: 1,
  status: 'submitted',
  submittedAt: '2026-12-01T02:00:00Z',
  submittedBy: 'G1',
  submittedByPerson: { login: 'lan@g1.vn', name: 'Nguyễn Thị Lan' },
  values: {},
  warnings: [],
  acknowledgedWarnings: [],
  acknowledgementReason: null,
  warningReasons: {},
  notes: {},
  review: null,
}
const returned: Submission = {
  ...submitted,
  status: 'returned',
  review: {
    decision: 'return',
    comment: 'Số nữ chưa khớp danh sách đoàn viên',
    reviewer: 'U1',
    reviewerPerson: { login: 'binh@u1.vn', name: 'Trần Văn Bình' },
    reviewedAt: '2026-12-02T03:30:00Z',
    revision: 1,
  },
}

describe('reportStanding', () => {
  it('shows a returned report’s reviewer, time and comment apart, so the clerk knows what to fix', () => {
    const standing = reportStanding(returned, 'vi')
    expect(standing.title).toBe('Cấp trên trả lại báo cáo, cần sửa')
    expect(standing.comment).toBe('Số nữ chưa khớp danh sách đoàn viên')
    expect(standing.lines).toContain(
      `Trần Văn Bình (U1) trả lại phiên bản 1 lúc ${vietnamDateTime('2026-12-02T03:30:00Z')}:`,
    )
    expect(standing.lines.join(' ')).toContain('do Nguyễn Thị Lan (G1) gửi')
    expect(reportStanding(returned, 'en').title).toBe('Returned by the upper union: needs fixing')
  })

  it('says "khóa đơn vị" beside the unit when a unit key sent or reviewed', () => {
    const byKey = {
      ...returned,
      submittedByPerson: null,
      review: { ...returned.review!, reviewerPerson: null },
    }
    const lines = reportStanding(byKey, 'vi').lines.join(' ')
    expect(lines).toContain('do G1 (khóa đơn vị) gửi')
    expect(lines).toContain('U1 (khóa đơn vị) trả lại')
    expect(reportStanding(byKey, 'en').lines.join(' ')).toContain('submitted by G1 (unit key)')
  })

  it('says so when the reviewer left no comment', () => {
    const silent = { ...returned, review: { ...returned.review!, comment: '  ' } }
    expect(reportStanding(silent, 'vi').comment).toBe('(không có nhận xét)')
  })

  it('after the resubmission, shows the new revision waiting for review and no old comment', () => {
    const standing = reportStanding({ ...submitted, revision: 2 }, 'vi')
    expect(standing).toMatchObject({ status: 'submitted', revision: 2, comment: null })
    expect(standing.lines.join(' ')).toContain('Phiên bản 2')
    expect(standing.lines.join(' ')).toContain('Đã nộp, chờ cấp trên duyệt')
  })

  it('shows the reason given for confirmed warnings', () => {
    const standing = reportStanding(
      { ...submitted, acknowledgementReason: 'Tuyển thêm giáo viên' },
      'vi',
    )
    expect(standing.lines).toContain('Lý do xác nhận cảnh báo: Tuyển thêm giáo viên')
  })
})
