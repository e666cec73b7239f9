/**
 * @module Signing in: POST /api/v1/auth/token takes a unit code and its access key, or a person's
 * login and password, for a signed session token; POST /api/v1/auth/activate sets a person's first
 * password with the one-time code an administrator handed over; POST /api/v1/auth/password changes
 * one's own. Failed attempts are counted per address and per (unit or login, address); past either
 * limit the answer is a 429 with Retry-After, before anything is checked. Failures of one unit or
 * login from many addresses never lock it (that would let anyone lock a clerk out): they slow down
 * the wrong answers instead, while the right secret still signs in at once.
 */
import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import {
  activationSchema,
  passwordChangeSchema,
  passwordSignInSchema,
  tokenRequestSchema,
  tokenResponseSchema,
  type TokenResponse,
} from '../../shared/api-schemas.ts'
import { passwordWeakness } from '../../shared/accounts.ts'
import type { Secret, SignInField } from '../../shared/api-errors.ts'
import type { AppEnv, Services } from '../context.ts'
import { ApiError } from '../errors.ts'
import { clientAddress, newRouter, unitParamSchema } from '../router.ts'
import { apiRoute, json } from './responses.ts'
import { signToken, TOKEN_LIFETIME_SECONDS } from '../auth/token.ts'
import { hashPassword, keyCandidates, verifyKey, verifyPassword } from '../auth/keys.ts'
import { requireSession } from '../auth/session.ts'
import { personLabel } from '../access.ts'
import type { Unit } from '../../shared/unit-tree.ts'
import type { StoredAccount } from '../store/store.ts'
import { vietnamDate } from '../../shared/periods.ts'

const limitsText =
  'No token needed. Attempts are counted per address and per (unit or login, address) before the secret is checked, and a right one takes its count back: past 20 and 5 failures in 15 minutes the answer is a 429 with Retry-After, at no cost to the worker. An address has 2 sign-ins checked at once, the others wait their turn (429 past 20 waiting).'

const signInRoute = apiRoute(
  {
    operationId: 'signIn',
    method: 'post',
    path: '/api/v1/auth/token',
    tags: ['auth'],
    summary: 'Đăng nhập: mã đơn vị và mã truy cập, hoặc tài khoản và mật khẩu → token / sign in',
    description: limitsText,
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z
              .union([
                tokenRequestSchema.extend({ unit: unitParamSchema }).meta({ id: 'KeySignIn' }),
                passwordSignInSchema,
              ])
              .meta({ id: 'TokenRequest' }),
          },
        },
      },
    },
    responses: { 200: json(tokenResponseSchema, 'Signed in: send the token as a bearer token') },
  },
  ['SIGN_IN_INCOMPLETE', 'BAD_CREDENTIALS', 'TOO_MANY_ATTEMPTS'],
)

const activateRoute = apiRoute(
  {
    operationId: 'activateAccount',
    method: 'post',
    path: '/api/v1/auth/activate',
    tags: ['auth'],
    summary: 'Kích hoạt tài khoản: đặt mật khẩu đầu tiên bằng mã một lần / set a first password',
    description: `The one-time code is used up; the answer signs the person in. ${limitsText}`,
    request: {
      body: { required: true, content: { 'application/json': { schema: activationSchema } } },
    },
    responses: { 200: json(tokenResponseSchema, 'Activated and signed in') },
  },
  ['SIGN_IN_INCOMPLETE', 'BAD_CREDENTIALS', 'TOO_MANY_ATTEMPTS', 'WEAK_PASSWORD'],
)

/** The ways each route's body may be complete: the fields of each, all needed. */
const SIGN_IN_WAYS: Record<string, readonly (readonly SignInField[])[]> = {
  [signInRoute.path]: [
    ['unit', 'key'],
    ['login', 'password'],
  ],
  [activateRoute.path]: [['login', 'code', 'password']],
}

