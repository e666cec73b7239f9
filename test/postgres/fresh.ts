/**
 * @module A PostgreSQL URL of an empty schema of its own in this test run's database, so that each
 * test (and each two-worker test) starts from nothing; dropped with the database at the run's end.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'

// What the global setup (./global-setup.ts) provides to every test of the run.
declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string
  }
}

export async function freshPostgresUrl(): Promise<string> {
  const base = inject('postgresUrl')
  const schema = `t_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: base })
  await client.connect()
  await client.query(`CREATE SCHEMA ${schema}`)
  await client.end()
  const url = new URL(base)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.toString()
}
