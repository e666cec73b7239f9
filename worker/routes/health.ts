/**
 * @module GET /api/v1/health, for a load balancer: 200 when this worker reaches its store, else
 * 503 STORE_UNAVAILABLE with Retry-After, so traffic goes to the workers that can answer.
 */
import { z } from '@hono/zod-openapi'
import type { Services } from '../context.ts'
import { newRouter } from '../router.ts'
import { apiRoute, headers, json } from './responses.ts'

const healthSchema = z
  .object({
    status: z.literal('ok'),
    dataVersion: z
      .number()
      .int()
      .meta({ description: 'The store version this worker has seen: workers of one store agree' }),
  })
  .meta({ id: 'Health' })

const route = apiRoute(
  {
    operationId: 'health',
    method: 'get',
    path: '/api/v1/health',
    tags: ['health'],
    summary: 'Máy chủ có kết nối được kho dữ liệu không / can this worker reach its store',
    responses: {
      200: {
        ...json(healthSchema, 'The worker reaches its store'),
        headers: headers(['Cache-Control']),
      },
    },
  },
  [],
)

export function healthRoutes(services: Services) {
  return newRouter().openapi(route, async (c) => {
    await services.store.ping()
    c.header('Cache-Control', 'no-store')
    return c.json({ status: 'ok' as const, dataVersion: await services.store.dataVersion() }, 200)
  })
}
