/**
 * @module GET …/status: who below a unit has reported in a period (nộp, duyệt, trả lại, muộn, chưa
 * nộp), one row per unit that fills a form, a page at a time (?offset=&limit=, at most 5,000 rows
 * unless a larger page is asked for), so that no answer for the whole country is tens of megabytes
 * (135,000 rows are 26 MB). The counts are always those of the whole view; the pane fetches the
 * pages in turn.
 */
import { z } from '@hono/zod-openapi'
import { periodIdSchema, statusResponseSchema } from '../../shared/api-schemas.ts'
import type { Services } from '../context.ts'
import { ApiError } from '../errors.ts'
import { newRouter, unitParamSchema } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { visibleUnit } from '../access.ts'
import { cachedStatus } from '../consolidation.ts'
import { apiRoute, json } from './responses.ts'

const DEFAULT_PAGE = 5000
const MAX_PAGE = 10_000

export function statusRoutes(services: Services) {
  const status = apiRoute(
    {
      operationId: 'getStatus',
      method: 'get',
      path: '/api/v1/units/{unit}/periods/{period}/status',
      tags: ['status'],
      summary: 'Tình hình nộp báo cáo của các đơn vị cấp dưới / reporting status below a unit',
      middleware: [requireSession(services)] as const,
      request: {
        params: z.object({ unit: unitParamSchema, period: periodIdSchema }),
        query: z.object({
          offset: z.coerce
            .number()
            .int()
            .min(0)
            .optional()
            .meta({ description: 'First row of the page (default 0)' }),
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(MAX_PAGE)
            .optional()
            .meta({
              description: `Rows in the page (default ${DEFAULT_PAGE})`,
            }),
        }),
      },
      responses: {
        200: json(statusResponseSchema, 'One row per unit below that fills a form'),
      },
    },
    ['PERIOD_NOT_FOUND', 'UNIT_NOT_FOUND', 'NOT_YOURS'],
  )
  return newRouter().openapi(status, async (c) => {
    const { unit, period: periodId } = c.req.valid('param')
    const period = await services.store.getPeriod(periodId)
    if (!period) {
      throw new ApiError('PERIOD_NOT_FOUND', { params: { period: periodId } })
    }
    const tree = await services.units.treeAt(period.cutoff)
    visibleUnit(tree, c.get('session'), unit)
    const view = await cachedStatus(services, period, unit)
    const { offset, limit } = c.req.valid('query')
    const from = offset ?? 0
    const size = limit ?? DEFAULT_PAGE
    return c.json(
      {
        ...view,
        units: view.units.slice(from, from + size),
        page: { offset: from, limit: size, total: view.units.length },
      },
      200,
    )
  })
}
