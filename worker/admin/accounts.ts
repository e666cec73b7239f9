/**
 * @module Accounts of people, as the command line and a unit's administrator manage them: add one
 * (with a one-time code to hand over), change its roles, disable it, reset its password. Each
 * writes its audit entry in the same transaction; the one-time code is stored only as a hash.
 */
import { generateKey, hashKey, type ScryptCost } from '../auth/keys.ts'
import type { Role } from '../../shared/accounts.ts'
import type { Store, StoredAccount } from '../store/store.ts'
import type { Actor } from './operations.ts'

export interface NewAccount {
  login: string
  name: string
  unit: string
  roles: Role[]
}

/**
 * Adds an account; its one-time code (mã kích hoạt), or null when the login is taken. The code is
 * random unless given (the demo derives its people's codes from the secret, to print them again).
 */
export async function addAccount(
  store: Store,
  account: NewAccount,
  by: Actor,
  options: { cost?: ScryptCost; now?: Date; code?: string } = {},
): Promise<string | null> {
  const code = options.code ?? generateKey()
  const added = await store.addAccount(
    {
      ...account,
      passwordHash: null,
      codeHash: await hashKey(code, options.cost),
      createdAt: (options.now ?? new Date()).toISOString(),
      disabledAt: null,
    },
    {
      ...by,
      action: 'account.add',
      target: account.login,
      details: { unit: account.unit, name: account.name, roles: account.roles },
    },
  )
  return added ? code : null
}

export function setRoles(store: Store, login: string, roles: Role[], by: Actor): Promise<boolean> {
  return store.updateAccount(
    login,
    { roles },
    { ...by, action: 'account.roles', target: login, details: { roles } },
  )
}

/** Disables an account (or enables it again): its sessions stop at their next request. */
export function setDisabled(
  store: Store,
  login: string,
  disabled: boolean,
  by: Actor,
  now = new Date(),
): Promise<boolean> {
  return store.updateAccount(
    login,
    { disabledAt: disabled ? now.toISOString() : null },
    {
      ...by,
      action: disabled ? 'account.disable' : 'account.enable',
      target: login,
      details: null,
    },
  )
}

/**
 * Resets a password: the old one stops working (and the sessions with it), and a new one-time code
 * is returned to hand over; null when there is no such account.
 */
export async function resetPassword(
  store: Store,
  login: string,
  by: Actor,
  options: { cost?: ScryptCost } = {},
): Promise<string | null> {
  const code = generateKey()
  const changed = await store.updateAccount(
    login,
    { passwordHash: null, codeHash: await hashKey(code, options.cost) },
    { ...by, action: 'account.reset', target: login, details: null },
  )
  return changed ? code : null
}

/** An account as shown to administrators: never its hashes. */
export function accountView(account: StoredAccount) {
  return {
    login: account.login,
    name: account.name,
    unit: account.unit,
    roles: account.roles,
    active: account.passwordHash !== null,
    disabled: account.disabledAt !== null,
    createdAt: account.createdAt,
  }
}
