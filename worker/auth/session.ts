/**
 * @module The session middleware: a bearer token, signed and unexpired, whose access key is still
 * active or whose person is still enabled. The key or the account is looked up in the store on
 * every request (a primary-key read), so a key revoked, an account disabled or its roles changed
 * by the admin command line, another process, take effect at once.
 */
import type { Context, Input, MiddlewareHandler } from 'hono'
import type { AppEnv, Services, Session } from '../context.ts'
import { ApiError } from '../errors.ts'
import { verifyToken } from './token.ts'
import type { TokenClaims } from './token.ts'

export function requireSession(services: Services): MiddlewareHandler<AppEnv> {
  const authenticate = sessionCheck(services)
  return async (c, next) => {
    // A write was checked by the app before its body was read, a moment ago in this request: a
    // second read of its key or account would tell nothing new.
    if ((c.get('session') as Session | undefined) === undefined) {
      await authenticate(c)
    }
    await next()
  }
}

/**
 * Checks the request's bearer token and sets the session, or throws 401: what `requireSession`
 * does, callable before a body is read (the app checks writes so, before reading a byte).
 */
export function sessionCheck(
  services: Services,
): <P extends string, I extends Input>(c: Context<AppEnv, P, I>) => Promise<void> {
  // Signatures already checked: a client sends the same token on every request of its session.
  const verified = new Map<string, TokenClaims>()
  return async <P extends string, I extends Input>(c: Context<AppEnv, P, I>) => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match?.[1]) {
      throw new ApiError('UNAUTHENTICATED')
    }
    const nowSeconds = Math.floor(services.now().getTime() / 1000)
    const token = match[1]
    let claims = verified.get(token) ?? null
    if (!claims) {
      claims = verifyToken(token, services.tokenSecret, nowSeconds)
      if (claims) {
        if (verified.size > 10_000) {
          verified.clear()
        }
        verified.set(token, claims)
      }
    }
    if (!claims || claims.exp <= nowSeconds) {
      throw new ApiError('UNAUTHENTICATED')
    }
    if (claims.login !== null) {
      const account = await services.store.getAccount(claims.login)
      if (
        !account ||
        account.unit !== claims.unit ||
        account.disabledAt !== null ||
        account.passwordHash === null
      ) {
        throw new ApiError('ACCOUNT_DISABLED')
      }
      c.set('session', {
        unit: claims.unit,
        keyId: null,
        person: { login: account.login, name: account.name, roles: account.roles },
      })
      return
    }
    const key = claims.keyId === null ? undefined : await services.store.getKey(claims.keyId)
    if (!key || key.unit !== claims.unit || key.revokedAt !== null) {
      throw new ApiError('KEY_REVOKED')
    }
    c.set('session', { unit: claims.unit, keyId: key.id, person: null })
  }
}
