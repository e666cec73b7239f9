/**
 * @module GET …/rollup/breakdown?row=…: drill-down (truy nguyên) of one figure of a rollup: the
 * units that make it up down to the grassroots, each with its value, share and standing, and for
 * a missing unit what its last earlier report gave (`shared/analysis/breakdown.ts`).
 */
import type { Period } from '../../shared/api-schemas.ts'
import { z } from '@hono/zod-openapi'
import { breakdownResponseSchema } from '../../shared/api-schemas.ts'
import { breakdown } from '../../shared/analysis/breakdown.ts'
import type { LastReport } from '../../shared/analysis/breakdown.ts'
import { findRow } from '../../shared/analysis/figures.ts'
import type { Services } from '../context.ts'
import { ApiError } from '../errors.ts'
import { newRouter } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { reportTarget } from '../submit.ts'
import { latestSubmissionList } from '../consolidation.ts'
import { reportErrors, reportParams } from './submissions.ts'
import { apiRoute, headers, json } from './responses.ts'

/** How many earlier periods are searched for a missing unit's last report. */
const LAST_REPORT_PERIODS = 8

/** The last report before `period` of each unit named, from the newest earlier periods. */
async function lastReports(
  services: Services,
  period: Period,
  form: string,
  units: readonly string[],
): Promise<Map<string, LastReport>> {
  const found = new Map<string, LastReport>()
  const earlier = (await services.store.listPeriods())
    .filter((p) => p.cutoff < period.cutoff)
    .sort((a, b) => (a.cutoff < b.cutoff ? 1 : -1))
    .slice(0, LAST_REPORT_PERIODS)
  let wanted = [...units]
  for (const p of earlier) {
    if (wanted.length === 0) {
      break
    }
    for (const report of await services.store.reportsWithValues(p.id, form, wanted)) {
      found.set(report.unit, { period: p.id, values: report.values })
    }
    wanted = wanted.filter((unit) => !found.has(unit))
  }
  return found
}

export function breakdownRoutes(services: Services) {
  const route = apiRoute(
    {
      operationId: 'getBreakdown',
      method: 'get',
      path: '/api/v1/units/{unit}/periods/{period}/forms/{form}/rollup/breakdown',
      tags: ['analysis'],
      summary: 'Các đơn vị tạo nên một số liệu tổng hợp / the units behind a figure',
      middleware: [requireSession(services)] as const,
      request: {
        params: reportParams,
        query: z.object({
          row: z.string().min(1).max(500).meta({
            description: 'Mã dòng, số TT hoặc tên dòng / row code, TT or label',
            example: 'members.rate',
          }),
          view: z.enum(['latest', 'accepted']).optional(),
        }),
      },
      responses: {
        200: {
          ...json(breakdownResponseSchema, 'The units behind the figure, in tree order'),
          headers: headers(['Cache-Control']),
        },
      },
    },
    [...reportErrors, 'ROW_NOT_FOUND'],
  )

  return newRouter().openapi(route, async (c) => {
    const { row: reference, view = 'latest' } = c.req.valid('query')
    const { unit, period, form } = await reportTarget(
      services,
      c.get('session'),
      c.req.valid('param'),
    )
    const row = findRow(form, reference)
    if (!row) {
      throw new ApiError('ROW_NOT_FOUND', { params: { row: reference, form: form.id } })
    }
    const tree = await services.units.treeAt(period.cutoff)
    const input = {
      tree,
      form,
      period,
      submissions: await latestSubmissionList(services, period, form),
      view,
      unit: unit.code,
      row: row.code,
    }
    const first = breakdown(input)
    if (!first) {
      throw new ApiError('ROW_NOT_FOUND', { params: { row: reference, form: form.id } })
    }
    const missing = first.lines.filter((line) => line.standing === 'missing').map((l) => l.unit)
    const result =
      missing.length === 0
        ? first
        : breakdown({
            ...input,
            lastReports: await lastReports(services, period, form.id, missing),
          })!
    c.header('Cache-Control', 'private, no-cache')
    return c.json(result, 200)
  })
}
