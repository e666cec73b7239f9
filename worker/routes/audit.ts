/**
 * @module GET /api/v1/audit: the audit log (nhật ký) of every change, newest first, for the root
 * unit (the administrator) only.
 */
import { z } from '@hono/zod-openapi'
import { auditResponseSchema } from '../../shared/api-schemas.ts'
import type { Services } from '../context.ts'
import { newRouter } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { requireAdministratorOfAll } from '../access.ts'
import { vietnamDate } from '../../shared/periods.ts'
import { apiRoute, json } from './responses.ts'

export function auditRoutes(services: Services) {
  const session = requireSession(services)
  const audit = apiRoute(
    {
      operationId: 'listAudit',
      method: 'get',
      path: '/api/v1/audit',
      tags: ['audit'],
      summary: 'Nhật ký thay đổi (đơn vị gốc) / the audit log (root unit only)',
      middleware: [session] as const,
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(1000).optional(),
          before: z.coerce.number().int().positive().optional(),
        }),
      },
      responses: {
        200: json(auditResponseSchema, 'Newest first'),
      },
    },
    ['ROOT_ONLY'],
  )

  return newRouter().openapi(audit, async (c) => {
    const { limit = 100, before } = c.req.valid('query')
    const tree = await services.units.treeAt(vietnamDate(services.now()))
    requireAdministratorOfAll(tree, c.get('session'))
    const entries = await services.store.listAudit({
      limit,
      ...(before !== undefined ? { before } : {}),
    })
    return c.json({ entries }, 200)
  })
}
