/**
 * @module The form catalog (biểu mẫu): GET /api/v1/forms, GET /api/v1/forms/:form (rows and rules,
 * so the add-in needs no update when a form changes) and the blank template workbook, with a
 * unit's name and period filled in when asked. Forms are public regulation, and the names of
 * unions are public: no token needed. POST /api/v1/forms loads a new form version (root unit).
 */
import { z } from '@hono/zod-openapi'
import {
  formIdSchema,
  formResponseSchema,
  formsResponseSchema,
  periodIdSchema,
} from '../../shared/api-schemas.ts'
import type { Services } from '../context.ts'
import { ApiError } from '../errors.ts'
import { clientAddress, newRouter, unitParamSchema } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { requireAdministratorOfAll } from '../access.ts'
import { vietnamDate } from '../../shared/periods.ts'
import { loadFormVersion } from '../admin/forms.ts'
import { templateWorkbook } from '../xlsx/template.ts'
import { apiRoute, headers, json } from './responses.ts'

export function formRoutes(services: Services) {
  const params = z.object({ form: formIdSchema })
  const version = z
    .string()
    .max(40)
    .optional()
    .meta({ description: 'A version of the form (default: the latest)', example: '2026.1' })
  const list = apiRoute(
    {
      operationId: 'listForms',
      method: 'get',
      path: '/api/v1/forms',
      tags: ['forms'],
      summary: 'Danh mục biểu mẫu / the form catalog',
      responses: { 200: json(formsResponseSchema, 'The latest version of each form') },
    },
    [],
  )
  const one = apiRoute(
    {
      operationId: 'getForm',
      method: 'get',
      path: '/api/v1/forms/{form}',
      tags: ['forms'],
      summary: 'Một biểu mẫu, đủ các dòng và quy tắc / a form with its rows and rules',
      request: { params, query: z.object({ version }) },
      responses: { 200: json(formResponseSchema, 'The form definition') },
    },
    ['FORM_NOT_FOUND', 'FORM_VERSION_NOT_FOUND'],
  )
  const template = apiRoute(
    {
      operationId: 'getTemplate',
      method: 'get',
      path: '/api/v1/forms/{form}/template.xlsx',
      tags: ['forms'],
      summary: 'Tải mẫu Excel trống / the blank template workbook',
      request: {
        params,
        query: z.object({
          version,
          unit: unitParamSchema
            .optional()
            .meta({ description: "Fill in this unit's name and its upper union's" }),
          period: periodIdSchema
            .optional()
            .meta({ description: "Fill in this period's cut-off date" }),
        }),
      },
      responses: {
        200: {
          description: 'The template',
          headers: headers(['Content-Disposition', 'Cache-Control']),
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: z.string().meta({ format: 'binary' }),
            },
          },
        },
      },
    },
    [
      'FORM_NOT_FOUND',
      'FORM_VERSION_NOT_FOUND',
      'PERIOD_NOT_FOUND',
      'UNIT_NOT_FOUND',
      'SERVER_BUSY',
    ],
  )

  const load = apiRoute(
    {
      operationId: 'loadForm',
      method: 'post',
      path: '/api/v1/forms',
      tags: ['admin'],
      summary: 'Nạp phiên bản biểu mẫu mới (đơn vị gốc) / load a new form version (root unit)',
      middleware: [requireSession(services)] as const,
      request: {
        body: {
          required: true,
          description: 'The form definition, as GET /api/v1/forms/:form serves one',
          // Not validated by the router: loadForm reports every problem as a 422 instead.
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/FormDefinition' } },
          },
        },
      },
      responses: {
        200: json(formResponseSchema, 'This version was already loaded with the same content'),
        201: json(formResponseSchema, 'Loaded: served and accepted from now on'),
      },
    },
    ['ROOT_ONLY', 'MALFORMED_JSON', 'FORM_INVALID'],
  )

  const formOr404 = (id: string, version?: string) => {
    const form = services.catalog.get(id, version)
    if (!form) {
      if (version !== undefined && services.catalog.get(id)) {
        throw new ApiError('FORM_VERSION_NOT_FOUND', { params: { form: id, version } })
      }
      throw new ApiError('FORM_NOT_FOUND', { params: { form: id } })
    }
    return form
  }

  return newRouter()
    .openapi(load, async (c) => {
      const session = c.get('session')
      requireAdministratorOfAll(await services.units.treeAt(vietnamDate(services.now())), session)
      let data: unknown
      try {
        data = JSON.parse(await c.req.text())
      } catch {
        throw new ApiError('MALFORMED_JSON')
      }
      const loaded = await loadFormVersion(
        services.store,
        services.catalog,
        data,
        { actor: session.unit, address: clientAddress(c) },
        services.now(),
      )
      if (!loaded.ok) {
        throw new ApiError('FORM_INVALID', {
          params: { count: loaded.problems.length },
          details: loaded.problems,
        })
      }
      return c.json(loaded.form, loaded.created ? 201 : 200)
    })
    .openapi(list, (c) =>
      c.json(
        {
          forms: services.catalog.list().map((form) => ({
            id: form.id,
            version: form.version,
            versions: services.catalog.versions(form.id),
            title: form.title,
            ...(form.titleEn ? { titleEn: form.titleEn } : {}),
            level: form.level,
          })),
        },
        200,
      ),
    )
    .openapi(one, (c) => {
      const { form } = c.req.valid('param')
      const { version } = c.req.valid('query')
      return c.json(formOr404(form, version), 200)
    })
    .openapi(template, async (c) => {
      const { form: id } = c.req.valid('param')
      const { version, unit, period: periodId } = c.req.valid('query')
      const form = formOr404(id, version)
      const period = periodId ? await services.store.getPeriod(periodId) : undefined
      if (periodId && !period) {
        throw new ApiError('PERIOD_NOT_FOUND', { params: { period: periodId } })
      }
      const tree = await services.units.treeAt(period?.cutoff ?? vietnamDate(services.now()))
      const named = unit ? tree.get(unit) : undefined
      if (unit && !named) {
        throw new ApiError('UNIT_NOT_FOUND', { params: { unit } })
      }
      const upper = named?.parent ? tree.get(named.parent) : undefined
      const options = {
        ...(named ? { unitCode: named.code, unitName: named.name } : {}),
        ...(upper ? { upperUnitName: upper.name } : {}),
        ...(period ? { periodId: period.id, cutoff: period.cutoff } : {}),
      }
      // A template depends only on these: built once, served from memory after.
      const key = JSON.stringify([form.id, form.version, options])
      const bytes = await services.templates.get(key, () =>
        services.heavy.run(() => templateWorkbook(form, options)),
      )
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="mau-${form.id}-${form.version}${unit ? `-${unit}` : ''}.xlsx"`,
        'Cache-Control': 'public, max-age=300',
      })
    })
}
