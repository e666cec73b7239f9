/**
 * @module GET …/forms/{form}/children: the latest report of each unit directly below, with its
 * values, notes and who entered it, so the upper union's "Nhập hộ" sheet opens pre-filled and a
 * report the unit sent itself is never overwritten blind.
 */
import { childReportsResponseSchema } from '../../shared/api-schemas.ts'
import { fillsForm } from '../../shared/form-definition.ts'
import type { Services } from '../context.ts'
import { newRouter } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { reportTarget, submissionBody } from '../submit.ts'
import { reportErrors, reportParams } from './submissions.ts'
import { apiRoute, json } from './responses.ts'

export function childReportRoutes(services: Services) {
  const route = apiRoute(
    {
      operationId: 'getChildReports',
      method: 'get',
      path: '/api/v1/units/{unit}/periods/{period}/forms/{form}/children',
      tags: ['submissions'],
      summary: 'Báo cáo mới nhất của các đơn vị trực thuộc / the latest reports of the units below',
      middleware: [requireSession(services)] as const,
      request: { params: reportParams },
      responses: {
        200: json(childReportsResponseSchema, 'One latest revision per direct child that sent one'),
      },
    },
    reportErrors,
  )
  return newRouter().openapi(route, async (c) => {
    const { unit, period, form } = await reportTarget(
      services,
      c.get('session'),
      c.req.valid('param'),
    )
    const tree = await services.units.treeAt(period.cutoff)
    const children = tree.children(unit.code).filter((code) => {
      const child = tree.get(code)
      return child !== undefined && fillsForm(form.level, child.level)
    })
    const reports = await services.store.latestRevisions(period.id, form.id, children)
    return c.json(
      { unit: unit.code, period: period.id, form: form.id, reports: reports.map(submissionBody) },
      200,
    )
  })
}
