/**
 * @module What the app is built from (`AppDeps`), what every route shares (`Services`) and the
 * Hono environment of a request (the signed-in unit).
 */
import type { FormCatalog } from '../shared/form-catalog.ts'
import type { Store } from './store/store.ts'
import type { UnitDirectory } from './unit-directory.ts'
import type { RateLimiter } from './auth/rate-limit.ts'
import type { ResultCache } from './result-cache.ts'

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
  /** Failed sign-ins allowed per unit and per address in a window (default 5 and 20 per 15 min). */
  signInLimits?: { perUnit: number; perAddress: number; windowMs: number }
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
  signInByUnit: RateLimiter
  signInByAddress: RateLimiter
  logger: Logger
}
