/**
 * @module Accounts through the API, for a unit's administrator (quản trị, or its unit key): list a
 * unit's accounts, add one (its one-time code shown once), change roles, disable or enable, reset
 * a password. The subtree rule applies: an administrator manages accounts of their unit and the
 * units below, and grants no role they do not hold themselves. An account outside the subtree is
 * answered as absent, so logins of other branches are not told.
 */
import { z } from '@hono/zod-openapi'
import { personSchema, unitCodeSchema } from '../../shared/api-schemas.ts'
import { loginSchema, roleSchema } from '../../shared/account-schemas.ts'
import { ACTS, type Role } from '../../shared/accounts.ts'
import type { Services, Session } from '../context.ts'
import { ApiError } from '../errors.ts'
import { clientAddress, newRouter, unitParamSchema } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { actorOf, requirePermission, visibleUnit } from '../access.ts'
import { vietnamDate } from '../../shared/periods.ts'
import { accountView, addAccount, resetPassword, setDisabled, setRoles } from '../admin/accounts.ts'
import { apiRoute, headers, json } from './responses.ts'

const accountSchema = personSchema
  .extend({
    unit: unitCodeSchema,
    active: z.boolean().meta({ description: 'A password is set (the one-time code was used)' }),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Account' })
const accountsSchema = z.object({ accounts: z.array(accountSchema) }).meta({ id: 'Accounts' })
const newAccountSchema = z
  .object({
    login: loginSchema,
    name: z.string().trim().min(1).max(200),
    roles: z.array(roleSchema),
  })
  .meta({ id: 'NewAccount' })
const issuedCodeSchema = z
  .object({
    account: accountSchema,
    code: z.string().meta({ description: 'Mã kích hoạt một lần, chỉ hiện lúc này / shown once' }),
  })
  .meta({ id: 'IssuedCode' })
const accountChangeSchema = z
  .object({ roles: z.array(roleSchema).optional(), disabled: z.boolean().optional() })
  .meta({ id: 'AccountChange' })

const errors = ['ROLE_REQUIRED', 'UNIT_NOT_FOUND', 'NOT_YOURS'] as const

export function accountRoutes(services: Services) {
  const session = requireSession(services)
  const unitParams = z.object({ unit: unitParamSchema })
  const loginParams = z.object({ login: loginSchema })
  const list = apiRoute(
    {
      operationId: 'listAccounts',
      method: 'get',
      path: '/api/v1/units/{unit}/accounts',
      tags: ['admin'],
      summary: 'Tài khoản của đơn vị / the accounts of a unit',
      middleware: [session] as const,
      request: { params: unitParams },
      responses: { 200: json(accountsSchema, 'By login') },
    },
    errors,
  )
  const add = apiRoute(
    {
      operationId: 'addAccount',
      method: 'post',
      path: '/api/v1/units/{unit}/accounts',
      tags: ['admin'],
      summary: 'Tạo tài khoản, cấp mã kích hoạt / add an account with a one-time code',
      middleware: [session] as const,
      request: {
        params: unitParams,
        body: { required: true, content: { 'application/json': { schema: newAccountSchema } } },
      },
      responses: {
        201: {
          ...json(issuedCodeSchema, 'The account, and its one-time code shown only now'),
          headers: headers(['Cache-Control']),
        },
      },
    },
    [...errors, 'ROLE_ABOVE_OWN', 'LOGIN_TAKEN'],
  )
  const change = apiRoute(
    {
      operationId: 'changeAccount',
      method: 'patch',
      path: '/api/v1/accounts/{login}',
      tags: ['admin'],
      summary: 'Đổi vai trò, khóa hoặc mở tài khoản / change roles, disable or enable',
      middleware: [session] as const,
      request: {
        params: loginParams,
        body: { required: true, content: { 'application/json': { schema: accountChangeSchema } } },
      },
      responses: { 200: json(accountSchema, 'The account as changed') },
    },
    ['ROLE_REQUIRED', 'ROLE_ABOVE_OWN', 'ACCOUNT_NOT_FOUND'],
  )
  const reset = apiRoute(
    {
      operationId: 'resetPassword',
      method: 'post',
      path: '/api/v1/accounts/{login}/reset',
      tags: ['admin'],
      summary: 'Đặt lại mật khẩu, cấp mã kích hoạt mới / reset a password',
      middleware: [session] as const,
      request: { params: loginParams },
      responses: {
        200: {
          ...json(issuedCodeSchema, 'The account, and its new one-time code shown only now'),
          headers: headers(['Cache-Control']),
        },
      },
    },
    ['ROLE_REQUIRED', 'ACCOUNT_NOT_FOUND'],
  )

  const administered = async (session: Session, unit: string) => {
    const tree = await services.units.treeAt(vietnamDate(services.now()))
    const found = visibleUnit(tree, session, unit)
    requirePermission(session, ACTS.administer)
    return found
  }
  /** The account, when the session administers its unit; absent otherwise. */
  const administeredAccount = async (session: Session, login: string) => {
    requirePermission(session, ACTS.administer)
    const account = await services.store.getAccount(login)
    const tree = await services.units.treeAt(vietnamDate(services.now()))
    if (!account || !tree.isInSubtree(session.unit, account.unit)) {
      throw new ApiError('ACCOUNT_NOT_FOUND', { params: { login } })
    }
    return account
  }
  const refuseAbove = (session: Session, roles: readonly Role[]) => {
    const own = session.person?.roles
    const above = own && roles.find((role) => !own.includes(role))
    if (above) {
      throw new ApiError('ROLE_ABOVE_OWN', { params: { role: above } })
    }
  }

  return newRouter()
    .openapi(list, async (c) => {
      const unit = await administered(c.get('session'), c.req.valid('param').unit)
      const accounts = await services.store.listAccounts(unit.code)
      return c.json({ accounts: accounts.map(accountView) }, 200)
    })
    .openapi(add, async (c) => {
      const session = c.get('session')
      const unit = await administered(session, c.req.valid('param').unit)
      const { login, name, roles } = c.req.valid('json')
      refuseAbove(session, roles)
      const unique = [...new Set(roles)]
      const code = await addAccount(
        services.store,
        { login, name, unit: unit.code, roles: unique },
        actorOf(session, clientAddress(c)),
        { cost: services.signIn.cost, now: services.now() },
      )
      if (code === null) {
        throw new ApiError('LOGIN_TAKEN', { params: { login } })
      }
      const account = await services.store.getAccount(login)
      c.header('Cache-Control', 'no-store')
      return c.json({ account: accountView(account ?? never(login)), code }, 201)
    })
    .openapi(change, async (c) => {
      const session = c.get('session')
      const { login } = c.req.valid('param')
      await administeredAccount(session, login)
      const { roles, disabled } = c.req.valid('json')
      const by = actorOf(session, clientAddress(c))
      if (roles !== undefined) {
        refuseAbove(session, roles)
        await setRoles(services.store, login, [...new Set(roles)], by)
      }
      if (disabled !== undefined) {
        await setDisabled(services.store, login, disabled, by, services.now())
      }
      return c.json(accountView((await services.store.getAccount(login)) ?? never(login)), 200)
    })
    .openapi(reset, async (c) => {
      const session = c.get('session')
      const { login } = c.req.valid('param')
      await administeredAccount(session, login)
      const code = await resetPassword(services.store, login, actorOf(session, clientAddress(c)), {
        cost: services.signIn.cost,
      })
      const account = await services.store.getAccount(login)
      if (code === null || !account) {
        throw new ApiError('ACCOUNT_NOT_FOUND', { params: { login } })
      }
      c.header('Cache-Control', 'no-store')
      return c.json({ account: accountView(account), code }, 200)
    })
}

/** An account just written and not found: the store lost it, a fault of the worker. */
function never(login: string): never {
  throw new Error(`account ${login} vanished after its write`)
}
