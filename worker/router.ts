/**
 * @module A new router for one resource, with the one `defaultHook` that turns every schema failure
 * of a request (path, query, header or body) into a 400 `INVALID_REQUEST` listing the problems.
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppEnv } from './context.ts'
import { ApiError } from './errors.ts'

export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ApiError(
          400,
          'INVALID_REQUEST',
          'Yêu cầu không đúng định dạng; xem chi tiết từng trường.',
          'The request does not have the expected shape; see the details of each field.',
          {
            details: result.error.issues.map((issue) => ({
              in: result.target,
              path: issue.path.join('.'),
              message: issue.message,
            })),
          },
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
 * The client's address: the socket's peer (node-server), or with `trustProxy` the first entry
 * of X-Forwarded-For, which a reverse proxy sets.
 */
export function peerAddress(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) {
      return forwarded
    }
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress ?? null
}