/**
 * A body that failed its schema because it lacks a field: 400 `SIGN_IN_INCOMPLETE` naming what is
 * missing of the way it began (a login without its password), or of every way when it began none.
 * Decided from the body alone, before anything is read or counted, so it tells nothing about the
 * unit or the login; null when each way it began is complete (the problem is another).
 */
export function incompleteSignIn(
  body: unknown,
  ways: readonly (readonly SignInField[])[],
): ApiError | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || ways.length === 0) {
    return null
  }
  const fields = body as Record<string, unknown>
  const given = (field: SignInField) => {
    const value = fields[field]
    return value !== undefined && value !== null && !(typeof value === 'string' && !value.trim())
  }
  const begun = ways.filter((way) => way.some(given))
  const missing = (begun.length > 0 ? begun : ways).map((way) => way.filter((f) => !given(f)))
  if (missing.some((way) => way.length === 0)) {
    return null
  }
  return new ApiError('SIGN_IN_INCOMPLETE', {
    params: { missing },
    details: [...new Set(missing.flat())],
  })
}

export function authRoutes(services: Services) {
  const changeRoute = apiRoute(
    {
      operationId: 'changePassword',
      method: 'post',
      path: '/api/v1/auth/password',
      tags: ['auth'],
      summary: 'Đổi mật khẩu của mình / change one’s own password',
      middleware: [requireSession(services)] as const,
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: passwordChangeSchema } },
        },
      },
      responses: { 204: { description: 'Changed; the session goes on' } },
    },
    ['PERSON_ONLY', 'BAD_CREDENTIALS', 'WEAK_PASSWORD'],
  )
  return newRouter((body, path) => incompleteSignIn(body, SIGN_IN_WAYS[path] ?? []))
    .openapi(signInRoute, async (c) => {
      const body = c.req.valid('json')
      if ('unit' in body) {
        const { unit, key } = body
        return c.json(
          await attempt(services, c, `unit:${unit}`, 'key', async (now) => {
            const found = (await services.units.treeAt(vietnamDate(now))).get(unit)
            const keyId = await checkKey(services, found?.code, key)
            return found && keyId !== undefined
              ? issue(services, now, found, { keyId, login: null })
              : undefined
          }),
          200,
        )
      }
      const { login, password } = body
      return c.json(
        await attempt(services, c, `login:${login}`, 'password', async (now) => {
          const account = await services.store.getAccount(login)
          const usable = account && account.disabledAt === null ? account.passwordHash : null
          const right = await verifyPassword(password, usable ?? (await services.signIn.standIn()))
          return right && account ? signInPerson(services, now, account) : undefined
        }),
        200,
      )
    })
    .openapi(activateRoute, async (c) => {
      const { login, code, password } = c.req.valid('json')
      const address = clientAddress(c)
      return c.json(
        await attempt(services, c, `login:${login}`, 'code', async (now) => {
          const account = await services.store.getAccount(login)
          const pending = account && account.disabledAt === null ? account.codeHash : null
          const right = await verifyKey(code, pending ?? (await services.signIn.standIn()))
          if (!right || !account) {
            return undefined
          }
          refuseWeak(password, account)
          const passwordHash = await hashPassword(password, services.signIn.cost)
          await services.store.updateAccount(
            login,
            { passwordHash, codeHash: null },
            {
              actor: account.unit,
              person: `${account.name} <${account.login}>`,
              address,
              action: 'account.activate',
              target: login,
              details: null,
            },
          )
          return signInPerson(services, now, { ...account, passwordHash })
        }),
        200,
      )
    })
    .openapi(changeRoute, async (c) => {
      const session = c.get('session')
      const person = session.person
      if (!person) {
        throw new ApiError('PERSON_ONLY')
      }
      const { current, password } = c.req.valid('json')
      const account = await services.store.getAccount(person.login)
      if (!account?.passwordHash || !(await verifyPassword(current, account.passwordHash))) {
        throw new ApiError('BAD_CREDENTIALS', { params: { secret: 'current' } })
      }
      refuseWeak(password, account)
      await services.store.updateAccount(
        person.login,
        { passwordHash: await hashPassword(password, services.signIn.cost) },
        {
          actor: session.unit,
          person: personLabel(session),
          address: clientAddress(c),
          action: 'account.password',
          target: person.login,
          details: null,
        },
      )
      return c.body(null, 204)
    })
}

