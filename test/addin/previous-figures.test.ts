/**
 * @module Tests of the previous period's figures behind "Kiểm tra": the same period the worker
 * compares with, fetched once per session, and a check without them when they cannot be had.
 */
import { describe, expect, it } from 'vitest'
import type { Submission } from '../../shared/api-schemas.ts'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { checkSubmission } from '../../shared/validation.ts'
import type { ApiError, ApiResult, ReportRef } from '../../addin/api/client.ts'
import { PreviousFiguresCache } from '../../addin/previous-figures.ts'

const periods = [
  { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
  { id: '2026-H1', cutoff: '2026-05-31', deadline: '2026-06-15', open: true },
  { id: '2025-Y', cutoff: '2025-11-30', deadline: '2025-12-15', open: false },
]
const report: ReportRef = { unit: 'G1', period: '2026-Y', form: 'B01' }
const lastYear = { 'workers.total': 50, 'members.total': 45 }

function worker(answer: 'found' | 'none' | 'offline') {
  const asked: ReportRef[] = []
  const world = { answer }
  const fetchReport = async (ref: ReportRef): Promise<ApiResult<{ submission: Submission }>> => {
    asked.push(ref)
    if (world.answer === 'found') {
      return { ok: true, data: { submission: { values: lastYear } as unknown as Submission } }
    }
    const error: ApiError =
      world.answer === 'none'
        ? {
            code: 'SUBMISSION_NOT_FOUND',
            status: 404,
            message: '',
            messageEn: '',
            retryable: false,
          }
        : { code: 'OFFLINE', status: 0, message: '', messageEn: '', retryable: true }
    return { ok: false, error }
  }
  return { asked, world, cache: new PreviousFiguresCache(fetchReport) }
}

describe('PreviousFiguresCache', () => {
  it('fetches the same period kind of the year before, once per session', async () => {
    const { asked, cache } = worker('found')
    const first = await cache.forReport(periods, report)
    await cache.forReport(periods, report)
    expect(first).toEqual({ kind: 'compared', period: '2025-Y', values: lastYear })
    expect(asked).toEqual([{ unit: 'G1', period: '2025-Y', form: 'B01' }])
  })

  it('gives the check the warning the worker will give on submit', async () => {
    const b01 = defaultCatalog().get('B01') as FormDefinition
    const { cache } = worker('found')
    const previous = await cache.forReport(periods, report)
    const values = { 'workers.total': 100, 'members.total': 45 }
    const { findings } = checkSubmission(
      b01,
      values,
      previous.kind === 'compared' ? previous.values : null,
    )
    expect(findings.map((finding) => finding.rule)).toContain('change:workers.total')
  })

  it('has nothing to compare when the unit did not report then, or there was no such period', async () => {
    const { asked, cache } = worker('none')
    expect(await cache.forReport(periods, report)).toEqual({ kind: 'none', period: '2025-Y' })
    expect(await cache.forReport(periods, { ...report, period: '2026-H1' })).toEqual({
      kind: 'none',
      period: null,
    })
    expect(asked).toHaveLength(1)
  })

  it('offline, says the figures are unavailable and asks again next time', async () => {
    const { asked, world, cache } = worker('offline')
    const offline = await cache.forReport(periods, report)
    expect(offline).toMatchObject({ kind: 'unavailable', period: '2025-Y' })
    world.answer = 'found'
    expect((await cache.forReport(periods, report)).kind).toBe('compared')
    expect(asked).toHaveLength(2)
  })

  it('forgets what it fetched when cleared, as at a new sign-in', async () => {
    const { asked, cache } = worker('found')
    await cache.forReport(periods, report)
    cache.clear()
    await cache.forReport(periods, report)
    expect(asked).toHaveLength(2)
  })
})
