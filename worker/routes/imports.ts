/**
 * @module POST …/units/:unit/periods/:period/imports: one filled template e-mailed by a unit
 * without the add-in, imported by the signed-in union (the pane sends a clerk's chosen files one
 * by one): the answer is that file's line (stored, duplicate, refused with its findings, not a
 * template, no unit, outside the subtree of `:unit`, another period).
 */
import { z } from '@hono/zod-openapi'
import { importLineSchema, periodIdSchema } from '../../shared/api-schemas.ts'
import type { Services } from '../context.ts'
import { ApiError } from '../errors.ts'
import { clientAddress, newRouter, unitParamSchema } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { requirePermission, visibleUnit } from '../access.ts'
import { ACTS } from '../../shared/accounts.ts'
import { importReportFile } from '../reports-import.ts'
import { uploadedFile } from './submissions.ts'
import { apiRoute, json } from './responses.ts'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function fileName(header: string | undefined, fallback: string | undefined): string {
  if (header) {
    try {
      return decodeURIComponent(header).slice(0, 255)
    } catch {
      return header.slice(0, 255)
    }
  }
  return fallback ?? 'tep.xlsx'
}

export function importRoutes(services: Services) {
  const route = apiRoute(
    {
      operationId: 'importReport',
      method: 'post',
      path: '/api/v1/units/{unit}/periods/{period}/imports',
      tags: ['submissions'],
      summary: 'Nhập một mẫu báo cáo đã điền gửi qua e-mail / import one e-mailed filled template',
      middleware: [requireSession(services)] as const,
      request: {
        params: z.object({ unit: unitParamSchema, period: periodIdSchema }),
        headers: z.object({
          'x-file-name': z
            .string()
            .max(1000)
            .optional()
            .meta({ description: 'Tên tệp (mã hóa URL) / the file name, URL-encoded' }),
        }),
        body: {
          content: {
            [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: { file: { type: 'string', format: 'binary' } },
              },
            },
          },
        },
      },
      responses: {
        200: json(importLineSchema, "The file's line: what became of it"),
      },
    },
    ['PERIOD_NOT_FOUND', 'UNIT_NOT_FOUND', 'NOT_YOURS', 'ROLE_REQUIRED', 'MISSING_FILE'],
  )
  return newRouter().openapi(route, async (c) => {
    const { unit, period: periodId } = c.req.valid('param')
    const period = await services.store.getPeriod(periodId)
    if (!period) {
      throw new ApiError('PERIOD_NOT_FOUND', { params: { period: periodId } })
    }
    const by = visibleUnit(await services.units.treeAt(period.cutoff), c.get('session'), unit)
    // An import enters reports, of the subtree's units: on their behalf (nhập hộ).
    requirePermission(c.get('session'), ACTS.enterOnBehalf)
    const body = new Uint8Array(await c.req.arrayBuffer())
    const { data, name } = await uploadedFile(body, c.req.header('content-type') ?? XLSX_TYPE)
    const line = await importReportFile(services, {
      by: by.code,
      person: c.get('session').person,
      period: period.id,
      file: fileName(c.req.valid('header')['x-file-name'], name),
      bytes: data,
      address: clientAddress(c),
    })
    return c.json(line, 200)
  })
}