function refuseWeak(password: string, account: StoredAccount): void {
  const reason = passwordWeakness(password, account.login, account.unit)
  if (reason) {
    throw new ApiError('WEAK_PASSWORD', { params: { reason } })
  }
}

/**
 * One sign-in attempt of `subject` (`unit:…` or `login:…`) with `secret`: counted as failed before `check` runs,
 * so that attempts sent together see each other; one refused here, or right, takes its count back.
 * `check` answers the signed-in response, or undefined when the secret is wrong.
 */
async function attempt<P extends string>(
  services: Services,
  c: Context<AppEnv, P>,
  subject: string,
  secret: Secret,
  check: (now: Date) => Promise<TokenResponse | undefined>,
): Promise<TokenResponse> {
  const address = clientAddress(c) ?? 'unknown'
  const { signIn } = services
  const pairKey = `${subject} address:${address}`
  const addressKey = `address:${address}`
  const takeBack = () =>
    Promise.all([signIn.byUnitAndAddress.release(pairKey), signIn.byAddress.release(addressKey)])
  // An address gets its fair share of the scrypt threads and of the store, never all of them: its
  // attempts beyond that share wait for one another, in this process, before anything is read or
  // counted, so a burst from one address costs the store two attempts at a time.
  const release = await signIn.turns.take(address)
  let answer: TokenResponse | undefined
  try {
    const wait = Math.max(
      ...(await Promise.all([
        signIn.byUnitAndAddress.take(pairKey),
        signIn.byAddress.take(addressKey),
      ])),
    )
    if (wait > 0) {
      await takeBack()
      throw new ApiError('TOO_MANY_ATTEMPTS', { params: { seconds: Math.ceil(wait / 1000) } })
    }
    try {
      answer = await check(services.now())
    } catch (error) {
      // A right code with a weak password: not a guess, so not counted.
      await takeBack()
      throw error
    }
  } finally {
    release()
  }
  if (!answer) {
    await signIn.byUnit.fail(subject)
    const beyond = (await signIn.byUnit.failures(subject)) - signIn.limits.unitSlowdownAfter
    if (beyond > 0) {
      await signIn.sleep(Math.min(beyond * signIn.limits.unitSlowdownStepMs, 10_000))
    }
    throw new ApiError('BAD_CREDENTIALS', { params: { secret } })
  }
  await Promise.all([signIn.byUnitAndAddress.reset(pairKey), signIn.byAddress.release(addressKey)])
  return answer
}

function issue(
  services: Services,
  now: Date,
  unit: Unit,
  who: { keyId: string; login: null } | { keyId: null; login: string },
): TokenResponse {
  const exp = Math.floor(now.getTime() / 1000) + TOKEN_LIFETIME_SECONDS
  return {
    token: signToken({ unit: unit.code, ...who, exp }, services.tokenSecret),
    expiresAt: new Date(exp * 1000).toISOString(),
    unit: { code: unit.code, name: unit.name, level: unit.level },
  }
}

/** The response for a person whose unit exists today; undefined (a failure) otherwise. */
async function signInPerson(
  services: Services,
  now: Date,
  account: StoredAccount,
): Promise<TokenResponse | undefined> {
  const unit = (await services.units.treeAt(vietnamDate(now))).get(account.unit)
  if (!unit) {
    return undefined
  }
  return {
    ...issue(services, now, unit, { keyId: null, login: account.login }),
    person: { login: account.login, name: account.name, roles: account.roles },
  }
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
