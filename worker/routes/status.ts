/**
 * @module GET …/status: who below a unit has reported in a period (nộp, duyệt, trả lại, muộn, chưa
 * nộp), one row per unit that fills a form.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { errorBodySchema, periodIdSchema, statusResponseSchema } from '../../shared/api-schemas.ts'
import type { Services } from '../context.ts'
import { errors } from '../errors.ts'
import { newRouter, unitParamSchema } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { visibleUnit } from '../access.ts'
import { cachedStatus } from '../consolidation.ts'
import { json } from './responses.ts'

export function statusRoutes(services: Services) {
  const status = createRoute({
    method: 'get',
    path: '/api/v1/units/{unit}/periods/{period}/status',
    tags: ['status'],
    summary: 'Tình hình nộp báo cáo của các đơn vị cấp dưới / reporting status below a unit',
    middleware: [requireSession(services)] as const,
    request: { params: z.object({ unit: unitParamSchema, period: periodIdSchema }) },
    responses: {
      200: json(statusResponseSchema, 'One row per unit below that fills a form'),
      400: json(errorBodySchema, 'Malformed request'),
      401: json(errorBodySchema, 'No or bad token'),
      403: json(errorBodySchema, 'Outside your subtree'),
      404: json(errorBodySchema, 'Unknown unit or period'),
    },
  })
  return newRouter().openapi(status, async (c) => {
    const { unit, period: periodId } = c.req.valid('param')
    const period = await services.store.getPeriod(periodId)
    if (!period) {
      throw errors.periodNotFound(periodId)
    }
    const tree = await services.units.treeAt(period.cutoff)
    visibleUnit(tree, c.get('session'), unit)
    return c.json(await cachedStatus(services, period, unit), 200)
  })
}
