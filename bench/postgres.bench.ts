/**
 * @module The worker over PostgreSQL, measured from a second process on 127.0.0.1 (the database
 * shares the machine's cores): validated B01 submissions a second with 32 in flight spread over
 * one and two worker processes (p50/p99), beside one worker over SQLite in the same run; the 20,000-CĐCS province's rollup cold and warm; the
 * time from a 2xx at one worker to the new figure in the other worker's rollup (p50/p99).
 * Each phase runs in a database of its own, dropped at the end.
 * Run: node --import tsx bench/postgres.bench.ts [seconds]   (PGBENCH_URL names the server;
 * PGBENCH_PHASES=submissions runs only the PostgreSQL submissions, about 30 s: a comma list of
 * store, sqlite, submissions, rollups)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { defaultCatalog } from '../shared/form-catalog.ts'
import type { Unit } from '../shared/unit-tree.ts'
import { openPostgresStore } from '../worker/store/postgres/store.ts'
import { openSqliteStore } from '../worker/store/sqlite/store.ts'
import { databasePath } from '../worker/secrets.ts'
import { seedSyntheticProvince } from './fixtures.ts'
import { prng } from '../worker/prng.ts'
import { agent, b01Values, call, cpuSeconds, IN_FLIGHT, percentile } from './http-client.ts'
import { database, server, signIn, startWorker } from './worker-process.ts'

const seconds = Number(process.argv[2] ?? 10)
const phases = new Set(
  (process.env.PGBENCH_PHASES ?? 'store,sqlite,submissions,rollups').split(','),
)
const admin = { actor: 'admin', address: null }
const b01 = defaultCatalog().get('B01')
if (!b01) {
  throw new Error('no B01 in the catalog')
}

/** The province seeded into the PostgreSQL database at `url`, with every CĐCS's B01 when asked. */
async function seed(url: string, grassroots: number, withSubmissions: boolean) {
  return seedSyntheticProvince(
    await openPostgresStore({ connectionString: url }),
    grassroots,
    withSubmissions ? b01 : undefined,
  )
}

/** The same province in a SQLite store, for the figures side by side. */
async function sqliteDirectory(): Promise<{ dir: string; key: string; units: Unit[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-pg-sqlite-'))
  const { units, key } = await seedSyntheticProvince(
    openSqliteStore({ path: databasePath(dir) }),
    2_000,
  )
  return { dir, key, units }
}

/** CPU seconds of the PostgreSQL backends serving a database (its workers' pooled connections). */
async function backendCpu(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: server })
  await client.connect()
  const { rows } = await client.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = $1',
    [new URL(url).pathname.slice(1)],
  )
  await client.end()
  return rows.reduce((sum, row) => sum + cpuSeconds(row.pid), 0)
}

/**
 * PUTs for `seconds` with 32 in flight, spread over the workers' ports in turn; with the CPU the
 * workers and their PostgreSQL backends spent a submission (a figure other load moves little).
 */
async function submissions(workers: number, store: 'postgres' | 'sqlite' = 'postgres') {
  const db =
    store === 'postgres' ? await database(`put${workers}`) : { url: '', drop: async () => {} }
  const seeded: { units: Unit[]; key: string; dir?: string } =
    store === 'postgres' ? await seed(db.url, 2_000, false) : await sqliteDirectory()
  const { units, key } = seeded
  const where = seeded.dir ?? db.url
  const grassroots = units.filter((u) => u.level === 'grassroots').map((u) => u.code)
  const started = await Promise.all(
    Array.from({ length: workers }, () => startWorker(where, store)),
  )
  const ports = started.map((w) => w.port)
  try {
    const token = await signIn(ports[0] as number, 'BK', key)
    const random = prng(3)
    const bodies = Array.from({ length: 256 }, () =>
      JSON.stringify({ formVersion: b01?.version, values: b01Values(random) }),
    )
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const warmUntil = Date.now() + 1000
    const end = warmUntil + seconds * 1000
    const latencies: number[] = []
    const cpu = { workers: 0, backends: 0 }
    setTimeout(() => {
      cpu.workers = -started.reduce((sum, w) => sum + cpuSeconds(w.child.pid), 0)
      void (store === 'postgres' ? backendCpu(db.url) : Promise.resolve(0)).then((seconds) => {
        cpu.backends = -seconds
      })
    }, 1000)
    let failed = 0
    let next = 0
    const loop = async () => {
      while (Date.now() < end) {
        const n = next++
        const began = performance.now()
        const response = await call(
          ports[n % ports.length] as number,
          'PUT',
          `/api/v1/units/${grassroots[n % grassroots.length]}/periods/2026-Y/forms/B01`,
          headers,
          bodies[n % bodies.length],
        )
        if (response.status !== 201) {
          failed++
        } else if (Date.now() >= warmUntil) {
          latencies.push(performance.now() - began)
        }
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT }, loop))
    cpu.workers += started.reduce((sum, w) => sum + cpuSeconds(w.child.pid), 0)
    cpu.backends += store === 'postgres' ? await backendCpu(db.url) : 0
    latencies.sort((a, b) => a - b)
    const label = `${store}, ${workers} worker${workers > 1 ? 's' : ''}`
    const each = (seconds: number) => ((seconds / latencies.length) * 1e6).toFixed(0)
    console.log(
      `http submissions (${label}, ${IN_FLIGHT} in flight): ${(latencies.length / seconds).toFixed(0)} submissions/s`,
    )
    console.log(
      `http submission latency (${label}) p50 / p99: ${percentile(latencies, 50).toFixed(2)} / ${percentile(latencies, 99).toFixed(2)} ms`,
    )
    console.log(
      `CPU a submission (${label}), workers / PostgreSQL backends: ${each(cpu.workers)} / ${each(cpu.backends)} µs`,
    )
    console.log(`http submissions failed (${label}): ${failed} count`)
    console.log(`load average during the run: ${loadavg()[0]?.toFixed(2)}`)
  } finally {
    for (const worker of started) {
      worker.child.kill('SIGTERM')
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
    await db.drop()
    if (seeded.dir) {
      rmSync(seeded.dir, { recursive: true, force: true })
    }
  }
}

