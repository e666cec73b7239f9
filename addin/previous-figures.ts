/**
 * @module The unit's figures of the previous comparable period, fetched once per session so that
 * "Kiểm tra" gives the same period-over-period warnings the worker will give on submit.
 */
import type { Period, Submission } from '../shared/api-schemas.ts'
import type { Values } from '../shared/form-definition.ts'
import type { ApiError, ApiResult, ReportRef } from './api/client.ts'
import { previousComparablePeriod } from '../shared/periods.ts'

/**
 * - `compared`: the previous report's figures are in `values`;
 * - `none`: no previous period, or the unit reported nothing then: nothing to compare;
 * - `unavailable`: it could not be fetched (offline, timeout…): the check runs without it.
 */
export type PreviousFigures =
  | { kind: 'compared'; period: string; values: Values }
  | { kind: 'none'; period: string | null }
  | { kind: 'unavailable'; period: string; error: ApiError }

export type FetchReport = (report: ReportRef) => Promise<ApiResult<{ submission: Submission }>>

/** Answers that mean "nothing to compare with", as the worker would find nothing either. */
const NOTHING = new Set(['SUBMISSION_NOT_FOUND', 'UNIT_NOT_FOUND', 'NOT_YOURS'])

/**
 * @example
 * const previous = new PreviousFiguresCache((report) => api.report(report))
 * const found = await previous.forReport(periods, { unit: 'G1', period: '2026-Y', form: 'B01' })
 */
export class PreviousFiguresCache {
  readonly #fetchReport: FetchReport
  readonly #cache = new Map<string, PreviousFigures>()

  constructor(fetchReport: FetchReport) {
    this.#fetchReport = fetchReport
  }

  /** Forgets everything, as when another unit signs in. */
  clear(): void {
    this.#cache.clear()
  }

  async forReport(periods: readonly Period[], report: ReportRef): Promise<PreviousFigures> {
    const current = periods.find((period) => period.id === report.period)
    const previous = current ? previousComparablePeriod(current.id, periods) : undefined
    if (!previous) {
      return { kind: 'none', period: null }
    }
    const key = `${report.unit}|${previous.id}|${report.form}`
    const cached = this.#cache.get(key)
    if (cached) {
      return cached
    }
    const result = await this.#fetchReport({ ...report, period: previous.id })
    let found: PreviousFigures
    if (result.ok) {
      found = { kind: 'compared', period: previous.id, values: result.data.submission.values }
    } else if (NOTHING.has(result.error.code)) {
      found = { kind: 'none', period: previous.id }
    } else {
      return { kind: 'unavailable', period: previous.id, error: result.error }
    }
    this.#cache.set(key, found)
    return found
  }
}
