/**
 * @module Where the worker keeps its data and its token signing secret: TOKEN_SECRET from the
 * environment, else a random one made on first start and kept in the data directory (mode 0600),
 * so sessions survive restarts. (With PostgreSQL the secret is kept in the database: store/open.ts.)
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export function tokenSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.TOKEN_SECRET) {
    return env.TOKEN_SECRET
  }
  const file = path.join(dataDir, 'token-secret')
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    mkdirSync(dataDir, { recursive: true })
    const secret = randomBytes(32).toString('base64url')
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
    return secret
  }
}

export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DATA_DIR ?? 'data')
}

export function databasePath(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true })
  return path.join(dataDir, 'baocao.sqlite')
}
