/**
 * @module `openStore(env)`: the one place that chooses the store's backend from the environment,
 * for `npm start`, `npm run admin` and the benchmarks alike: SQLite in DATA_DIR (the default).
 */
import type { Store } from './store.ts'
import { openSqliteStore } from './sqlite/store.ts'
import { databasePath, dataDirectory, unsupportedDatabase } from '../secrets.ts'

export interface OpenedStore {
  store: Store
  /** Where the data lives, for the start banner: a directory, or a database URL without password. */
  location: string
}

/** Thrown when the environment names a store that cannot be opened; its message is for people. */
export class StoreConfigError extends Error {
  override name = 'StoreConfigError'
}

export async function openStore(env: NodeJS.ProcessEnv = process.env): Promise<OpenedStore> {
  const refused = unsupportedDatabase(env)
  if (refused !== null) {
    throw new StoreConfigError(refused)
  }
  const dataDir = dataDirectory(env)
  return { store: openSqliteStore({ path: databasePath(dataDir) }), location: dataDir }
}
