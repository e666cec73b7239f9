/**
 * @module "Xem số liệu": a subordinate unit's submitted report as the reviewer reads it before
 * accepting or returning it: every row of the form version it was submitted on, its value written
 * the Vietnamese way beside the previous period's, its Ghi chú, and the warnings the worker found
 * on submit beside their row, each with the reason it was confirmed for, or none.
 */
import type { Submission } from '../shared/api-schemas.ts'
import type { FormDefinition } from '../shared/form-definition.ts'
import { formatEnglishNumber, formatVietnameseNumber } from '../shared/numbers.ts'
import { derivedValues } from '../shared/validation.ts'
import { findingMessage } from '../shared/messages.ts'
import type { PaneLocale } from './i18n.ts'

export interface ReviewedWarning {
  message: string
  acknowledged: boolean
  /** Why the unit confirmed it; null when unconfirmed or given no reason. */
  reason: string | null
}

export interface ReviewedRow {
  code: string
  tt: string
  label: string
  heading: boolean
  /** '' when the unit left it blank. */
  value: string
  /** The previous period's value, '' when none. */
  previous: string
  /** The row's Ghi chú, '' when none. */
  note: string
  warnings: ReviewedWarning[]
}

export interface ReviewedReport {
  rows: ReviewedRow[]
  /** Warnings about no row of this form version (none in practice; shown, never lost). */
  unplaced: ReviewedWarning[]
}

function written(value: number | string | null | undefined, locale: PaneLocale): string {
  if (value === null || value === undefined) {
    return ''
  }
  if (typeof value === 'string') {
    return value
  }
  return locale === 'vi' ? formatVietnameseNumber(value) : formatEnglishNumber(value)
}

/**
 * @example
 * const { rows } = reviewedReport(b01, submission, 'vi')
 * rows.find((row) => row.code === 'workers.total')?.value // '21.021'
 */
export function reviewedReport(
  form: FormDefinition,
  submission: Pick<Submission, 'values' | 'warnings'> & Partial<Pick<Submission, 'notes'>>,
  locale: PaneLocale,
  previousValues: Submission['values'] | null = null,
): ReviewedReport {
  const values = derivedValues(form, submission.values)
  const previous = previousValues ? derivedValues(form, previousValues) : {}
  const rows: ReviewedRow[] = form.rows.map((row) => ({
    code: row.code,
    tt: row.tt,
    label: locale === 'en' && row.labelEn ? row.labelEn : row.label,
    heading: row.heading === true,
    value: row.heading ? '' : written(values[row.code], locale),
    previous: row.heading ? '' : written(previous[row.code], locale),
    note: submission.notes?.[row.code] ?? '',
    warnings: [],
  }))
  const byCode = new Map(rows.map((row) => [row.code, row]))
  const unplaced: ReviewedWarning[] = []
  for (const warning of submission.warnings) {
    const shown = {
      message: findingMessage(warning, form, locale),
      acknowledged: warning.acknowledged,
      reason: warning.acknowledged ? warning.reason : null,
    }
    ;(byCode.get(warning.row)?.warnings ?? unplaced).push(shown)
  }
  return { rows, unplaced }
}
