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
import { keyCandidates } from '../auth/keys.ts'
import type { Unit } from '../../shared/unit-tree.ts'
import { vietnamDate } from '../../shared/periods.ts'

const route = apiRoute(
  {
    operationId: 'signIn',
    method: 'post',
    path: '/api/v1/auth/token',
    tags: ['auth'],
    summary: 'Đăng nhập: mã đơn vị và mã truy cập → token / sign in',
    description:
      'No token needed. Attempts are counted per address and per (unit, address) before the key is checked, and a right key takes its count back: past 20 and 5 failures in 15 minutes the answer is a 429 with Retry-After, at no cost to the worker. An address has 2 sign-ins checked at once, the others wait their turn (429 past 20 waiting).',
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
    // An address gets its fair share of the scrypt threads and of the store, never all of them:
    // its attempts beyond that share wait for one another, in this process, before anything is
    // read or counted, so a burst from one address costs the store two attempts at a time.
    const release = await signIn.turns.take(address)
    let found: Unit | undefined
    let keyId: string | undefined
    const now = services.now()
    try {
      // Counted as failed before the key is checked, so that attempts sent together see each
      // other; one refused here, or with a right key, takes its count back.
      const wait = Math.max(
        ...(await Promise.all([
          signIn.byUnitAndAddress.take(pairKey),
          signIn.byAddress.take(addressKey),
        ])),
      )
      if (wait > 0) {
        await Promise.all([
          signIn.byUnitAndAddress.release(pairKey),
          signIn.byAddress.release(addressKey),
        ])
        throw new ApiError('TOO_MANY_ATTEMPTS', { params: { seconds: Math.ceil(wait / 1000) } })
      }
      found = (await services.units.treeAt(vietnamDate(now))).get(unit)
      keyId = await checkKey(services, found?.code, key)
    } finally {
      release()
    }
    if (!found || keyId === undefined) {
      await signIn.byUnit.fail(unitKey)
      const beyond = (await signIn.byUnit.failures(unitKey)) - signIn.limits.unitSlowdownAfter
      if (beyond > 0) {
        await signIn.sleep(Math.min(beyond * signIn.limits.unitSlowdownStepMs, 10_000))
      }
      throw badCredentials()
    }
    await Promise.all([
      signIn.byUnitAndAddress.reset(pairKey),
      signIn.byAddress.release(addressKey),
    ])
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

/**
 * The id of the unit's active key that `key` is, or undefined. One scrypt whatever the unit: the
 * key its first group names, or a stand-in hash when the unit is unknown or has no such key (keys
 * stored before ids are still tried each).
 */
async function checkKey(
  services: Services,
  unit: string | undefined,
  key: string,
): Promise<string | undefined> {
  const candidates =
    unit === undefined ? [] : keyCandidates(await services.store.activeKeys(unit), key)
  if (candidates.length === 0) {
    await services.signIn.verify(key, await services.signIn.standIn())
    return undefined
  }
  for (const stored of candidates) {
    if (await services.signIn.verify(key, stored.hash)) {
      return stored.id
    }
  }
  return undefined
}
