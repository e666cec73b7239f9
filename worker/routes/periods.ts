/**
 * @module The reporting periods (kỳ báo cáo): GET /api/v1/periods, public, newest first; and
 * PUT /api/v1/periods/:period for the root unit, to open a period with its cut-off date and
 * deadline, change them, or close it.
 */
import { z } from '@hono/zod-openapi'
import {
  isoDateSchema,
  periodIdSchema,
  periodSchema,
  periodsResponseSchema,
} from '../../shared/api-schemas.ts'
import type { Services } from '../context.ts'
import { ApiError } from '../errors.ts'
import { clientAddress, newRouter } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { requireAdministratorOfAll } from '../access.ts'
import { vietnamDate } from '../../shared/periods.ts'
import { checkPeriod, openPeriod } from '../admin/operations.ts'
import { apiRoute, json } from './responses.ts'

const periodRequestSchema = z
  .object({ cutoff: isoDateSchema, deadline: isoDateSchema, open: z.boolean() })
  .meta({ id: 'PeriodRequest' })

export function periodRoutes(services: Services) {
  const list = apiRoute(
    {
      operationId: 'listPeriods',
      method: 'get',
      path: '/api/v1/periods',
      tags: ['periods'],
      summary: 'Các kỳ báo cáo / reporting periods',
      responses: { 200: json(periodsResponseSchema, 'Newest cut-off first') },
    },
    [],
  )
  const save = apiRoute(
    {
      operationId: 'savePeriod',
      method: 'put',
      path: '/api/v1/periods/{period}',
      tags: ['admin'],
      summary: 'Mở, sửa hoặc khóa một kỳ (đơn vị gốc) / open, change or close a period (root unit)',
      middleware: [requireSession(services)] as const,
      request: {
        params: z.object({ period: periodIdSchema }),
        body: { required: true, content: { 'application/json': { schema: periodRequestSchema } } },
      },
      responses: {
        200: json(periodSchema, 'The period as stored'),
      },
    },
    ['ROOT_ONLY', 'INVALID_PERIOD'],
  )
  return newRouter()
    .openapi(list, async (c) => {
      const periods = await services.store.listPeriods()
      return c.json({ periods: [...periods].reverse() }, 200)
    })
    .openapi(save, async (c) => {
      const { period: id } = c.req.valid('param')
      const { cutoff, deadline, open } = c.req.valid('json')
      const session = c.get('session')
      requireAdministratorOfAll(await services.units.treeAt(vietnamDate(services.now())), session)
      const checked = checkPeriod(id, cutoff, deadline)
      if (!checked.ok) {
        throw new ApiError('INVALID_PERIOD', { details: checked.problems })
      }
      await openPeriod(
        services.store,
        { id, cutoff, deadline, open },
        { actor: session.unit, address: clientAddress(c) },
      )
      return c.json({ id, cutoff, deadline, open }, 200)
    })
}
