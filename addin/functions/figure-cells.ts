/**
 * @module What a figure becomes in the cell of a CONGDOAN formula: a number; an empty text for a
 * row nobody reported (empty is not zero); an exact decimal text past 2^53; offline, a text that
 * says it is the copy read at such a time ("21.021 (ngoại tuyến, số liệu lúc 29/11/2026 14:05)"),
 * so a stale number cannot pass for a current one in a sum; or an Excel error value with the
 * worker's message: #N/A without a session or a connection, #REF! for a unit, row, period or
 * form that does not exist, #VALUE! for a unit outside the caller's subtree.
 */
import { formatVietnameseNumber } from '../../shared/numbers.ts'
import { vietnamDateTime } from '../../shared/periods.ts'
import type { FigureAnswer } from './figure-batcher.ts'

/** The Excel error values a formula may show (CustomFunctions.ErrorCode's names). */
export type ExcelErrorName = 'notAvailable' | 'invalidReference' | 'invalidValue'

export type FigureCell =
  { ok: true; value: number | string } | { ok: false; error: ExcelErrorName; message: string }

const NOT_FOUND = new Set([
  'UNIT_NOT_FOUND',
  'ROW_NOT_FOUND',
  'PERIOD_NOT_FOUND',
  'FORM_NOT_FOUND',
  'NO_COMPARABLE_PERIOD',
])

/**
 * @example
 * figureCell({ kind: 'figure', value: 21021, at, offline: false }) // { ok: true, value: 21021 }
 */
export function figureCell(answer: FigureAnswer): FigureCell {
  if (answer.kind === 'error') {
    const error: ExcelErrorName =
      answer.code === 'NOT_YOURS'
        ? 'invalidValue'
        : NOT_FOUND.has(answer.code)
          ? 'invalidReference'
          : 'notAvailable'
    return { ok: false, error, message: answer.message }
  }
  const value = answer.value ?? ''
  if (!answer.offline) {
    return { ok: true, value }
  }
  const shown = typeof value === 'number' ? formatVietnameseNumber(value) : value
  return {
    ok: true,
    value: `${shown === '' ? '(trống)' : shown} (ngoại tuyến, số liệu lúc ${vietnamDateTime(answer.at)})`,
  }
}
