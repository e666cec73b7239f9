/**
 * @module What the app is built from (`AppDeps`), what every route shares (`Services`) and the
 * Hono environment of a request (the signed-in unit).
 */
import type { FormCatalog } from '../shared/form-catalog.ts'
import type { Store } from './store/store.ts'
import type { UnitDirectory } from './unit-directory.ts'
import type { RateLimiter } from './auth/rate-limit.ts'
import type { ResultCache } from './result-cache.ts'
import type { ScryptCost } from './auth/keys.ts'
import type { TurnQueue } from './auth/turns.ts'
import type { HeavyWork, HeavyWorkLimits } from './heavy-work.ts'
import type { BytesCache } from './bytes-cache.ts'

export interface Logger {
  error(message: string, error?: unknown): void
  info(message: string): void
}

export interface AppDeps {
  store: Store
  catalog: FormCatalog
  /** The current time; tests inject one to expire tokens. */
  clock?: () => Date
  secrets: { tokenSecret: string }
  /** Where the built add-in lives (`npm run build`); default `dist/addin`. */
  addinDir?: string
  /** The add-in manifest served at /manifest.xml; default `manifest.xml`. */
  manifestPath?: string
  /** The origin clients use (PUBLIC_URL); the manifest's URLs are rewritten to it. */
  publicUrl?: string
  logger?: Logger
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For (TRUST_PROXY=1). */
  trustProxy?: boolean
  /** Limits on failed sign-ins (defaults in `SIGN_IN_LIMITS`). */
  signInLimits?: Partial<SignInLimits>
  /** Waits `ms` before a slowed-down answer; tests inject one that records instead. */
  sleep?: (ms: number) => Promise<void>
  /** The scrypt cost of the stand-in hash an unknown unit's sign-in is checked against: that of
   * the stored keys (tests store cheap ones). */
  keyCost?: ScryptCost
  /** The store failed its integrity check at start: serve reads, refuse writes (STORE_DAMAGED). */
  storeDamaged?: boolean
  /** How many .xlsx builds run and wait at once (default `HEAVY_WORK`). */
  heavyWork?: HeavyWorkLimits
  /** Bytes of request bodies held at once (default `BODIES_IN_FLIGHT`, 64 MiB). */
  bodiesInFlight?: number
  /** Checks a typed key against a stored hash; tests inject one that counts. */
  verifyKey?: (key: string, hash: string) => Promise<boolean>
}

/**
 * Failed sign-ins, counted in fixed windows: an address, and a unit from one address, get a 429
 * past their limit; a unit failing from many addresses is never locked (anyone could lock a clerk
 * out), its wrong answers come slower instead.
 */
export interface SignInLimits {
  /** Failures of one unit from one address before a 429 (default 5). */
  perUnitAndAddress: number
  /** Failures from one address, whatever the units, before a 429 (default 20). */
  perAddress: number
  /** Failures of one unit, from any address, before its wrong answers slow down (default 10). */
  unitSlowdownAfter: number
  /** Added to the answer of each further failure of that unit, up to 10 s (default 1 s). */
  unitSlowdownStepMs: number
  /** Sign-ins of one address being checked at once; more wait their turn (default 2). */
  concurrentPerAddress: number
  windowMs: number
}

export const SIGN_IN_LIMITS: SignInLimits = {
  perUnitAndAddress: 5,
  perAddress: 20,
  unitSlowdownAfter: 10,
  unitSlowdownStepMs: 1000,
  concurrentPerAddress: 2,
  windowMs: 15 * 60 * 1000,
}

/** A signed-in unit: the token's unit and the access key it was issued for. */
export interface Session {
  unit: string
  keyId: string
}

/** The signed-in unit, and the client's address (for the audit log and the sign-in limits). */
export type AppEnv = { Variables: { session: Session; address: string | null } }

export interface Services {
  store: Store
  catalog: FormCatalog
  now: () => Date
  tokenSecret: string
  units: UnitDirectory
  cache: ResultCache
  signIn: {
    byUnitAndAddress: RateLimiter
    byAddress: RateLimiter
    byUnit: RateLimiter
    limits: SignInLimits
    sleep: (ms: number) => Promise<void>
    /** Turns at checking a key, a few at a time per address. */
    turns: TurnQueue
    /** A hash no key matches, for a unit without one: every attempt costs one scrypt. */
    standIn: () => Promise<string>
    verify: (key: string, hash: string) => Promise<boolean>
  }
  logger: Logger
  /** .xlsx builds, a few at a time (503 SERVER_BUSY past the line). */
  heavy: HeavyWork
  /** Template workbooks by form, version and parameters. */
  templates: BytesCache
}
