/**
 * @module `openStore(env)`: the one place that chooses the store's backend from the environment,
 * for `npm start`, `npm run admin` and the benchmarks alike: PostgreSQL when DATABASE_URL names
 * one (`postgres://…`), else SQLite in DATA_DIR (the default). It also says where the token
 * signing secret lives: TOKEN_SECRET, else in PostgreSQL (so every worker signs alike), else a
 * file in DATA_DIR.
 */
import { randomBytes } from 'node:crypto'
import type { Store } from './store.ts'
import { StoreUnavailableError } from './store.ts'
import { openSqliteStore } from './sqlite/store.ts'
import { openPostgresStore } from './postgres/store.ts'
import { databasePath, dataDirectory, tokenSecret } from '../secrets.ts'

export interface OpenedStore {
  store: Store
  /** Where the data lives, for the start banner: a directory, or a database URL without password. */
  location: string
  /** The secret tokens are signed with, the same for every worker of this store. */
  tokenSecret: () => Promise<string>
}

/** Thrown when the environment names a store that cannot be opened; its message is for people. */
export class StoreConfigError extends Error {
  override name = 'StoreConfigError'
}

/** The URL as it may be printed: without its password. */
export function safeLocation(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) {
      parsed.password = '***'
    }
    return parsed.toString()
  } catch {
    return 'DATABASE_URL'
  }
}

export async function openStore(env: NodeJS.ProcessEnv = process.env): Promise<OpenedStore> {
  const url = env.DATABASE_URL
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new StoreConfigError(
        `DATABASE_URL phải là postgres://… / DATABASE_URL must be a postgres://… URL (got ${safeLocation(url)})`,
      )
    }
    const location = safeLocation(url)
    const store = await openPostgresStore({
      connectionString: url,
      ...(env.PG_POOL_SIZE ? { poolSize: Number(env.PG_POOL_SIZE) } : {}),
    }).catch((error: unknown) => {
      throw error instanceof StoreUnavailableError
        ? new StoreConfigError(
            `Không kết nối được PostgreSQL tại ${location} / cannot reach PostgreSQL at ${location}: ${error.message}`,
          )
        : error
    })
    return {
      store,
      location,
      tokenSecret: async () =>
        env.TOKEN_SECRET ||
        store.sharedSecret('token', () => randomBytes(32).toString('base64url')),
    }
  }
  const dataDir = dataDirectory(env)
  let path = dataDir
  try {
    path = databasePath(dataDir)
    return {
      store: openSqliteStore({ path }),
      location: dataDir,
      tokenSecret: async () => {
        try {
          return tokenSecret(dataDir, env)
        } catch (error) {
          throw cannotOpen(`${dataDir}/token-secret`, error)
        }
      },
    }
  } catch (error) {
    throw cannotOpen(path, error)
  }
}

/** One line for people: which file or folder, and why (read-only, not a database, …). */
function cannotOpen(path: string, error: unknown): StoreConfigError {
  const code = (error as { code?: unknown } | null)?.code
  const why = `${typeof code === 'string' ? `${code}: ` : ''}${
    error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
  }`
  return new StoreConfigError(
    `Không mở được kho dữ liệu ${path} / cannot open the store ${path}: ${why}`,
    { cause: error },
  )
}
