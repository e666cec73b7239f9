/**
 * @module GET …/rollup: the consolidated figures of a unit's subtree (tổng hợp), as JSON, as CSV
 * (`Accept: text/csv` or `?format=csv`) or as an .xlsx workbook (`?format=xlsx`), with the missing
 * units named beside their codes; the workbook also says who sent and who reviewed each child's
 * own report (a person's name, or "khóa đơn vị").
 */
import { z } from '@hono/zod-openapi'
import { periodIdSchema, rollupResponseSchema } from '../../shared/api-schemas.ts'
import type { Services } from '../context.ts'
import { ApiError } from '../errors.ts'
import { newRouter } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { reportTarget } from '../submit.ts'
import { cachedRollup, cachedStatus } from '../consolidation.ts'
import { rollupCsv } from '../export/rollup-csv.ts'
import { rollupWorkbook } from '../export/rollup-xlsx.ts'
import { missingUnitsOf, reportPeople } from '../../shared/rollup-sheets.ts'
import { reportErrors, reportParams } from './submissions.ts'
import { comparedPeriod, comparison, rollupTargets } from '../analysis.ts'
import { apiRoute, headers } from './responses.ts'

export function rollupRoutes(services: Services) {
  const route = apiRoute(
    {
      operationId: 'getRollup',
      method: 'get',
      path: '/api/v1/units/{unit}/periods/{period}/forms/{form}/rollup',
      tags: ['rollups'],
      summary: 'Số liệu tổng hợp của một đơn vị / the rollup of a unit',
      middleware: [requireSession(services)] as const,
      request: {
        params: reportParams,
        query: z.object({
          view: z.enum(['latest', 'accepted']).optional(),
          format: z.enum(['json', 'csv', 'xlsx']).optional(),
          compare: z
            .union([z.literal(''), z.literal('previous'), periodIdSchema])
            .optional()
            .meta({
              description:
                'So sánh với kỳ khác / compare with another period: a period id, or empty or `previous` for the previous comparable period (same kind, a year before)',
              example: '2025-Y',
            }),
        }),
      },
      responses: {
        200: {
          description: 'The rollup: JSON, or with format csv or xlsx (or Accept: text/csv) a file',
          headers: headers(['Cache-Control'], ['Content-Disposition']),
          content: {
            'application/json': { schema: rollupResponseSchema },
            'text/csv': { schema: z.string() },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: z.string().meta({ format: 'binary' }),
            },
          },
        },
      },
    },
    [...reportErrors, 'SERVER_BUSY'],
  )

  return newRouter().openapi(route, async (c) => {
    const params = c.req.valid('param')
    const { view = 'latest', format, compare } = c.req.valid('query')
    const { unit, period, form } = await reportTarget(services, c.get('session'), params)
    const rollup = await cachedRollup(services, period, form, view, unit.code)
    if (!rollup) {
      throw new ApiError('UNIT_NOT_FOUND', { params: { unit: unit.code } })
    }
    const tree = await services.units.treeAt(period.cutoff)
    const missingUnits = missingUnitsOf(rollup.coverage.missing, (code) => tree.get(code))
    const other =
      compare === undefined ? undefined : await comparedPeriod(services, period, compare)
    const analysis = {
      comparison: other ? await comparison(services, other, form, view, rollup) : null,
      targets: await rollupTargets(services, period, form, rollup),
    }
    const wantsCsv =
      format === 'csv' || (!format && /\btext\/csv\b/.test(c.req.header('accept') ?? ''))
    const fileName = `tong-hop-${unit.code}-${period.id}-${form.id}${view === 'accepted' ? '-da-duyet' : ''}`
    if (format === 'xlsx') {
      // Who sent and reviewed each child's own report: the status view's rows, cached as it is.
      const children = new Set(rollup.children.map((child) => child.unit))
      const people = new Map(
        (await cachedStatus(services, period, unit.code)).units
          .filter((row) => row.form === form.id && children.has(row.unit))
          .map((row) => [row.unit, reportPeople(row)]),
      )
      const bytes = await services.heavy.run(() =>
        rollupWorkbook(form, rollup, {
          cutoff: period.cutoff,
          at: services.now(),
          missing: missingUnits,
          people,
          ...analysis,
        }),
      )
      c.header('Cache-Control', 'private, no-cache')
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${fileName}.xlsx"`,
      })
    }
    c.header('Cache-Control', 'private, no-cache')
    if (wantsCsv) {
      return c.body(rollupCsv(form, rollup), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName}.csv"`,
      })
    }
    return c.json({ ...rollup, ...analysis, missingUnits }, 200)
  })
}
