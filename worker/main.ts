/**
 * @module The worker's entry (`npm start`): opens the SQLite store under DATA_DIR, seeds the demo
 * province on an empty store, and serves the API, the docs, the manifest and the add-in on PORT
 * (HTTPS when TLS_CERT and TLS_KEY are given).
 */
import { readFileSync } from 'node:fs'
import { createServer as createHttpsServer } from 'node:https'
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { defaultCatalog } from '../shared/form-catalog.ts'
import { createApp } from './app.ts'
import { openSqliteStore } from './store/sqlite.ts'
import { activeDemoKeys, DEMO_KEY_UNITS, isEmptyStore, seedDemo } from './demo.ts'
import { databasePath, dataDirectory, tokenSecret } from './secrets.ts'

const dataDir = dataDirectory()
const store = openSqliteStore({ path: databasePath(dataDir) })
const catalog = defaultCatalog()
const secret = tokenSecret(dataDir)
const port = Number(process.env.PORT ?? 8787)
const hostname = process.env.HOST ?? '0.0.0.0'
const quiet = process.env.QUIET === '1'
const tls =
  process.env.TLS_CERT && process.env.TLS_KEY
    ? { cert: readFileSync(process.env.TLS_CERT), key: readFileSync(process.env.TLS_KEY) }
    : undefined

if (await isEmptyStore(store)) {
  if (process.env.SEED_DEMO !== '0') {
    console.log(
      'Kho dữ liệu trống: đang tạo tỉnh mẫu (LĐLĐ tỉnh Bắc Kạn)… / seeding the demo province…',
    )
    await seedDemo(store, catalog, { secret })
  }
}

const app = createApp({
  store,
  catalog,
  secrets: { tokenSecret: secret },
  ...(process.env.PUBLIC_URL ? { publicUrl: process.env.PUBLIC_URL } : {}),
  trustProxy: process.env.TRUST_PROXY === '1',
  logger: {
    error: (message, error) => console.error(message, error),
    info: (message) => console.log(message),
  },
})

const server = serve(
  {
    fetch: app.fetch,
    port,
    hostname,
    ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}),
  },
  async (info: AddressInfo) => {
    const origin =
      process.env.PUBLIC_URL?.replace(/\/+$/, '') ??
      `${tls ? 'https' : 'http'}://localhost:${info.port}`
    console.log(`Báo cáo Công đoàn: listening on ${hostname}:${info.port} (data: ${dataDir})`)
    if (quiet) {
      return
    }
    console.log(`  API:       ${origin}/api/v1`)
    console.log(`  Docs:      ${origin}/docs  (OpenAPI: ${origin}/openapi.json)`)
    console.log(`  Manifest:  ${origin}/manifest.xml`)
    console.log(`  Task pane: ${origin}/addin/taskpane.html`)
    const keys = await activeDemoKeys(store, secret)
    if (Object.keys(keys).length > 0) {
      console.log('  Tài khoản mẫu / demo sign-ins (unit code, access key):')
      for (const unit of DEMO_KEY_UNITS) {
        if (keys[unit]) {
          console.log(`    ${unit.padEnd(12)} ${keys[unit]}`)
        }
      }
    }
    console.log('  Cấp mã mới / new key: npm run admin -- keys:issue <UNIT>')
  },
)

const shutdown = () => {
  server.close(() => {
    void store.close().then(() => process.exit(0))
  })
  // Clients holding connections open must not keep the process alive; every answered write is
  // already committed, so exiting loses nothing acknowledged.
  setTimeout(() => process.exit(0), 3000).unref()
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
