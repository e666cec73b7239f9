/**
 * @module Prints the worker's contract (`/openapi.json`) on stdout, from an app over an empty
 * in-memory store: `npm run --silent openapi > openapi.json`, for tools that read a file.
 */
import { createApp } from '../worker/app.ts'
import { defaultCatalog } from '../shared/form-catalog.ts'
import { openSqliteStore } from '../worker/store/sqlite.ts'

const app = createApp({
  store: openSqliteStore({ path: ':memory:' }),
  catalog: defaultCatalog(),
  secrets: { tokenSecret: 'contract' },
})
const response = await app.request('/openapi.json')
process.stdout.write(`${JSON.stringify(await response.json(), null, 2)}\n`)
