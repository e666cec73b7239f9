/**
 * @module The worker's entry (`npm start`): opens the store (PostgreSQL at DATABASE_URL, else SQLite
 * under DATA_DIR), seeds the demo province on an empty store, and serves the API, the docs, the
 * manifest and the add-in on PORT (HTTPS when TLS_CERT and TLS_KEY are given). WORKERS=N (with
 * PostgreSQL) forks N such processes sharing the port (worker/cluster.ts); the first process
 * prepares the store, the workers only serve.
 */
import cluster from 'node:cluster'
import { readFileSync } from 'node:fs'
import { createServer as createHttpsServer } from 'node:https'
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { formForLevel } from '../shared/form-catalog.ts'
import { treeAt } from '../shared/unit-tree.ts'
import type { UnitLevel } from '../shared/unit-tree.ts'
import { createApp } from './app.ts'
import { openStore, StoreConfigError } from './store/open.ts'
import { activeDemoKeys, DEMO_KEY_UNITS, demoSignIns, isEmptyStore, seedDemo } from './demo.ts'
import { catalogWithStoredForms } from './admin/forms.ts'
import { vietnamDate } from '../shared/periods.ts'
import { withCompression } from './compression.ts'
import { demoPeopleLines, excelSteps } from './start-banner.ts'
import { applyIdleTimeout, timeoutOptions } from './server-timeouts.ts'
import { runCluster, workerCount } from './cluster.ts'

const workers = workerCount()
if (workers instanceof Error) {
  console.error(workers.message)
  process.exit(1)
}
const primary = cluster.isPrimary && workers > 1

/** Stops the start with one line naming what failed and why, never a stack trace. */
function cannotStart(error: unknown): never {
  console.error(
    error instanceof StoreConfigError
      ? error.message
      : `Không khởi động được / cannot start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
  )
  process.exit(1)
}

const opened = await openStore().catch(cannotStart)
const { store, location } = opened
// A quick integrity check: a damaged store serves what it can read and refuses every write.
const damage = await store.integrityProblems().catch((error: unknown) => [String(error)])
if (damage.length > 0) {
  console.error(
    `Kho dữ liệu ${location} bị hỏng (${damage[0]}${damage.length > 1 ? ` và ${damage.length - 1} lỗi khác` : ''}): chỉ đọc, từ chối mọi thay đổi; hãy khôi phục từ bản sao lưu / the store at ${location} is damaged: serving reads, refusing writes; restore it from a backup`,
  )
}
// The built-in forms plus every version loaded since (forms:load, POST /api/v1/forms).
const { catalog, problems: formProblems } = await catalogWithStoredForms(store).catch(cannotStart)
for (const problem of formProblems) {
  console.error(problem)
}
const secret = await opened.tokenSecret().catch(cannotStart)
const port = Number(process.env.PORT ?? 8787)
const hostname = process.env.HOST ?? '0.0.0.0'
// In a cluster the first worker prints the banner; the others say they listen, one line each.
const quiet = process.env.QUIET === '1' || (cluster.worker !== undefined && cluster.worker.id !== 1)
const tls =
  process.env.TLS_CERT && process.env.TLS_KEY
    ? { cert: readFileSync(process.env.TLS_CERT), key: readFileSync(process.env.TLS_KEY) }
    : undefined

if (!cluster.isWorker && damage.length === 0 && (await isEmptyStore(store))) {
  if (process.env.SEED_DEMO !== '0') {
    if (!quiet) {
      console.log(
        'Kho dữ liệu trống: đang tạo tỉnh mẫu (LĐLĐ tỉnh Bắc Kạn)… / seeding the demo province…',
      )
    }
    await seedDemo(store, catalog, { secret })
  }
}

if (primary) {
  await store.close()
  runCluster(workers)
} else {
  serveApp()
}

function serveApp(): void {
  const app = createApp({
    store,
    catalog,
    secrets: { tokenSecret: secret },
    storeDamaged: damage.length > 0,
    ...(process.env.PUBLIC_URL ? { publicUrl: process.env.PUBLIC_URL } : {}),
    trustProxy: process.env.TRUST_PROXY === '1',
    logger: {
      error: (message, error) => console.error(message, error),
      info: (message) => console.log(message),
    },
  })

  const server = serve(
    {
      fetch: withCompression(app.fetch),
      port,
      hostname,
      serverOptions: { ...timeoutOptions(), ...tls },
      ...(tls ? { createServer: createHttpsServer } : {}),
    },
    (info: AddressInfo) => {
      announce(info).catch((error: unknown) => console.error('the start banner failed', error))
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
  applyIdleTimeout(server as Server)
}

/** The start banner: where the worker listens, the demo sign-ins (keys and people), how to reach the pane. */
async function announce(info: AddressInfo): Promise<void> {
  const origin =
    process.env.PUBLIC_URL?.replace(/\/+$/, '') ??
    `${tls ? 'https' : 'http'}://localhost:${info.port}`
  console.log(`Báo cáo Công đoàn: listening on ${hostname}:${info.port} (data: ${location})`)
  if (quiet) {
    return
  }
  console.log(`  API:       ${origin}/api/v1`)
  console.log(`  Docs:      ${origin}/docs  (OpenAPI: ${origin}/openapi.json)`)
  console.log(`  Manifest:  ${origin}/manifest.xml`)
  console.log(`  Task pane: ${origin}/addin/taskpane.html`)
  const keys = await activeDemoKeys(store, secret)
  if (Object.keys(keys).length > 0) {
    const tree = treeAt(await store.listUnits(), vietnamDate(new Date()))
    console.log(
      '  Tài khoản mẫu / demo sign-ins (mã đơn vị, mã truy cập, tên và cấp / unit, key, name and level):',
    )
    for (const unit of DEMO_KEY_UNITS) {
      const info = tree.get(unit)
      if (keys[unit]) {
        const about = info ? `  ${info.name} ${levelUse(info.level)}` : ''
        console.log(`    ${unit.padEnd(12)} ${keys[unit]}${about}`)
      }
    }
  }
  for (const line of demoPeopleLines(await demoSignIns(store, secret))) {
    console.log(line)
  }
  console.log('  Cấp mã mới / new key: npm run --silent admin -- keys:issue <UNIT>')
  for (const line of excelSteps(origin)) {
    console.log(line)
  }
}

/** A demo unit's level, and what to sign in as it for (the form it fills included). */
function levelUse(level: UnitLevel): string {
  const form = formForLevel(catalog, level).id
  switch (level) {
    case 'province':
      return `(tỉnh / province): quản trị, xem tổng hợp, nộp ${form}`
    case 'upper':
      return `(cấp trên cơ sở / upper union): duyệt, nhập hộ, nộp ${form}`
    case 'grassroots':
      return `(cơ sở / grassroots union): nộp ${form}`
  }
}
