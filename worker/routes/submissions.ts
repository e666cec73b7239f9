/**
 * @module A unit's report for a period (báo cáo): PUT a new revision, GET the latest (or every
 * revision with `?history=1`), and POST …/upload a filled template workbook, which goes the
 * same way as a PUT.
 */
import { z } from '@hono/zod-openapi'
import {
  formIdSchema,
  periodIdSchema,
  submissionCreatedSchema,
  submissionRequestSchema,
  submissionResponseSchema,
} from '../../shared/api-schemas.ts'
import type { FormGridReading } from '../../shared/sheet-layout.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import type { Services } from '../context.ts'
import { ApiError } from '../errors.ts'
import { clientAddress, newRouter, unitParamSchema } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import {
  parseIfMatch,
  reportTarget,
  requireEntering,
  submissionBody,
  submitReport,
  type StoredReport,
} from '../submit.ts'
import { readFormWorkbook } from '../xlsx/read-form.ts'
import { apiRoute, headers, json } from './responses.ts'
import { jsonResponse } from '../compression.ts'

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

/** What every report route may answer about the unit, period and form it names. */
export const reportErrors = [
  'PERIOD_NOT_FOUND',
  'UNIT_NOT_FOUND',
  'NOT_YOURS',
  'FORM_NOT_FOUND',
] as const

/** What storing a revision may answer besides, by PUT or by upload. */
const submitErrors = [
  ...reportErrors,
  'ROLE_REQUIRED',
  'FORM_NOT_FOR_UNIT',
  'UNKNOWN_FORM_VERSION',
  'PERIOD_CLOSED',
  'VALIDATION_FAILED',
  'INVALID_IF_MATCH',
  'IDEMPOTENCY_KEY_REUSED',
  'REVISION_CONFLICT',
  'REPORT_ACCEPTED',
] as const

/** A stored revision: its ETag, and whether it is the stored answer to an earlier request. */
const createdResponse = (description: string) => ({
  ...json(submissionCreatedSchema, description),
  headers: headers(['ETag'], ['Idempotent-Replayed']),
})

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function ackList(text: string | undefined): string[] {
  return text
    ? text
        .split(',')
        .map((rule) => rule.trim())
        .filter(Boolean)
    : []
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
    throw new ApiError('MISSING_FILE')
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
  if (!read.ok) {
    throw new ApiError(read.code)
  }
  return read.reading
}

/** Stands for the values in the 201's JSON until their own JSON takes its place. */
const VALUES_SLOT = 'values written by the store'

/**
 * The 201 of a stored revision (PUT or upload), with the headers its contract declares. The
 * values were written as JSON for the store (2 KB, the larger half of the answer): that text goes
 * in as it is rather than being written again. Only the key itself can read `"values":"…"` with
 * bare quotes: quotes inside a text are escaped.
 */
function created({ body, replayed, valuesJson }: StoredReport) {
  const headers = {
    ETag: `"${body.submission.revision}"`,
    ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}),
  }
  if (valuesJson === undefined) {
    return jsonResponse(body, 201, headers)
  }
  const text = JSON.stringify({
    ...body,
    submission: { ...body.submission, values: VALUES_SLOT },
  }).replace(`"values":"${VALUES_SLOT}"`, () => `"values":${valuesJson}`)
  return jsonResponse(body, 201, headers, text)
}

export function submissionRoutes(services: Services) {
  const session = requireSession(services)

  const put = apiRoute(
    {
      operationId: 'submitReport',
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
        201: createdResponse(
          'Stored as a new revision (or the first result of this Idempotency-Key)',
        ),
      },
    },
    submitErrors,
  )

  const get = apiRoute(
    {
      operationId: 'getReport',
      method: 'get',
      path: reportPath,
      tags: ['submissions'],
      summary: 'Báo cáo mới nhất, hoặc mọi phiên bản / the latest revision, or all',
      middleware: [session] as const,
      request: {
        params: reportParams,
        query: z.object({
          history: z
            .enum(['0', '1', 'true', 'false'])
            .optional()
            .meta({ description: '1 or true: every revision too, oldest first' }),
        }),
      },
      responses: {
        200: {
          ...json(submissionResponseSchema, 'The report'),
          headers: headers(['ETag', 'Cache-Control']),
        },
      },
    },
    [...reportErrors, 'SUBMISSION_NOT_FOUND'],
  )

  const upload = apiRoute(
    {
      operationId: 'uploadReport',
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
      responses: { 201: createdResponse('Stored as a new revision') },
    },
    [
      ...submitErrors,
      'MALFORMED_WORKBOOK',
      'MISSING_FILE',
      'WORKBOOK_TOO_LARGE',
      'NOT_A_TEMPLATE',
      'TEMPLATE_MISMATCH',
    ],
  )

  return newRouter()
    .openapi(put, async (c) => {
      const params = c.req.valid('param')
      const headers = c.req.valid('header')
      const body = c.req.valid('json')
      const stored = await submitReport(services, {
        session: c.get('session'),
        address: clientAddress(c),
        params,
        formVersion: body.formVersion,
        values: body.values,
        acknowledgedWarnings: body.acknowledgedWarnings ?? [],
        acknowledgementReason: body.acknowledgementReason,
        warningReasons: body.warningReasons,
        notes: body.notes,
        ifMatch: parseIfMatch(headers['if-match']),
        idempotencyKey: headers['idempotency-key'],
        via: 'put',
      })
      return created(stored)
    })
    .openapi(get, async (c) => {
      const params = c.req.valid('param')
      const { history } = c.req.valid('query')
      const { unit, period, form } = await reportTarget(services, c.get('session'), params)
      const latest = await services.store.latestRevision(unit.code, period.id, form.id)
      if (!latest) {
        throw new ApiError('SUBMISSION_NOT_FOUND')
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
      const target = await reportTarget(services, c.get('session'), params)
      requireEntering(c.get('session'), target.unit.code)
      const bytes = new Uint8Array(await c.req.arrayBuffer())
      const reading = await readWorkbook(
        bytes,
        c.req.header('content-type') ?? XLSX_TYPE,
        target.form,
      )
      const meta = reading.codes.meta
      if ((meta.form && meta.form !== params.form) || (meta.unit && meta.unit !== params.unit)) {
        throw new ApiError('TEMPLATE_MISMATCH', {
          params: {
            ...(meta.form ? { form: meta.form } : {}),
            ...(meta.unit ? { unit: meta.unit } : {}),
            expectedForm: params.form,
            expectedUnit: params.unit,
          },
        })
      }
      const stored = await submitReport(
        services,
        {
          session: c.get('session'),
          address: clientAddress(c),
          params,
          formVersion: meta.version,
          values: reading.values,
          acknowledgedWarnings: ackList(acknowledgedWarnings),
          acknowledgementReason,
          notes: reading.notes,
          ifMatch: parseIfMatch(headers['if-match']),
          idempotencyKey: headers['idempotency-key'],
          via: 'upload',
        },
        target,
      )
      return created(stored)
    })
}
