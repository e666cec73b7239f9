/**
 * @module A new router for one resource, with the one `defaultHook` that turns every schema failure
 * of a request (path, query, header or body) into a 400 `INVALID_REQUEST` listing the problems,
 * or into the more specific error a router names for its bodies.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context, Env, Input, MiddlewareHandler } from 'hono'
import { unitCodeSchema } from '../shared/api-schemas.ts'
import type { RequestPart } from '../shared/api-errors.ts'
import type { AppEnv } from './context.ts'
import { ApiError } from './errors.ts'
import { issueDetail } from './issue-messages.ts'
import { peerSocketAddress } from './runtime.ts'

/**
 * A unit code as a client sends it (a path, a sign-in): trimmed and upper-cased, the way codes are
 * stored, so `bk.gd` names `BK.GD`.
 */
export const unitParamSchema = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(unitCodeSchema)
  .meta({ description: 'Mã đơn vị, hoa hay thường đều được / unit code, any case', example: 'BK' })

function invalidRequest(issues: readonly z.core.$ZodIssue[], target: RequestPart): ApiError {
  return new ApiError('INVALID_REQUEST', {
    details: issues.map((issue) => issueDetail(issue, target)),
  })
}

/**
 * Checks the headers a route's schema names, read one by one. zod-openapi's header validator
 * first copies every header of the request into an object (walking, sorting and joining a web
 * Headers) and only then lets the schema pick its two; every PUT paid for that.
 */
function namedHeaders(schema: z.ZodObject): MiddlewareHandler<AppEnv> {
  const names = Object.keys(schema.shape)
  return async (c, next) => {
    const given: Record<string, string> = {}
    for (const name of names) {
      const value = c.req.header(name)
      if (value !== undefined) {
        given[name] = value
      }
    }
    const result = schema.safeParse(given)
    if (!result.success) {
      throw invalidRequest(result.error.issues, 'header')
    }
    c.req.addValidatedData('header', result.data)
    await next()
  }
}

/**
 * `bodyProblem` looks at a JSON body that failed its schema and may name its problem better than
 * the list of schema issues (a sign-in without its password); null leaves it to INVALID_REQUEST.
 * A route's headers are documented as declared and checked by `namedHeaders`.
 */
export function newRouter(
  bodyProblem?: (body: unknown, path: string) => ApiError | null,
): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: async (result, c) => {
      if (!result.success) {
        // The body as the validator saw it ({} when none came, which c.req.json() cannot parse);
        // zod-validator passes it at run time though the hook's type omits it on failure.
        const seen: unknown = 'data' in result ? result.data : {}
        const specific =
          bodyProblem && result.target === 'json' ? bodyProblem(seen, c.req.path) : null
        throw specific ?? invalidRequest(result.error.issues, result.target)
      }
    },
  })
  const openapi = router.openapi
  router.openapi = (route, handler, hook) => {
    const headers = route.request?.headers
    if (!(headers instanceof z.ZodObject)) {
      return openapi(route, handler, hook)
    }
    const { middleware, hide, ...documented } = route
    if (!hide) {
      router.openAPIRegistry.registerPath(documented)
    }
    return openapi(
      {
        ...route,
        hide: true,
        middleware: [...[middleware ?? []].flat(), namedHeaders(headers)],
        request: { ...route.request, headers: undefined },
      },
      handler,
      hook,
    )
  }
  return router
}

/** The client's address as the app's first middleware found it, or null when unknown. */
export function clientAddress(c: Context<AppEnv>): string | null {
  return c.get('address') ?? null
}

/**
 * The client's address: the socket's peer (node-server), or with `trustProxy` the last entry of
 * X-Forwarded-For: the one our reverse proxy appended. The entries before it are whatever the
 * client sent, so they cannot be trusted.
 */
export function peerAddress<E extends Env, P extends string, I extends Input>(
  c: Context<E, P, I>,
  trustProxy: boolean,
): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
    if (forwarded) {
      return forwarded
    }
  }
  return peerSocketAddress(c)
}
