/**
 * @module Vitest global setup: a fresh PostgreSQL database for this test run, dropped at its end.
 * Tests take a schema of their own in it (`freshPostgresUrl`), so they never see each other's
 * data. The server is PGTEST_URL (default the local one, user postgres).
 */
import pg from 'pg'
import type { TestProject } from 'vitest/node'

import type {} from './fresh.ts'

const server = process.env.PGTEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const name = `baocao_test_${Date.now()}_${process.pid}`
  const admin = new pg.Client({ connectionString: server })
  try {
    await admin.connect()
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${server} (start it, or set PGTEST_URL): ${String(error)}`,
      { cause: error },
    )
  }
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(server)
  url.pathname = `/${name}`
  project.provide('postgresUrl', url.toString())
  return async () => {
    const client = new pg.Client({ connectionString: server })
    await client.connect()
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await client.end()
  }
}
