/**
 * @module What the pane tells the CONGDOAN functions' runtime at each sign-in and sign-out: the
 * session goes into (or out of) the storage they share, and when that changes what the functions
 * see, Excel recalculates, so that cells saying "Chưa đăng nhập" fill in (or cells with figures
 * say it) without the clerk doing anything. Outside Excel, or before office.js, nothing happens.
 */
import type { TokenResponse } from '../../shared/api-schemas.ts'
import { recalculateWorkbook } from '../excel/recalculate.ts'
import { functionsSession, shareSession } from './functions-session.ts'
import { officeRuntimeStorage } from './runtime-storage.ts'

/** The share under way: a sign-out right after a sign-in must land after it, never before. */
let sharing: Promise<void> = Promise.resolve()

/**
 * Shares the pane's session (null: signed out) with the functions. `baseUrl` is the worker's
 * address as the pane has it ('' for the page's own origin). Calls take effect in their order.
 */
export function sessionChanged(
  session: TokenResponse | null,
  baseUrl: string,
  origin = globalThis.location?.origin ?? '',
): Promise<void> {
  const next = sharing.then(() => share(session, baseUrl === '' ? origin : baseUrl))
  sharing = next.catch(() => undefined)
  return next
}

async function share(session: TokenResponse | null, baseUrl: string): Promise<void> {
  const storage = officeRuntimeStorage()
  if (storage === undefined) {
    return
  }
  if (await shareSession(storage, functionsSession(session, baseUrl))) {
    await recalculateWorkbook()
  }
}
