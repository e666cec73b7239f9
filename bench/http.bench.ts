/**
 * @module The worker over HTTP, measured from a second process on 127.0.0.1: validated B01
 * submissions per second with 32 in flight (p50/p99 latency), then the rollup of a 20,000-CĐCS
 * province seeded straight into the store, cold and warm; the size and time of its status with and
 * without compression.
 * Run: node --import tsx bench/http.bench.ts [seconds]
 * (WORKER_NODE_ARGS=--cpu-prof profiles the worker).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { agent, b01Values, call, cpuSeconds, IN_FLIGHT, percentile } from './http-client.ts'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { defaultCatalog } from '../shared/form-catalog.ts'
import { openSqliteStore } from '../worker/store/sqlite/store.ts'
import { databasePath } from '../worker/secrets.ts'
import { seedSyntheticProvince } from './fixtures.ts'
import { signIn, startWorker } from './worker-process.ts'
import { prng } from '../worker/prng.ts'

const seconds = Number(process.argv[2] ?? 10)
const catalog = defaultCatalog()
const b01 = catalog.get('B01')
if (!b01) {
  throw new Error('no B01 in the catalog')
}

/** A province seeded into a SQLite store in `dataDir`, with every CĐCS's B01 when `withSubmissions`. */
function seedStore(dataDir: string, grassroots: number, withSubmissions: boolean) {
  return seedSyntheticProvince(
    openSqliteStore({ path: databasePath(dataDir) }),
    grassroots,
    withSubmissions ? b01 : undefined,
  )
}

async function submissionsPhase() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-http-'))
  const { units, key } = await seedStore(dataDir, 2_000, false)
  const grassroots = units.filter((u) => u.level === 'grassroots').map((u) => u.code)
  const { child, port } = await startWorker(dataDir, 'sqlite')
  try {
    const token = await signIn(port, 'BK', key)
    const random = prng(3)
    const bodies = Array.from({ length: 256 }, () =>
      JSON.stringify({ formVersion: b01?.version, values: b01Values(random) }),
    )
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const warmUntil = Date.now() + 1000
    const latencies: number[] = []
    let failed = 0
    let next = 0
    let measuring = false
    let cpuAtStart = Number.NaN
    const end = warmUntil + seconds * 1000
    const loop = async () => {
      while (Date.now() < end) {
        const n = next++
        const unit = grassroots[n % grassroots.length]
        const started = performance.now()
        const response = await call(
          port,
          'PUT',
          `/api/v1/units/${unit}/periods/2026-Y/forms/B01`,
          headers,
          bodies[n % bodies.length],
        )
        if (!measuring && Date.now() >= warmUntil) {
          measuring = true
          cpuAtStart = cpuSeconds(child.pid)
        }
        if (response.status !== 201) {
          failed++
        } else if (measuring) {
          latencies.push(performance.now() - started)
        }
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT }, loop))
    const cpu = cpuSeconds(child.pid) - cpuAtStart
    latencies.sort((a, b) => a - b)
    console.log(
      `http submissions (validated B01, ${IN_FLIGHT} in flight): ${(latencies.length / seconds).toFixed(0)} submissions/s`,
    )
    console.log(`http submission latency p50: ${percentile(latencies, 50).toFixed(2)} ms`)
    console.log(`http submission latency p99: ${percentile(latencies, 99).toFixed(2)} ms`)
    console.log(`http submissions failed: ${failed} count`)
    console.log(`worker CPU per submission: ${((cpu / latencies.length) * 1e6).toFixed(0)} µs`)
    console.log(`load average during the run: ${loadavg()[0]?.toFixed(2)}`)
  } finally {
    child.kill('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function rollupPhase() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-rollup-'))
  const seeding = performance.now()
  const { key } = await seedStore(dataDir, 20_000, true)
  console.log(
    `seed 20,000-CĐCS province with submissions: ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  )
  const { child, port } = await startWorker(dataDir, 'sqlite')
  try {
    const token = await signIn(port, 'BK', key)
    const headers = { authorization: `Bearer ${token}` }
    const url = '/api/v1/units/BK/periods/2026-Y/forms/B01/rollup'
    const time = async () => {
      const started = performance.now()
      const response = await call(port, 'GET', url, headers)
      if (response.status !== 200) {
        throw new Error(`rollup failed: ${response.status} ${response.body.slice(0, 200)}`)
      }
      return performance.now() - started
    }
    console.log(
      `rollup 20k province cold, first request after start: ${(await time()).toFixed(1)} ms`,
    )
    const cold: number[] = []
    const body = JSON.stringify({ formVersion: b01?.version, values: b01Values(prng(5)) })
    for (let i = 0; i < 10; i++) {
      await call(
        port,
        'PUT',
        `/api/v1/units/BK.G${i}/periods/2026-Y/forms/B01`,
        { ...headers, 'content-type': 'application/json' },
        body,
      )
      cold.push(await time())
    }
    const warm: number[] = []
    for (let i = 0; i < 50; i++) {
      warm.push(await time())
    }
    cold.sort((a, b) => a - b)
    warm.sort((a, b) => a - b)
    console.log(
      `rollup 20k province recomputed after a write (warm process) p50: ${percentile(cold, 50).toFixed(1)} ms`,
    )
    console.log(
      `rollup 20k province warm, unchanged since last asked p50: ${percentile(warm, 50).toFixed(2)} ms`,
    )
    console.log(
      `rollup 20k province warm, unchanged since last asked p99: ${percentile(warm, 99).toFixed(2)} ms`,
    )
    const statusUrl = '/api/v1/units/BK/periods/2026-Y/status'
    for (const encoding of ['identity', 'gzip', 'br']) {
      const timings: number[] = []
      let bytes = 0
      for (let i = 0; i < 20; i++) {
        const started = performance.now()
        const response = await call(port, 'GET', statusUrl, {
          ...headers,
          'accept-encoding': encoding,
        })
        timings.push(performance.now() - started)
        bytes = response.bytes
      }
      timings.sort((a, b) => a - b)
      console.log(
        `status 20k province, first page of 5,000, ${encoding}: ${(bytes / 1024).toFixed(0)} KiB`,
      )
      console.log(
        `status 20k province warm, first page of 5,000, ${encoding} p50: ${percentile(timings, 50).toFixed(1)} ms`,
      )
    }
  } finally {
    child.kill('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`,
)
await submissionsPhase()
await rollupPhase()
agent.destroy()
