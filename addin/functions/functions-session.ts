/**
 * @module The session as the CONGDOAN functions see it, wherever they run: the pane writes it at
 * sign-in (`shareSession`) and removes it at sign-out, into the storage it shares with the
 * functions' runtime (`OfficeRuntime.storage`); the functions read it before each batch
 * (`sharedSession`), and a session past its expiry is removed there, never used. The worker's
 * address is absolute: the functions' runtime has no page to resolve a relative one against.
 */
import type { TokenResponse } from '../../shared/api-schemas.ts'
import type { SharedStorage } from './runtime-storage.ts'

export const FUNCTIONS_SESSION_KEY = 'baocao-cd.functions-session'

/** What the functions need to fetch figures, and whom they fetch them for. */
export interface FunctionsSession {
  baseUrl: string
  token: string
  expiresAt: string
  unit: TokenResponse['unit']
  person?: TokenResponse['person']
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function isFunctionsSession(value: unknown): value is FunctionsSession {
  if (typeof value !== 'object' || value === null) {
    return false
  }
  const v = value as Record<string, unknown>
  return (
    typeof v.baseUrl === 'string' &&
    typeof v.token === 'string' &&
    typeof v.expiresAt === 'string' &&
    typeof v.unit === 'object' &&
    v.unit !== null &&
    typeof (v.unit as Record<string, unknown>).code === 'string'
  )
}

/** The session of a sign-in as the functions keep it; null when signed out. */
export function functionsSession(
  session: TokenResponse | null,
  baseUrl: string,
): FunctionsSession | null {
  if (session === null) {
    return null
  }
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    token: session.token,
    expiresAt: session.expiresAt,
    unit: session.unit,
    ...(session.person ? { person: session.person } : {}),
  }
}

/**
 * Writes (or, signed out, removes) the functions' session. True when what the functions see has
 * changed (another token, or none any more), so that their cells are worth recalculating; a pane
 * reopened with the session it already shared changes nothing.
 */
export async function shareSession(
  storage: SharedStorage,
  session: FunctionsSession | null,
): Promise<boolean> {
  const before = await sharedSession(storage)
  if (session === null) {
    await storage.removeItem(FUNCTIONS_SESSION_KEY)
    return before !== null
  }
  await storage.setItem(FUNCTIONS_SESSION_KEY, JSON.stringify(session))
  return before?.token !== session.token || before.baseUrl !== session.baseUrl
}

/** The shared session, if there is one still valid; an expired or unreadable one is removed. */
export async function sharedSession(
  storage: SharedStorage,
  now = Date.now(),
): Promise<FunctionsSession | null> {
  const text = await storage.getItem(FUNCTIONS_SESSION_KEY)
  if (text === null) {
    return null
  }
  const parsed = readJson(text)
  if (isFunctionsSession(parsed) && Date.parse(parsed.expiresAt) > now) {
    return parsed
  }
  await storage.removeItem(FUNCTIONS_SESSION_KEY)
  return null
}
