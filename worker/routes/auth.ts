/**
 * @module POST /api/v1/auth/token: a unit code and its access key for a signed session token.
 * Failed attempts are counted per address and per (unit, address); past either limit the answer is
 * a 429 with Retry-After, before any key is checked. Failures of one unit from many addresses never
 * lock it (that would let anyone lock a clerk out): they slow down the wrong answers instead, while
 * the right key still signs in at once.
 */
import { tokenRequestSchema, tokenResponseSchema } from '../../shared/api-schemas.ts'
import type { Services } from '../context.ts'
import { ApiError } from '../errors.ts'
import { clientAddress, newRouter, unitParamSchema } from '../router.ts'
import { apiRoute, json } from './responses.ts'
import { signToken, TOKEN_LIFETIME_SECONDS } from '../auth/token.ts'
import { verifyKey } from '../auth/keys.ts'
import { vietnamDate } from '../../shared/periods.ts'

const route = apiRoute(
  {
    operationId: 'signIn',
    method: 'post',
    path: '/api/v1/auth/token',
    tags: ['auth'],
    summary: 'Đăng nhập: mã đơn vị và mã truy cập → token / sign in',
    description:
      'No token needed. Failed attempts are counted per address and per (unit, address): past 20 and 5 in 15 minutes the answer is a 429 with Retry-After, before any key is checked.',
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: tokenRequestSchema
              .extend({ unit: unitParamSchema })
              .meta({ id: 'TokenRequest' }),
          },
        },
      },
    },
    responses: { 200: json(tokenResponseSchema, 'Signed in: send the token as a bearer token') },
  },
  ['BAD_CREDENTIALS', 'TOO_MANY_ATTEMPTS'],
)

function badCredentials(): ApiError {
  return new ApiError('BAD_CREDENTIALS')
}

export function authRoutes(services: Services) {
  return newRouter().openapi(route, async (c) => {
    const { unit, key } = c.req.valid('json')
    const address = clientAddress(c) ?? 'unknown'
    const { signIn } = services
    const unitKey = `unit:${unit}`
    const pairKey = `unit:${unit} address:${address}`
    const addressKey = `address:${address}`
    const wait = Math.max(
      await signIn.byUnitAndAddress.retryAfter(pairKey),
      await signIn.byAddress.retryAfter(addressKey),
    )
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000)
      throw new ApiError('TOO_MANY_ATTEMPTS', { params: { seconds } })
    }
    const now = services.now()
    const tree = await services.units.treeAt(vietnamDate(now))
    const found = tree.get(unit)
    let keyId: string | undefined
    if (found) {
      for (const stored of await services.store.activeKeys(found.code)) {
        if (await verifyKey(key, stored.hash)) {
          keyId = stored.id
          break
        }
      }
    }
    if (!found || keyId === undefined) {
      await Promise.all([
        signIn.byUnitAndAddress.fail(pairKey),
        signIn.byAddress.fail(addressKey),
        signIn.byUnit.fail(unitKey),
      ])
      const beyond = (await signIn.byUnit.failures(unitKey)) - signIn.limits.unitSlowdownAfter
      if (beyond > 0) {
        await signIn.sleep(Math.min(beyond * signIn.limits.unitSlowdownStepMs, 10_000))
      }
      throw badCredentials()
    }
    await signIn.byUnitAndAddress.reset(pairKey)
    const exp = Math.floor(now.getTime() / 1000) + TOKEN_LIFETIME_SECONDS
    return c.json(
      {
        token: signToken({ unit: found.code, keyId, exp }, services.tokenSecret),
        expiresAt: new Date(exp * 1000).toISOString(),
        unit: { code: found.code, name: found.name, level: found.level },
      },
      200,
    )
  })
}