/**
 * The store alone, without HTTP: appends a second with 32 in flight through one store, then
 * through two (two workers' pools and listeners in this process), on one database. What the
 * commits of two workers cost each other shows here first.
 */
async function storeAppends(stores: number) {
  const db = await database(`store${stores}`)
  const { units } = await seed(db.url, 2_000, false)
  const opened = await Promise.all(
    Array.from({ length: stores }, () => openPostgresStore({ connectionString: db.url })),
  )
  try {
    const grassroots = units.filter((u) => u.level === 'grassroots').map((u) => u.code)
    const random = prng(9)
    const end = Date.now() + seconds * 1000
    let next = 0
    let done = 0
    const loop = async () => {
      while (Date.now() < end) {
        const n = next++
        const result = await opened[n % stores]?.appendRevision({
          unit: grassroots[(n * 7) % grassroots.length] as string,
          period: '2026-Y',
          form: 'B01',
          formVersion: b01?.version ?? '',
          values: b01Values(random),
          warnings: [],
          acknowledgedWarnings: [],
          submittedAt: new Date().toISOString(),
          submittedBy: 'bench',
          audit: { ...admin, action: 'submission.create', target: 'bench', details: {} },
        })
        if (result?.kind === 'created') {
          done++
        }
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT }, loop))
    console.log(
      `store appends (PostgreSQL, ${stores} store${stores > 1 ? 's' : ''} in one process, ${IN_FLIGHT} in flight): ${(done / seconds).toFixed(0)} appends/s`,
    )
  } finally {
    await Promise.all(opened.map((store) => store.close()))
    await db.drop()
  }
}

async function rollups() {
  const db = await database('rollup')
  const seeding = performance.now()
  const { key } = await seed(db.url, 20_000, true)
  console.log(
    `seed 20,000-CĐCS province with submissions into PostgreSQL: ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  )
  const [a, b] = await Promise.all([startWorker(db.url), startWorker(db.url)])
  try {
    const token = await signIn(a.port, 'BK', key)
    const headers = { authorization: `Bearer ${token}` }
    const url = '/api/v1/units/BK/periods/2026-Y/forms/B01/rollup'
    const rollup = async (port: number) => {
      const response = await call(port, 'GET', url, headers)
      if (response.status !== 200) {
        throw new Error(`rollup failed: ${response.status} ${response.body.slice(0, 200)}`)
      }
      return JSON.parse(response.body) as { values: Record<string, number> }
    }
    const time = async (port: number) => {
      const began = performance.now()
      await rollup(port)
      return performance.now() - began
    }
    console.log(
      `rollup 20k province cold on PostgreSQL, first request after start: ${(await time(a.port)).toFixed(1)} ms`,
    )
    await rollup(b.port)
    const afterWrite: number[] = []
    const seen: number[] = []
    const random = prng(5)
    for (let i = 0; i < 40; i++) {
      const values = b01Values(random)
      values['maiam.houses'] = 1000 + i
      const before = (await rollup(b.port)).values['maiam.houses'] ?? 0
      const put = await call(
        a.port,
        'PUT',
        `/api/v1/units/BK.G${i}/periods/2026-Y/forms/B01`,
        { ...headers, 'content-type': 'application/json' },
        JSON.stringify({ formVersion: b01?.version, values }),
      )
      if (put.status !== 201) {
        throw new Error(`write failed: ${put.status}`)
      }
      // From the 2xx at A until B's rollup of the province shows the new figure.
      const acknowledged = performance.now()
      while (((await rollup(b.port)).values['maiam.houses'] ?? 0) === before) {
        if (performance.now() - acknowledged > 5000) {
          throw new Error('the other worker never saw the write')
        }
      }
      seen.push(performance.now() - acknowledged)
      afterWrite.push(await time(a.port))
    }
    const warm: number[] = []
    for (let i = 0; i < 50; i++) {
      warm.push(await time(a.port))
    }
    for (const list of [afterWrite, seen, warm]) {
      list.sort((x, y) => x - y)
    }
    console.log(
      `rollup 20k province on PostgreSQL after a write (warm process) p50: ${percentile(afterWrite, 50).toFixed(1)} ms`,
    )
    console.log(
      `rollup 20k province on PostgreSQL warm, unchanged p50: ${percentile(warm, 50).toFixed(2)} ms`,
    )
    console.log(
      `2xx at one worker → new figure in the other's 20k rollup p50 / p99: ${percentile(seen, 50).toFixed(1)} / ${percentile(seen, 99).toFixed(1)} ms`,
    )
  } finally {
    a.child.kill('SIGTERM')
    b.child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 500))
    await db.drop()
  }
}

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`,
)
if (phases.has('store')) {
  await storeAppends(1)
  await storeAppends(2)
}
if (phases.has('sqlite')) {
  await submissions(1, 'sqlite')
}
if (phases.has('submissions')) {
  await submissions(1)
  await submissions(2)
}
if (phases.has('rollups')) {
  await rollups()
}
agent.destroy()
