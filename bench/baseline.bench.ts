/**
 * @module The worker beside the bare stack (bench/bare-stack.ts) in the same run, both on SQLite in
 * a temporary directory: validated PUTs a second at 32 in flight, and a small GET
 * (`/api/v1/periods`) a second, each as a ratio of the bare stack's. Runs alternate, twice. Beside
 * each rate, the server's CPU a request: on a machine other work shares, the rate swings with the
 * scheduler, and the CPU ratio says what the rate ratio would be on an idle one.
 * Run: node --import tsx bench/baseline.bench.ts [seconds]
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { defaultCatalog } from '../shared/form-catalog.ts'
import { openSqliteStore } from '../worker/store/sqlite/store.ts'
import { databasePath } from '../worker/secrets.ts'
import { seedSyntheticProvince } from './fixtures.ts'
import { signIn, startProcess, startWorker } from './worker-process.ts'
import { prng } from '../worker/prng.ts'
import { agent, b01Values, call, cpuSeconds, IN_FLIGHT } from './http-client.ts'

const seconds = Number(process.argv[2] ?? 5)
const b01 = defaultCatalog().get('B01')

interface Figure {
  rate: number
  /** CPU seconds the server spent over the requests counted. */
  cpu: number
  requests: number
}

/** Requests a second at 32 in flight for `seconds` after a second of warm-up, and the server's
 * CPU over them. */
async function rate(
  server: ChildProcess,
  send: (n: number) => Promise<number>,
  expected: number,
): Promise<Figure> {
  const warmUntil = Date.now() + 1000
  const end = warmUntil + seconds * 1000
  let next = 0
  let done = 0
  let cpuAtStart = Number.NaN
  setTimeout(() => {
    cpuAtStart = cpuSeconds(server.pid)
  }, 1000)
  const loop = async () => {
    while (Date.now() < end) {
      const status = await send(next++)
      if (status !== expected) {
        throw new Error(`status ${status}`)
      }
      if (Date.now() >= warmUntil) {
        done++
      }
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, loop))
  return { rate: done / seconds, cpu: cpuSeconds(server.pid) - cpuAtStart, requests: done }
}

async function measure() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-baseline-'))
  const { units, key } = await seedSyntheticProvince(
    openSqliteStore({ path: databasePath(dir) }),
    2_000,
  )
  const grassroots = units.filter((u) => u.level === 'grassroots').map((u) => u.code)
  const random = prng(3)
  const bodies = Array.from({ length: 256 }, () =>
    JSON.stringify({ formVersion: b01?.version, values: b01Values(random) }),
  )
  const worker = await startWorker(dir, 'sqlite')
  const bare = await startProcess(['bench/bare-stack.ts', dir], {})
  try {
    const token = await signIn(worker.port, 'BK', key)
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const put = (port: number) => (n: number) =>
      call(
        port,
        'PUT',
        `/api/v1/units/${grassroots[n % grassroots.length]}/periods/2026-Y/forms/B01`,
        headers,
        bodies[n % bodies.length],
      ).then((r) => r.status)
    const get = (port: number) => () =>
      call(port, 'GET', '/api/v1/periods', { 'accept-encoding': 'gzip, br' }).then((r) => r.status)
    const none = (): Figure => ({ rate: 0, cpu: 0, requests: 0 })
    const figures = { bare: { put: none(), get: none() }, worker: { put: none(), get: none() } }
    const add = (sum: Figure, one: Figure) => {
      sum.rate += one.rate / 2
      sum.cpu += one.cpu
      sum.requests += one.requests
    }
    for (let round = 0; round < 2; round++) {
      add(figures.bare.put, await rate(bare.child, put(bare.port), 201))
      add(figures.worker.put, await rate(worker.child, put(worker.port), 201))
      add(figures.bare.get, await rate(bare.child, get(bare.port), 200))
      add(figures.worker.get, await rate(worker.child, get(worker.port), 200))
    }
    const perRequest = (f: Figure) => (f.cpu / f.requests) * 1e6
    const line = (label: string, f: Figure) =>
      console.log(
        `${label}: ${f.rate.toFixed(0)} requests/s, ${perRequest(f).toFixed(1)} µs CPU a request`,
      )
    const ratio = (label: string, worker: Figure, bare: Figure) =>
      console.log(
        `${label}: ${(worker.rate / bare.rate).toFixed(2)}× the rate, ${(perRequest(bare) / perRequest(worker)).toFixed(2)}× by CPU a request`,
      )
    line('bare stack PUT (zod + better-sqlite3, grouped)', figures.bare.put)
    line('worker validated PUT', figures.worker.put)
    ratio('worker PUT / bare PUT', figures.worker.put, figures.bare.put)
    line('bare Hono GET /api/v1/periods', figures.bare.get)
    line('worker GET /api/v1/periods', figures.worker.get)
    ratio('worker GET / bare GET', figures.worker.get, figures.bare.get)
    console.log(`load average during the run: ${loadavg()[0]?.toFixed(2)}`)
  } finally {
    worker.child.kill('SIGTERM')
    bare.child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 300))
    rmSync(dir, { recursive: true, force: true })
  }
}

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`,
)
await measure()
agent.destroy()
