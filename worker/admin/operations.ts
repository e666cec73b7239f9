/**
 * @module What the administrator does (the CLI and the root unit's API share it): issue and revoke
 * access keys, open and close periods. Each writes its audit entry in the same transaction.
 */
import { randomBytes } from 'node:crypto'
import { periodIdSchema } from '../../shared/api-schemas.ts'
import { generateKey, hashKey } from '../auth/keys.ts'
import type { ScryptCost } from '../auth/keys.ts'
import type { Store } from '../store/store.ts'
import { isIsoDate } from '../../shared/periods.ts'

export interface Actor {
  actor: string
  /** The person who acted (`Name <login>`); absent or null for a unit key or the CLI. */
  person?: string | null
  address: string | null
}

/** Issues a new access key for a unit; returns the key, which is stored only as a hash. */
export async function issueKey(
  store: Store,
  unit: string,
  by: Actor,
  options: { key?: string; cost?: ScryptCost; now?: Date } = {},
): Promise<{ key: string; keyId: string }> {
  const key = options.key ?? generateKey()
  const keyId = randomBytes(9).toString('base64url')
  await store.addKey(
    {
      id: keyId,
      unit,
      hash: await hashKey(key, options.cost),
      createdAt: (options.now ?? new Date()).toISOString(),
      revokedAt: null,
    },
    { ...by, action: 'key.issue', target: unit, details: { keyId } },
  )
  return { key, keyId }
}

export async function revokeKeys(store: Store, unit: string, by: Actor, now = new Date()) {
  return store.revokeKeys(unit, now.toISOString(), {
    ...by,
    action: 'key.revoke',
    target: unit,
    details: {},
  })
}

export type PeriodCheck = { ok: true } | { ok: false; problems: string[] }

export function checkPeriod(id: string, cutoff: string, deadline: string): PeriodCheck {
  const problems: string[] = []
  if (!periodIdSchema.safeParse(id).success) {
    problems.push(`mã kỳ "${id}" không hợp lệ (vd. 2026-H1, 2026-Y) / bad period id "${id}"`)
  }
  if (!isIsoDate(cutoff)) {
    problems.push(`ngày chốt số liệu "${cutoff}" không hợp lệ (YYYY-MM-DD) / bad cut-off date`)
  }
  if (!isIsoDate(deadline)) {
    problems.push(`hạn nộp "${deadline}" không hợp lệ (YYYY-MM-DD) / bad deadline`)
  }
  if (problems.length === 0 && deadline < cutoff) {
    problems.push('hạn nộp trước ngày chốt số liệu / the deadline is before the cut-off')
  }
  if (problems.length === 0 && cutoff.slice(0, 4) !== id.slice(0, 4)) {
    problems.push('ngày chốt không thuộc năm của kỳ / the cut-off is not in the period’s year')
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems }
}

/** Opens a period, or saves it closed with `open: false` (its dates changed at the same time). */
export async function openPeriod(
  store: Store,
  period: { id: string; cutoff: string; deadline: string; open?: boolean },
  by: Actor,
): Promise<void> {
  const open = period.open ?? true
  const { id, cutoff, deadline } = period
  await store.savePeriod(
    { id, cutoff, deadline, open },
    {
      ...by,
      action: open ? 'period.open' : 'period.close',
      target: id,
      details: { cutoff, deadline },
    },
  )
}

/** Closes a period; false when there is no such period. */
export async function closePeriod(store: Store, id: string, by: Actor): Promise<boolean> {
  const period = await store.getPeriod(id)
  if (!period) {
    return false
  }
  await store.savePeriod(
    { ...period, open: false },
    { ...by, action: 'period.close', target: id, details: {} },
  )
  return true
}
