/**
 * @module Writes the worker's contract (`/openapi.json`) to a file, from an app over an empty
 * in-memory store, for the tools that read a file (Redocly's lint, openapi-typescript):
 * `node --import tsx scripts/openapi.ts test-output/openapi.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { createApp } from '../worker/app.ts'
import { defaultCatalog } from '../shared/form-catalog.ts'
import { openSqliteStore } from '../worker/store/sqlite/store.ts'

const target = process.argv[2]
if (!target) {
  process.stderr.write('usage: node --import tsx scripts/openapi.ts OUTPUT.json\n')
  process.exit(2)
}
const app = createApp({
  store: openSqliteStore({ path: ':memory:' }),
  catalog: defaultCatalog(),
  secrets: { tokenSecret: 'contract' },
})
const response = await app.request('/openapi.json')
mkdirSync(dirname(target), { recursive: true })
writeFileSync(target, `${JSON.stringify(await response.json(), null, 2)}\n`)
