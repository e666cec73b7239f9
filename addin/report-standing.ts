/**
 * @module Where the unit's report for a period stands, as the pane shows it: the latest revision
 * (who, when: the person and their unit, or the unit and "khóa đơn vị"), its status, and, when the
 * upper union returned it, who returned it, when, and their comment, so the clerk knows what to
 * fix.
 */
import type { Submission } from '../shared/api-schemas.ts'
import { t, type PaneLocale } from './i18n.ts'
import { vietnamDateTime } from '../shared/periods.ts'
import { actedByWithUnit } from '../shared/accounts.ts'

export interface Standing {
  status: Submission['status']
  revision: number
  title: string
  lines: string[]
  /** The reviewer's comment on a returned report, shown apart and prominently. */
  comment: string | null
}

/**
 * Who accepted or returned the revision, and when: "Hoàng Văn Hùng (Công đoàn ngành Giáo dục) đã
 * duyệt lúc …", or "… trả lại phiên bản 2 lúc …:" before the comment; null when nobody reviewed it.
 */
export function reviewLine(
  submission: Submission,
  locale: PaneLocale,
  nameOf: (unit: string) => string = (unit) => unit,
): string | null {
  const review = submission.review
  if (!review) {
    return null
  }
  return t(locale, review.decision === 'return' ? 'returnedBy' : 'acceptedBy', {
    who: actedByWithUnit(nameOf(review.reviewer), review.reviewerPerson, locale),
    time: vietnamDateTime(review.reviewedAt),
    revision: review.revision,
  })
}

/**
 * @example
 * reportStanding(returned, 'vi', (code) => names[code] ?? code).comment // 'Số đoàn viên nữ…'
 */
export function reportStanding(
  submission: Submission,
  locale: PaneLocale,
  nameOf: (unit: string) => string = (unit) => unit,
): Standing {
  const receipt = t(locale, 'receipt', {
    revision: submission.revision,
    time: vietnamDateTime(submission.submittedAt),
    who: actedByWithUnit(nameOf(submission.submittedBy), submission.submittedByPerson, locale),
  })
  const reasons = [
    ...new Set([
      ...(submission.acknowledgementReason ? [submission.acknowledgementReason] : []),
      ...submission.warnings.flatMap((warning) => (warning.reason ? [warning.reason] : [])),
    ]),
  ]
  const warnings = [
    ...(submission.warnings.length > 0
      ? [t(locale, 'receiptWarnings', { count: submission.warnings.length })]
      : []),
    ...reasons.map((reason) => t(locale, 'reasonGiven', { reason })),
  ]
  const review = submission.review
  const reviewed = reviewLine(submission, locale, nameOf)
  const standing = (title: string, lines: string[], comment: string | null = null): Standing => ({
    status: submission.status,
    revision: submission.revision,
    title,
    lines: [receipt, ...lines, ...warnings],
    comment,
  })
  switch (submission.status) {
    case 'returned':
      return standing(
        t(locale, 'returnedTitle'),
        reviewed ? [reviewed] : [],
        review?.comment.trim() || t(locale, 'noComment'),
      )
    case 'accepted':
      return standing(t(locale, 'standingTitle'), [
        t(locale, 'standingStatus', { status: t(locale, 'statusAccepted') }),
        ...(reviewed ? [reviewed] : []),
      ])
    case 'submitted':
      return standing(t(locale, 'standingTitle'), [
        t(locale, 'standingStatus', { status: t(locale, 'statusSubmittedWaiting') }),
      ])
  }
}
