/**
 * @module How every route describes itself in the contract: `apiRoute` adds what the route's
 * shape implies (the session's 401s, a schema's 400, a body's 413 and 415, the 500 any route may
 * give), the route's own error codes grouped by status, and `security: []` on public routes.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { RouteConfig } from '@hono/zod-openapi'
import {
  API_ERRORS,
  errorBodySchema,
  errorStatus,
  setsRetryAfter,
  type ErrorCode,
  type ErrorStatus,
} from '../../shared/api-errors.ts'

/** A response whose body is JSON of `schema`. */
export const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

/** The response headers the worker sets, each described once. */
export const responseHeaders = {
  ETag: z.string().meta({
    description: 'The revision as an entity tag ("3"); send it back in If-Match',
    example: '"3"',
  }),
  'Idempotent-Replayed': z.literal('true').meta({
    description: 'Present when this is the stored answer to an earlier request with the same key',
  }),
  'Content-Disposition': z.string().meta({
    description: 'attachment, with the file name to save under',
    example: 'attachment; filename="mau-B01-2026.1.xlsx"',
  }),
  'Cache-Control': z.string().meta({ description: 'How long the answer may be kept' }),
  'Retry-After': z.string().meta({ description: 'Seconds to wait before trying again' }),
}

export type ResponseHeader = keyof typeof responseHeaders

/** The response headers named, for a response's `headers`; those in `optional` may be absent. */
export function headers(
  names: readonly ResponseHeader[],
  optional: readonly ResponseHeader[] = [],
) {
  return z.object(
    Object.fromEntries([
      ...names.map((name) => [name, responseHeaders[name]] as const),
      ...optional.map((name) => [name, responseHeaders[name].optional()] as const),
    ]),
  )
}

/** The codes a route's shape implies, besides its own. */
function impliedCodes(route: RouteConfig): ErrorCode[] {
  const codes: ErrorCode[] = ['INTERNAL_ERROR', 'STORE_UNAVAILABLE']
  if (route.middleware !== undefined) {
    codes.push('UNAUTHENTICATED', 'KEY_REVOKED')
  }
  const request = route.request
  if (request?.params || request?.query || request?.headers || request?.body) {
    codes.push('INVALID_REQUEST')
  }
  if (route.method === 'post' || route.method === 'put' || route.method === 'patch') {
    codes.push('PAYLOAD_TOO_LARGE', 'BODY_INCOMPLETE', 'SERVER_BUSY')
  }
  if (route.method !== 'get' && route.method !== 'head') {
    codes.push('STORAGE_FULL', 'STORE_DAMAGED')
  }
  const jsonBody = request?.body?.content['application/json']
  if (jsonBody && 'schema' in jsonBody && jsonBody.schema instanceof z.ZodType) {
    codes.push('MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE')
  }
  return codes
}

/** Retry-After, when codes of the group set it: required when every one does. */
function retryAfterHeader(group: readonly ErrorCode[]) {
  const setting = group.filter(setsRetryAfter)
  if (setting.length === 0) {
    return {}
  }
  return setting.length === group.length
    ? { headers: headers(['Retry-After']) }
    : { headers: headers([], ['Retry-After']) }
}

/** Error responses for these codes, one per status, each naming its codes. */
export function errorResponses(codes: readonly ErrorCode[]) {
  const byStatus = new Map<ErrorStatus, ErrorCode[]>()
  for (const code of new Set(codes)) {
    const status = errorStatus(code)
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  const responses: Record<string, ReturnType<typeof json> & { headers?: z.ZodObject }> = {}
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[status] = {
      ...json(
        errorBodySchema,
        group.map((code) => `\`${code}\`: ${API_ERRORS[code].description}`).join('; '),
      ),
      ...retryAfterHeader(group),
    }
  }
  return responses
}

/**
 * A route of the contract: `operationId` required, `security: []` when it takes no session, and
 * every error it may answer declared: the `codes` its handler raises, and those its shape implies.
 *
 * @example
 * apiRoute({ operationId: 'getUnit', method: 'get', path: '/api/v1/units/{unit}', … }, ['NOT_YOURS'])
 */
export function apiRoute<const R extends RouteConfig & { operationId: string }>(
  route: R,
  codes: readonly ErrorCode[],
) {
  const configured = {
    ...route,
    ...(route.middleware === undefined ? { security: [] } : {}),
    responses: { ...route.responses, ...errorResponses([...impliedCodes(route), ...codes]) },
  }
  return createRoute(configured) as unknown as ReturnType<typeof createRoute<R['path'], R>>
}
