/**
 * @module GET …/status: who below a unit has reported in a period (nộp, duyệt, trả lại, muộn, chưa
 * nộp), one row per unit that fills a form.
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

export function statusRoutes(services: Services) {
  const status = apiRoute(
    {
      operationId: 'getStatus',
      method: 'get',
      path: '/api/v1/units/{unit}/periods/{period}/status',
      tags: ['status'],
      summary: 'Tình hình nộp báo cáo của các đơn vị cấp dưới / reporting status below a unit',
      middleware: [requireSession(services)] as const,
      request: { params: z.object({ unit: unitParamSchema, period: periodIdSchema }) },
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
    return c.json(await cachedStatus(services, period, unit), 200)
  })
}
