/**
 * @module Access keys through the API, for the root unit (the administrator): POST issues a new
 * key for a unit and shows it once; DELETE revokes every key of the unit, ending its sessions.
 */
import { z } from '@hono/zod-openapi'
import { unitCodeSchema } from '../../shared/api-schemas.ts'
import type { Services } from '../context.ts'
import { clientAddress, newRouter, unitParamSchema } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { requireAdministratorOf } from '../access.ts'
import { vietnamDate } from '../../shared/periods.ts'
import { issueKey, revokeKeys } from '../admin/operations.ts'
import { apiRoute, headers, json } from './responses.ts'

const issuedSchema = z
  .object({ unit: unitCodeSchema, key: z.string(), keyId: z.string() })
  .meta({ id: 'IssuedKey' })
const revokedSchema = z
  .object({ unit: unitCodeSchema, revoked: z.number().int() })
  .meta({ id: 'RevokedKeys' })

const keyErrors = ['ROOT_ONLY', 'UNIT_NOT_FOUND', 'NOT_YOURS'] as const

export function keyRoutes(services: Services) {
  const session = requireSession(services)
  const params = z.object({ unit: unitParamSchema })
  const issue = apiRoute(
    {
      operationId: 'issueKey',
      method: 'post',
      path: '/api/v1/units/{unit}/keys',
      tags: ['admin'],
      summary: 'Cấp mã truy cập mới (đơn vị gốc) / issue an access key (root unit)',
      middleware: [session] as const,
      request: { params },
      responses: {
        201: {
          ...json(issuedSchema, 'The new key, shown only now'),
          headers: headers(['Cache-Control']),
        },
      },
    },
    keyErrors,
  )
  const revoke = apiRoute(
    {
      operationId: 'revokeKeys',
      method: 'delete',
      path: '/api/v1/units/{unit}/keys',
      tags: ['admin'],
      summary: 'Thu hồi mọi mã truy cập của đơn vị / revoke every key of a unit',
      middleware: [session] as const,
      request: { params },
      responses: { 200: json(revokedSchema, 'How many keys were revoked') },
    },
    keyErrors,
  )

  const rootTree = async (session: { unit: string; keyId: string }, unit: string) => {
    const tree = await services.units.treeAt(vietnamDate(services.now()))
    requireAdministratorOf(tree, session, unit)
  }

  return newRouter()
    .openapi(issue, async (c) => {
      const { unit } = c.req.valid('param')
      await rootTree(c.get('session'), unit)
      const { key, keyId } = await issueKey(
        services.store,
        unit,
        { actor: c.get('session').unit, address: clientAddress(c) },
        { now: services.now() },
      )
      c.header('Cache-Control', 'no-store')
      return c.json({ unit, key, keyId }, 201)
    })
    .openapi(revoke, async (c) => {
      const { unit } = c.req.valid('param')
      await rootTree(c.get('session'), unit)
      const revoked = await revokeKeys(
        services.store,
        unit,
        { actor: c.get('session').unit, address: clientAddress(c) },
        services.now(),
      )
      return c.json({ unit, revoked }, 200)
    })
}
