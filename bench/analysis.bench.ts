/**
 * @module The province's analysis, measured in one process over a 20,000-CĐCS province in a
 * SQLite store on disk, served on 127.0.0.1: (1) 2,000 CONGDOAN formulas recalculating through the
 * add-in's FigureBatcher: requests made and time, first and again; (2) the root's rollup with the
 * previous year's comparison and targets for every upper union, against the plain rollup, both
 * recomputed after a write (what a clerk meets while reports arrive) and unchanged.
 * Run: node --import tsx bench/analysis.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { defaultCatalog } from '../shared/form-catalog.ts'
import { createApp } from '../worker/app.ts'
import { issueKey } from '../worker/admin/operations.ts'
import { openSqliteStore } from '../worker/store/sqlite/store.ts'
import type { Store } from '../worker/store/store.ts'
import { ApiClient } from '../addin/api/client.ts'
import { FigureBatcher } from '../addin/functions/figure-batcher.ts'
import type { FigureRequest } from '../shared/api-schemas.ts'
import {
  syntheticProvince,
  syntheticSubmissions,
  storeSubmissions,
  syntheticValues,
} from './fixtures.ts'
import { prng } from '../worker/prng.ts'

const admin = { actor: 'admin', address: null }
const catalog = defaultCatalog()
const b01 = catalog.get('B01')!
const GRASSROOTS = 20_000

async function seed(store: Store) {
  const units = syntheticProvince({ code: 'BK', grassroots: GRASSROOTS, seed: 7 })
  await store.importUnits(units, { ...admin, action: 'units.import', target: 'bench', details: {} })
  for (const [id, cutoff, seedValue] of [
    ['2025-Y', '2025-11-30', 3],
    ['2026-Y', '2026-11-30', 11],
  ] as const) {
    await store.savePeriod(
      { id, cutoff, deadline: `${cutoff.slice(0, 4)}-12-15`, open: true },
      { ...admin, action: 'period.open', target: id, details: {} },
    )
    await storeSubmissions(store, id, 'B01', syntheticSubmissions(units, b01, seedValue))
  }
  return units
}

function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

const dir = mkdtempSync(path.join(tmpdir(), 'bench-analysis-'))
const store = openSqliteStore({ path: path.join(dir, 'store.sqlite') })
const seeding = performance.now()
const units = await seed(store)
console.log(
  `seed 20,000-CĐCS province, two years of reports: ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
)
const { key } = await issueKey(store, 'BK', admin)
const app = createApp({ store, catalog, secrets: { tokenSecret: 'bench' } })
const server = await new Promise<ServerType>((resolve) => {
  const listening: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
    resolve(listening),
  )
})
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const signIn = (await (
  await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ unit: 'BK', key }),
  })
).json()) as { token: string }
const headers = { authorization: `Bearer ${signIn.token}` }
const rollupUrl = `${base}/api/v1/units/BK/periods/2026-Y/forms/B01/rollup`

async function timed(url: string): Promise<number> {
  const started = performance.now()
  const response = await fetch(url, { headers })
  await response.arrayBuffer()
  if (response.status !== 200) {
    throw new Error(`${url}: ${response.status}`)
  }
  return performance.now() - started
}

let writes = 0
const random = prng(5)
async function write(): Promise<void> {
  const unit = `BK.G${writes++}`
  const response = await fetch(`${base}/api/v1/units/${unit}/periods/2026-Y/forms/B01`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      formVersion: b01.version,
      values: syntheticValues(b01, random),
      acknowledgedWarnings: [],
    }),
  })
  await response.arrayBuffer()
}

// (2) The rollup, plain and with comparison and targets. Each figure is the median of 15 rounds
// that alternate the kinds, so the machine's load moves them alike.
const analysisUrl = `${rollupUrl}?compare=`
console.log(`rollup 20k, plain, cold (first request): ${(await timed(rollupUrl)).toFixed(1)} ms`)
console.log(
  `rollup 20k, with comparison, cold (2025-Y consolidated for the first time): ${(await timed(analysisUrl)).toFixed(1)} ms`,
)
async function rounds(
  urls: Record<string, string>,
): Promise<Record<string, { afterWrite: number; unchanged: number }>> {
  const afterWrite: Record<string, number[]> = {}
  const unchanged: Record<string, number[]> = {}
  for (let i = 0; i < 15; i++) {
    for (const [name, url] of Object.entries(urls)) {
      await write()
      ;(afterWrite[name] ??= []).push(await timed(url))
      ;(unchanged[name] ??= []).push(await timed(url))
    }
  }
  return Object.fromEntries(
    Object.keys(urls).map((name) => [
      name,
      { afterWrite: median(afterWrite[name]!), unchanged: median(unchanged[name]!) },
    ]),
  )
}
const withoutTargets = await rounds({ plain: rollupUrl })
const uppers = units.filter((u) => u.level === 'upper').map((u) => u.code)
const targets = uppers.flatMap((unit) => [
  { unit, row: 'members.new', value: 200 },
  { unit, row: 'agreement.signed', value: 50 },
  { unit, row: 'members.rate', value: 85 },
])
const put = await fetch(`${base}/api/v1/units/BK/periods/2026-Y/forms/B01/targets`, {
  method: 'PUT',
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify({ targets }),
})
if (put.status !== 200) {
  throw new Error(`targets: ${put.status} ${await put.text()}`)
}
const withTargets = await rounds({ plain: rollupUrl, analysis: analysisUrl })
const plain = withoutTargets.plain!
const analysis = withTargets.analysis!
console.log(
  `rollup 20k after a write p50: plain (no targets) ${plain.afterWrite.toFixed(1)} ms; with ${targets.length} targets ${withTargets.plain!.afterWrite.toFixed(1)} ms; with comparison and targets ${analysis.afterWrite.toFixed(1)} ms: ${(analysis.afterWrite / plain.afterWrite).toFixed(2)}× plain (target ≤ 1.5×)`,
)
console.log(
  `rollup 20k unchanged p50: plain (no targets) ${plain.unchanged.toFixed(1)} ms; with targets ${withTargets.plain!.unchanged.toFixed(1)} ms; with comparison and targets ${analysis.unchanged.toFixed(1)} ms: ${(analysis.unchanged / plain.unchanged).toFixed(2)}× plain`,
)

// (1) 2,000 formulas through the add-in's batcher.
const api = new ApiClient({ baseUrl: base, token: signIn.token, timeoutMs: 60_000 })
// The copies go where the functions' own runtime keeps them: an OfficeRuntime.storage-shaped store.
const memory = new Map<string, string>()
const batcher = new FigureBatcher({
  send: (figures) => api.request('POST', '/api/v1/figures', { figures }),
  storage: {
    getItem: (k) => Promise.resolve(memory.get(k) ?? null),
    setItem: (k, v) => Promise.resolve(void memory.set(k, v)),
  },
})
const rows = b01.rows.filter((row) => !row.heading && row.kind !== 'text')
const asks: FigureRequest[] = Array.from({ length: 2000 }, (_, i) => ({
  unit: i % 10 === 0 ? 'BK' : uppers[i % uppers.length]!,
  period: '2026-Y',
  row: rows[i % rows.length]!.code,
  ...(i % 4 === 3 ? { previous: true } : {}),
}))
for (const label of ['first, after a write', 'again, nothing changed']) {
  if (label.startsWith('first')) {
    await write()
  }
  const before = batcher.requests
  const started = performance.now()
  const answers = await Promise.all(asks.map((ask) => batcher.ask(ask)))
  const ms = performance.now() - started
  const errors = answers.filter((a) => a.kind === 'error').length
  console.log(
    `2,000 formulas recalculating (${uppers.length + 1} units, this year and last), ${label}: ${batcher.requests - before} request(s), ${ms.toFixed(0)} ms, ${errors} errors`,
  )
}
console.log(
  `figures kept for offline use: ${(memory.get('baocao-cd.figures')?.length ?? 0).toLocaleString('en')} characters (one string in OfficeRuntime.storage, 10 MB for the domain)`,
)

await new Promise((resolve) => server.close(resolve))
await store.close()
rmSync(dir, { recursive: true, force: true })
