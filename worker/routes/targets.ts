/**
 * @module GET and PUT …/targets: the targets (chỉ tiêu) of a unit and of the units directly below
 * it, for a period and form. A union sets them for the units directly below it; a unit sees its
 * own and those it set; its ancestors see them too.
 */
import { targetsRequestSchema, targetsResponseSchema } from '../../shared/api-schemas.ts'
import type { Services } from '../context.ts'
import { ApiError } from '../errors.ts'
import { clientAddress, newRouter } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { reportTarget } from '../submit.ts'
import { actorOf, requirePermission } from '../access.ts'
import { ACTS } from '../../shared/accounts.ts'
import { setTargets, targetsAround } from '../targets.ts'
import { reportErrors, reportParams } from './submissions.ts'
import { apiRoute, json } from './responses.ts'

const path = '/api/v1/units/{unit}/periods/{period}/forms/{form}/targets'

export function targetRoutes(services: Services) {
  const get = apiRoute(
    {
      operationId: 'getTargets',
      method: 'get',
      path,
      tags: ['analysis'],
      summary: 'Chỉ tiêu của đơn vị và các đơn vị trực thuộc / targets of a unit and those below',
      middleware: [requireSession(services)] as const,
      request: { params: reportParams },
      responses: { 200: json(targetsResponseSchema, 'Targets by unit, then row') },
    },
    reportErrors,
  )
  const put = apiRoute(
    {
      operationId: 'setTargets',
      method: 'put',
      path,
      tags: ['analysis'],
      summary: 'Giao chỉ tiêu cho các đơn vị trực thuộc / set targets for the units directly below',
      middleware: [requireSession(services)] as const,
      request: {
        params: reportParams,
        body: { required: true, content: { 'application/json': { schema: targetsRequestSchema } } },
      },
      responses: { 200: json(targetsResponseSchema, 'The targets as stored') },
    },
    [...reportErrors, 'PERIOD_CLOSED', 'TARGETS_INVALID', 'ROLE_REQUIRED'],
  )

  return newRouter()
    .openapi(get, async (c) => {
      const { unit, period, form } = await reportTarget(
        services,
        c.get('session'),
        c.req.valid('param'),
      )
      const tree = await services.units.treeAt(period.cutoff)
      const targets = await targetsAround(services.store, tree, unit.code, period.id, form.id)
      return c.json({ unit: unit.code, period: period.id, form: form.id, targets }, 200)
    })
    .openapi(put, async (c) => {
      const session = c.get('session')
      const { unit, period, form } = await reportTarget(services, session, c.req.valid('param'))
      // Targets direct the units below, as reviews do: a person needs the duyệt role.
      requirePermission(session, ACTS.setTargets)
      if (!period.open) {
        throw new ApiError('PERIOD_CLOSED', { params: { period: period.id } })
      }
      const tree = await services.units.treeAt(period.cutoff)
      await setTargets(
        services.store,
        { setter: unit.code, period, form, tree, targets: c.req.valid('json').targets },
        services.now(),
        actorOf(session, clientAddress(c)),
      )
      const targets = await targetsAround(services.store, tree, unit.code, period.id, form.id)
      return c.json({ unit: unit.code, period: period.id, form: form.id, targets }, 200)
    })
}
