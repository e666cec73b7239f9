/**
 * @module The rollup read path at national scale, measured from outside a real worker on both
 * backends: a country of 34 provinces (about 135,900 units, every CĐCS submitted B01) served by
 * one worker: its cold rollup at the root (the first request after start), warm, the worker's peak
 * resident memory, and the status view's first page beside the whole view. Then a 20,000-CĐCS
 * province on PostgreSQL: the worker's cold and warm rollup beside PostgreSQL 15 summing the same
 * values in SQL (the province's totals; every level with a recursive CTE), in the same run.
 *
 * The stores are filled once: SQLite through the store, PostgreSQL by copying that file
 * (`copyRows`, what `store:copy` does first). With BEFORE=<a checkout of another commit, with its
 * node_modules> the same stores are served by that checkout's worker too, for a before/after.
 * Run: npm run bench -- rollup-national   (PGBENCH_URL names the PostgreSQL server)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { defaultCatalog } from '../shared/form-catalog.ts'
import { RollupState } from '../shared/rollup.ts'
import { treeAt } from '../shared/unit-tree.ts'
import type { Unit } from '../shared/unit-tree.ts'
import type { Period } from '../shared/api-schemas.ts'
import { openPostgresStore } from '../worker/store/postgres/store.ts'
import { openSqliteStore } from '../worker/store/sqlite/store.ts'
import { copyRows } from '../worker/store/copy.ts'
import { databasePath } from '../worker/secrets.ts'
import { issueKey } from '../worker/admin/operations.ts'
import { prng } from '../worker/prng.ts'
import {
  storeSubmissions,
  syntheticCountry,
  syntheticProvince,
  syntheticSubmissions,
} from './fixtures.ts'
import { agent, b01Values, call, cpuSeconds, percentile } from './http-client.ts'
import { database, peakRssMiB, signIn, startWorker, stopWorker } from './worker-process.ts'

const admin = { actor: 'admin', address: null }
const b01 = defaultCatalog().get('B01')
if (!b01) {
  throw new Error('no B01 in the catalog')
}
const period: Period = { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true }
const before = process.env.BEFORE
const seconds = (ms: number) => (ms / 1000).toFixed(1)

/** A SQLite store in a fresh directory with `units`, the period, a key of `top` and B01 of every CĐCS. */
async function sqliteStore(units: Unit[], top: string, seed: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-national-'))
  const store = openSqliteStore({ path: databasePath(dir) })
  await store.importUnits(units, { ...admin, action: 'units.import', target: 'bench', details: {} })
  await store.savePeriod(period, {
    ...admin,
    action: 'period.open',
    target: period.id,
    details: {},
  })
  const { key } = await issueKey(store, top, admin)
  await storeSubmissions(store, period.id, 'B01', syntheticSubmissions(units, b01!, seed))
  await store.close()
  return { dir, key }
}

/** A migrated PostgreSQL database holding a copy of the SQLite store in `dir`. */
async function postgresCopy(dir: string, name: string) {
  const db = await database(name)
  await (await openPostgresStore({ connectionString: db.url })).close()
  const copied = await copyRows(databasePath(dir), db.url)
  if (!copied.ok) {
    throw new Error(copied.problems.join('; '))
  }
  return db
}

async function get(port: number, url: string, token: string) {
  const began = performance.now()
  const response = await call(port, 'GET', url, { authorization: `Bearer ${token}` })
  if (response.status !== 200) {
    throw new Error(`${url}: ${response.status} ${response.body.slice(0, 200)}`)
  }
  return { ms: performance.now() - began, bytes: response.bytes, body: response.body }
}

/**
 * One worker started on a store: its cold rollup of `unit`, warm p50, the status view (first page,
 * then the whole), and its peak resident memory after each.
 */
async function served(
  label: string,
  where: string,
  kind: 'sqlite' | 'postgres',
  unit: string,
  key: string,
  checkout?: string,
) {
  const worker = await startWorker(where, kind, checkout)
  try {
    const token = await signIn(worker.port, unit, key)
    const rollupUrl = `/api/v1/units/${unit}/periods/${period.id}/forms/B01/rollup`
    const cpu = cpuSeconds(worker.child.pid)
    const cold = await get(worker.port, rollupUrl, token)
    // The worker's own CPU time for the request: what the neighbours' load does not move.
    const coldCpu = cpuSeconds(worker.child.pid) - cpu
    const rssRollup = peakRssMiB(worker.child.pid)
    const warm: number[] = []
    for (let i = 0; i < 15; i++) {
      warm.push((await get(worker.port, rollupUrl, token)).ms)
    }
    warm.sort((a, b) => a - b)
    const statusUrl = `/api/v1/units/${unit}/periods/${period.id}/status`
    const page = await get(worker.port, `${statusUrl}?offset=0&limit=5000`, token)
    const plain = await get(worker.port, statusUrl, token)
    const rssStatus = peakRssMiB(worker.child.pid)
    console.log(
      `${label}: cold rollup at ${unit} ${cold.ms.toFixed(0)} ms (worker CPU ${coldCpu.toFixed(2)} s), warm p50 ${percentile(warm, 50).toFixed(1)} ms; peak rss after the rollup ${rssRollup.toFixed(0)} MiB`,
    )
    console.log(
      `${label}: status view, first page of 5,000 ${(page.bytes / 2 ** 20).toFixed(1)} MB in ${page.ms.toFixed(0)} ms; without offset/limit ${(plain.bytes / 2 ** 20).toFixed(1)} MB in ${plain.ms.toFixed(0)} ms; peak rss after ${rssStatus.toFixed(0)} MiB`,
    )
    return { token, port: worker.port, child: worker.child, cold: cold.ms }
  } catch (error) {
    await stopWorker(worker.child)
    throw error
  }
}

