/**
 * @module The worker under two attacks of issue #8, measured over HTTP from a second process on
 * 127.0.0.1 (the worker a child process with its SQLite store, real scrypt cost):
 * 1. wrong keys sent from one address, none (the baseline), 4, 16 and 64 in flight for `seconds` each: sign-in
 *    attempts refused a second, and the p50/p99 of one correct sign-in from another address
 *    every 100 ms the while;
 * 2. 500 rollup .xlsx exports of a 2,000-CĐCS province in flight at once: how many are served and
 *    how many are told to come back (503), and the p50/p99 of a light request (GET /periods) the
 *    while.
 * Run: node --import tsx bench/hardening.bench.ts [seconds]
 */
import { mkdtempSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { defaultCatalog } from '../shared/form-catalog.ts'
import { openSqliteStore } from '../worker/store/sqlite/store.ts'
import { databasePath } from '../worker/secrets.ts'
import { seedSyntheticProvince } from './fixtures.ts'
import { startWorker } from './worker-process.ts'

const seconds = Number(process.argv[2] ?? 10)
const b01 = defaultCatalog().get('B01')
if (!b01) {
  throw new Error('no B01 in the catalog')
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

function call(
  agent: Agent,
  port: number,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: url, headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const signInBody = (key: string) => JSON.stringify({ unit: 'BK', key })
const json = (address: string) => ({
  'content-type': 'application/json',
  'x-forwarded-for': address,
})

async function signInPhase(port: number, key: string, inFlight: number) {
  const attacker = new Agent({ keepAlive: true, maxSockets: inFlight })
  const clerk = new Agent({ keepAlive: true, maxSockets: 1 })
  const end = Date.now() + seconds * 1000
  const statuses = new Map<number, number>()
  const attack = async (n: number) => {
    let i = 0
    while (Date.now() < end) {
      const wrong = `W${String(n).padStart(3, '0')}-${String(i++).padStart(4, '0')}-AAAA-BBBB`
      const { status } = await call(
        attacker,
        port,
        'POST',
        '/api/v1/auth/token',
        json('203.0.113.66'),
        signInBody(wrong),
      )
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
  }
  const latencies: number[] = []
  const honest = async () => {
    let failed = 0
    while (Date.now() < end) {
      const started = performance.now()
      const { status } = await call(
        clerk,
        port,
        'POST',
        '/api/v1/auth/token',
        json('198.51.100.7'),
        signInBody(key),
      )
      latencies.push(performance.now() - started)
      if (status !== 200) {
        failed++
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return failed
  }
  const [failed] = await Promise.all([
    honest(),
    ...Array.from({ length: inFlight }, (_, n) => attack(n)),
  ])
  const total = [...statuses.values()].reduce((a, b) => a + b, 0) || 0
  latencies.sort((a, b) => a - b)
  console.log(
    `wrong keys from one address, ${inFlight} in flight, ${seconds} s: ${(total / seconds).toFixed(0)} answered a second (${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')})`,
  )
  console.log(
    `correct sign-in from another address meanwhile (${latencies.length}, ${failed} refused): p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  )
  attacker.destroy()
  clerk.destroy()
}

async function exportPhase(port: number, key: string) {
  const light = new Agent({ keepAlive: true, maxSockets: 1 })
  const { body } = await call(
    light,
    port,
    'POST',
    '/api/v1/auth/token',
    json('198.51.100.8'),
    signInBody(key),
  )
  const token = (JSON.parse(body.toString()) as { token: string }).token
  const auth = { authorization: `Bearer ${token}` }
  const url = '/api/v1/units/BK/periods/2026-Y/forms/B01/rollup'
  // Warm: the rollup computed once, so exports measure the workbook.
  await call(light, port, 'GET', url, auth)
  const baseline: number[] = []
  for (let i = 0; i < 50; i++) {
    const started = performance.now()
    await call(light, port, 'GET', '/api/v1/periods', {})
    baseline.push(performance.now() - started)
  }
  baseline.sort((a, b) => a - b)
  const heavy = new Agent({ keepAlive: true, maxSockets: 500 })
  let done = false
  const started = performance.now()
  const exports = Promise.all(
    Array.from({ length: 500 }, () => call(heavy, port, 'GET', `${url}?format=xlsx`, auth)),
  ).then((answers) => {
    done = true
    return answers
  })
  const latencies: number[] = []
  while (!done) {
    const t = performance.now()
    await call(light, port, 'GET', '/api/v1/periods', {})
    latencies.push(performance.now() - t)
  }
  const answers = await exports
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const served = answers.filter((a) => a.status === 200).length
  const busy = answers.filter((a) => a.status === 503).length
  console.log(
    `500 rollup .xlsx exports at once (2,000 CĐCS): ${served} served, ${busy} told 503 SERVER_BUSY, all answered in ${elapsed.toFixed(1)} s`,
  )
  console.log(
    `GET /periods alone p50 / p99: ${percentile(baseline, 50).toFixed(1)} / ${percentile(baseline, 99).toFixed(1)} ms; with the exports in flight (${latencies.length} requests) p50 / p99: ${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)} ms`,
  )
  heavy.destroy()
  light.destroy()
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-hardening-'))
const { key } = await seedSyntheticProvince(
  openSqliteStore({ path: databasePath(dataDir) }),
  2_000,
  b01,
)
// The benchmark speaks for many clients: the address is the X-Forwarded-For it sends.
const { child, port } = await startWorker(dataDir, 'sqlite', undefined, { TRUST_PROXY: '1' })
try {
  for (const inFlight of [0, 4, 16, 64]) {
    await signInPhase(port, key, inFlight)
  }
  await exportPhase(port, key)
} finally {
  child.kill('SIGTERM')
}
