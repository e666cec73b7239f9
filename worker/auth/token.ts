/**
 * @module Session tokens: `<payload>.<signature>`, the payload naming the unit, the access key or
 * the person it was issued for (so revoking the key or disabling the person ends the session) and the expiry, signed with HMAC-SHA256.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export interface TokenClaims {
  unit: string
  /** The access key a unit signed in with, or null for a person. */
  keyId: string | null
  /** The login of the person signed in, or null for a unit key. */
  login: string | null
  /** Expiry, seconds since the epoch. */
  exp: number
}

/** Twelve hours: a working day, so a clerk signs in once a day. */
export const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url')
}

export function signToken(claims: TokenClaims, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify(
      claims.login === null
        ? { u: claims.unit, k: claims.keyId, e: claims.exp }
        : { u: claims.unit, p: claims.login, e: claims.exp },
    ),
  ).toString('base64url')
  return `${payload}.${sign(payload, secret)}`
}

/** The claims of a token signed with `secret` and not yet expired at `nowSeconds`, or null. */
export function verifyToken(token: string, secret: string, nowSeconds: number): TokenClaims | null {
  const [payload, signature, extra] = token.split('.')
  if (!payload || !signature || extra !== undefined) {
    return null
  }
  const expected = Buffer.from(sign(payload, secret))
  const actual = Buffer.from(signature)
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return null
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return null
  }
  const { u, k, p, e } = parsed as Record<string, unknown>
  if (typeof u !== 'string' || typeof e !== 'number' || e <= nowSeconds) {
    return null
  }
  if (typeof k === 'string' && p === undefined) {
    return { unit: u, keyId: k, login: null, exp: e }
  }
  if (typeof p === 'string' && k === undefined) {
    return { unit: u, keyId: null, login: p, exp: e }
  }
  return null
}