async function country() {
  const units: Unit[] = [
    { code: 'VN', name: 'Tổng Liên đoàn', parent: null, level: 'province' },
    ...syntheticCountry({ provinces: 34, grassroots: 135_000, seed: 3 }).map((u) =>
      u.parent === null ? { ...u, parent: 'VN' } : u,
    ),
  ]
  let began = performance.now()
  const { dir, key } = await sqliteStore(units, 'VN', 4)
  console.log(
    `national: ${units.length} units, ${units.filter((u) => u.level === 'grassroots').length} B01 reports; SQLite filled through the store in ${seconds(performance.now() - began)} s`,
  )
  began = performance.now()
  const db = await postgresCopy(dir, 'national')
  console.log(`national: PostgreSQL filled by copyRows in ${seconds(performance.now() - began)} s`)
  try {
    for (const [kind, where] of [
      ['sqlite', dir],
      ['postgres', db.url],
    ] as const) {
      const runs: [string, string | undefined][] = [['after', undefined]]
      if (before) {
        runs.unshift(['before', before])
      }
      for (const [when, checkout] of runs) {
        const worker = await served(`national ${kind} (${when})`, where, kind, 'VN', key, checkout)
        await stopWorker(worker.child)
      }
    }
  } finally {
    await db.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** PostgreSQL summing the province's latest values itself: totals, then every level. */
async function sqlSums(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const latest = `reports r JOIN revisions v ON v.report_id = r.id AND v.revision = r.latest_revision
    CROSS JOIN LATERAL jsonb_each(v.vals::jsonb) e`
  const numeric = `r.period = $1 AND r.form = 'B01' AND jsonb_typeof(e.value) = 'number'`
  const timed = async (sql: string) => {
    const began = performance.now()
    const { rowCount } = await client.query(sql, [period.id])
    return { ms: performance.now() - began, rows: rowCount ?? 0 }
  }
  try {
    const totals = await timed(
      `SELECT e.key, sum(e.value::numeric), count(*) FROM ${latest} WHERE ${numeric} GROUP BY e.key`,
    )
    const levels = await timed(
      `WITH RECURSIVE up (unit, ancestor) AS (
         SELECT code, code FROM units
         UNION ALL
         SELECT up.unit, u.parent FROM up JOIN units u ON u.code = up.ancestor
         WHERE u.parent IS NOT NULL)
       SELECT up.ancestor, e.key, sum(e.value::numeric), count(*)
       FROM up JOIN ${latest} ON r.unit = up.unit
       WHERE ${numeric} GROUP BY up.ancestor, e.key`,
    )
    return { totals, levels }
  } finally {
    await client.end()
  }
}

async function province() {
  const units = syntheticProvince({ code: 'BK', grassroots: 20_000, seed: 7 })
  const { dir, key } = await sqliteStore(units, 'BK', 11)
  const db = await postgresCopy(dir, 'province')
  try {
    // In this process: the store's read and the consolidation of every level, as a worker's first
    // rollup does them, beside PostgreSQL's own sums of the same values.
    const store = await openPostgresStore({ connectionString: db.url })
    const tree = treeAt(units, period.cutoff)
    let began = performance.now()
    const reports = await store.latestValues(period.id, 'B01')
    const readMs = performance.now() - began
    began = performance.now()
    new RollupState({ tree, form: b01!, period, submissions: reports, view: 'latest' })
    const consolidateMs = performance.now() - began
    await store.close()
    const sql = await sqlSums(db.url)
    const worker = await served('province postgres', db.url, 'postgres', 'BK', key)
    const afterWrite: number[] = []
    const random = prng(5)
    for (let i = 0; i < 20; i++) {
      const put = await call(
        worker.port,
        'PUT',
        `/api/v1/units/BK.G${i}/periods/${period.id}/forms/B01`,
        { authorization: `Bearer ${worker.token}`, 'content-type': 'application/json' },
        JSON.stringify({ formVersion: b01!.version, values: b01Values(random) }),
      )
      if (put.status !== 201) {
        throw new Error(`write failed: ${put.status} ${put.body.slice(0, 200)}`)
      }
      afterWrite.push(
        (
          await get(
            worker.port,
            `/api/v1/units/BK/periods/${period.id}/forms/B01/rollup`,
            worker.token,
          )
        ).ms,
      )
    }
    await stopWorker(worker.child)
    afterWrite.sort((a, b) => a - b)
    console.log(
      `province postgres: rollup after a write p50 ${percentile(afterWrite, 50).toFixed(1)} ms`,
    )
    console.log(
      `province postgres, in process: latestValues ${readMs.toFixed(0)} ms + every level consolidated ${consolidateMs.toFixed(0)} ms = ${(readMs + consolidateMs).toFixed(0)} ms`,
    )
    console.log(
      `province postgres, SQL: totals of every numeric row ${sql.totals.ms.toFixed(0)} ms (${(sql.totals.ms / worker.cold).toFixed(2)}× the worker's cold rollup); every level by recursive CTE ${sql.levels.ms.toFixed(0)} ms (${(sql.levels.ms / worker.cold).toFixed(2)}×, ${sql.levels.rows} rows)`,
    )
  } finally {
    await db.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}`,
)
await country()
await province()
console.log(`load average at the end: ${loadavg()[0]?.toFixed(1)}`)
agent.destroy()
