/**
 * @module A unit's report for a period (báo cáo): PUT a new revision, GET the latest (or every
 * revision with `?history=1`), and POST …/upload a filled template workbook, which goes the
 * same way as a PUT.
 */
import { createRoute, z } from '@hono/zod-openapi'
import {
  errorBodySchema,
  formIdSchema,
  periodIdSchema,
  submissionCreatedSchema,
  submissionRequestSchema,
  submissionResponseSchema,
} from '../../shared/api-schemas.ts'
import type { FormGridReading } from '../../shared/sheet-layout.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import type { Services } from '../context.ts'
import { ApiError, errors } from '../errors.ts'
import { clientAddress, newRouter, unitParamSchema } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { parseIfMatch, reportTarget, submissionBody, submitReport } from '../submit.ts'
import { readFormWorkbook } from '../xlsx/read-form.ts'
import { json } from './responses.ts'

export const reportParams = z.object({
  unit: unitParamSchema,
  period: periodIdSchema,
  form: formIdSchema,
})

const reportPath = '/api/v1/units/{unit}/periods/{period}/forms/{form}'

const writeHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Gửi lại với cùng khóa không tạo phiên bản mới / retry-safe key' }),
  'if-match': z
    .string()
    .optional()
    .meta({ description: 'Phiên bản đã biết / the revision the client last saw' }),
})

