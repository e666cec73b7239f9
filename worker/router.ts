/**
 * @module A new router for one resource, with the one `defaultHook` that turns every schema failure
 * of a request (path, query, header or body) into a 400 `INVALID_REQUEST` listing the problems,
 * or into the more specific error a router names for its bodies.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context, Env, Input } from 'hono'
import { unitCodeSchema } from '../shared/api-schemas.ts'
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

/**
 * `bodyProblem` looks at a JSON body that failed its schema and may name its problem better than
 * the list of schema issues (a sign-in without its password); null leaves it to INVALID_REQUEST.
 */
export function newRouter(
  bodyProblem?: (body: unknown, path: string) => ApiError | null,
): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: async (result, c) => {
      if (!result.success) {
        // The body as the validator saw it ({} when none came, which c.req.json() cannot parse);
        // zod-validator passes it at run time though the hook's type omits it on failure.
        const seen: unknown = 'data' in result ? result.data : {}
        const specific =
          bodyProblem && result.target === 'json' ? bodyProblem(seen, c.req.path) : null
        throw (
          specific ??
          new ApiError('INVALID_REQUEST', {
            details: result.error.issues.map((issue) => issueDetail(issue, result.target)),
          })
        )
      }
    },
  })
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