const errorResponses = {
  400: json(errorBodySchema, 'Malformed request'),
  401: json(errorBodySchema, 'No or bad token'),
  403: json(errorBodySchema, 'Outside your subtree'),
  404: json(errorBodySchema, 'Unknown unit, period or form'),
  409: json(errorBodySchema, 'Period closed, revision conflict or report accepted'),
  413: json(errorBodySchema, 'Body too large'),
  422: json(errorBodySchema, 'Failed validation: every finding in details'),
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function ackList(text: string | undefined): string[] {
  return text
    ? text
        .split(',')
        .map((rule) => rule.trim())
        .filter(Boolean)
    : []
}

export function malformedWorkbook(): ApiError {
  return new ApiError(
    400,
    'MALFORMED_WORKBOOK',
    'Tệp gửi lên không phải tệp Excel (.xlsx) đọc được.',
    'The uploaded file is not a readable .xlsx workbook.',
  )
}

export function notATemplate(): ApiError {
  return new ApiError(
    422,
    'NOT_A_TEMPLATE',
    'Không tìm thấy cột "Mã dòng" trong tệp: hãy dùng mẫu tải từ hệ thống (template.xlsx).',
    'No row-code column in the workbook: use the template downloaded from the service.',
  )
}

export function workbookTooLarge(): ApiError {
  return new ApiError(
    413,
    'WORKBOOK_TOO_LARGE',
    'Tệp Excel quá lớn khi giải nén; một biểu mẫu báo cáo không lớn như vậy.',
    'The workbook is too large once unpacked; a report form is never that big.',
  )
}

/** The file of a request: the body itself, or the "file" field of a multipart form. */
export async function uploadedFile(
  bytes: Uint8Array,
  contentType: string,
): Promise<{ data: Uint8Array; name: string | undefined }> {
  if (!contentType.startsWith('multipart/form-data')) {
    return { data: bytes, name: undefined }
  }
  const form = await new Response(Buffer.from(bytes), {
    headers: { 'content-type': contentType },
  })
    .formData()
    .catch(() => undefined)
  const file = form?.get('file')
  if (!file || typeof file === 'string') {
    throw new ApiError(
      400,
      'MISSING_FILE',
      'Không có tệp đính kèm (trường "file").',
      'No file in the "file" field.',
    )
  }
  return { data: new Uint8Array(await file.arrayBuffer()), name: file.name }
}

async function readWorkbook(
  bytes: Uint8Array,
  contentType: string,
  form: FormDefinition | undefined,
): Promise<FormGridReading> {
  const { data } = await uploadedFile(bytes, contentType)
  const read = readFormWorkbook(data, form)
  if (read.ok) {
    return read.reading
  }
  switch (read.code) {
    case 'MALFORMED_WORKBOOK':
      throw malformedWorkbook()
    case 'WORKBOOK_TOO_LARGE':
      throw workbookTooLarge()
    case 'NOT_A_TEMPLATE':
      throw notATemplate()
  }
}

export function submissionRoutes(services: Services) {
  const session = requireSession(services)

  const put = createRoute({
    method: 'put',
    path: reportPath,
    tags: ['submissions'],
    summary: 'Gửi báo cáo (một phiên bản mới) / submit a report',
    middleware: [session] as const,
    request: {
      params: reportParams,
      headers: writeHeaders,
      body: {
        required: true,
        content: { 'application/json': { schema: submissionRequestSchema } },
      },
    },
    responses: {
      201: json(
        submissionCreatedSchema,
        'Stored as a new revision (or the first result of this Idempotency-Key)',
      ),
      ...errorResponses,
    },
  })

  const get = createRoute({
    method: 'get',
    path: reportPath,
    tags: ['submissions'],
    summary: 'Báo cáo mới nhất, hoặc mọi phiên bản / the latest revision, or all',
    middleware: [session] as const,
    request: {
      params: reportParams,
      query: z.object({ history: z.enum(['0', '1', 'true', 'false']).optional() }),
    },
    responses: { 200: json(submissionResponseSchema, 'The report'), ...errorResponses },
  })

  const upload = createRoute({
    method: 'post',
    path: `${reportPath}/upload`,
    tags: ['submissions'],
    summary: 'Gửi báo cáo bằng tệp mẫu đã điền / submit a filled template',
    middleware: [session] as const,
    request: {
      params: reportParams,
      headers: writeHeaders,
      query: z.object({
        acknowledgedWarnings: z
          .string()
          .max(10_000)
          .optional()
          .meta({ description: 'Rule ids, comma-separated' }),
        acknowledgementReason: z
          .string()
          .trim()
          .max(500)
          .optional()
          .meta({ description: 'Lý do xác nhận cảnh báo / why the warnings are right' }),
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
    responses: { 201: json(submissionCreatedSchema, 'Stored'), ...errorResponses },
  })

  return newRouter()
    .openapi(put, async (c) => {
      const params = c.req.valid('param')
      const headers = c.req.valid('header')
      const body = c.req.valid('json')
      const { body: result, replayed } = await submitReport(services, {
        session: c.get('session'),
        address: clientAddress(c),
        params,
        formVersion: body.formVersion,
        values: body.values,
        acknowledgedWarnings: body.acknowledgedWarnings ?? [],
        acknowledgementReason: body.acknowledgementReason,
        ifMatch: parseIfMatch(headers['if-match']),
        idempotencyKey: headers['idempotency-key'],
        via: 'put',
      })
      if (replayed) {
        c.header('Idempotent-Replayed', 'true')
      }
      c.header('ETag', `"${result.submission.revision}"`)
      return c.json(result, 201)
    })
    .openapi(get, async (c) => {
      const params = c.req.valid('param')
      const { history } = c.req.valid('query')
      const { unit, period, form } = await reportTarget(services, c.get('session'), params)
      const latest = await services.store.latestRevision(unit.code, period.id, form.id)
      if (!latest) {
        throw errors.submissionNotFound()
      }
      c.header('ETag', `"${latest.revision}"`)
      c.header('Cache-Control', 'no-store')
      if (history === '1' || history === 'true') {
        const revisions = await services.store.revisions(unit.code, period.id, form.id)
        return c.json(
          { submission: submissionBody(latest), revisions: revisions.map(submissionBody) },
          200,
        )
      }
      return c.json({ submission: submissionBody(latest) }, 200)
    })
    .openapi(upload, async (c) => {
      const params = c.req.valid('param')
      const headers = c.req.valid('header')
      const { acknowledgedWarnings, acknowledgementReason } = c.req.valid('query')
      await reportTarget(services, c.get('session'), params)
      const bytes = new Uint8Array(await c.req.arrayBuffer())
      const reading = await readWorkbook(
        bytes,
        c.req.header('content-type') ?? XLSX_TYPE,
        services.catalog.get(params.form),
      )
      const meta = reading.codes.meta
      if ((meta.form && meta.form !== params.form) || (meta.unit && meta.unit !== params.unit)) {
        throw new ApiError(
          422,
          'TEMPLATE_MISMATCH',
          `Tệp là mẫu ${meta.form ?? ''}${meta.unit ? ` của đơn vị ${meta.unit}` : ''}, không khớp với báo cáo ${params.form} của ${params.unit}.`,
          `The workbook is form ${meta.form ?? '?'}${meta.unit ? ` of unit ${meta.unit}` : ''}, not ${params.form} of ${params.unit}.`,
        )
      }
      const { body: result, replayed } = await submitReport(services, {
        session: c.get('session'),
        address: clientAddress(c),
        params,
        formVersion: meta.version,
        values: reading.values,
        acknowledgedWarnings: ackList(acknowledgedWarnings),
        acknowledgementReason,
        ifMatch: parseIfMatch(headers['if-match']),
        idempotencyKey: headers['idempotency-key'],
        via: 'upload',
      })
      if (replayed) {
        c.header('Idempotent-Replayed', 'true')
      }
      return c.json(result, 201)
    })
}
