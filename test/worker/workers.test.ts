/**
 * @module Several worker processes over one PostgreSQL database, as a load balancer would spread
 * requests: a write at one is read at the other, one Idempotency-Key or one If-Match at both at
 * once, a key revoked from the command line, a form version loaded at one, sign-in limits shared;
 * a crash of one in the middle of a burst while the other keeps serving; and WORKERS=2.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { builtInForms } from '../../shared/form-catalog.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { openPostgresStore } from '../../worker/store/postgres/store.ts'
import { freshPostgresUrl } from '../postgres/fresh.ts'
import { b01 } from './helpers.ts'
import { seedFlatProvince } from './flat-province.ts'
import type { SubmissionCreated, SubmissionResponseBody } from './types.ts'

const root = path.resolve(import.meta.dirname, '../..')
const UNITS = Array.from({ length: 12 }, (_, i) => `G${String(i + 1).padStart(2, '0')}`)

/** A fresh database with a province of 12 grassroots unions, an open period and a key for P. */
async function prepare(): Promise<{ url: string; key: string }> {
  const url = await freshPostgresUrl()
  const key = await seedFlatProvince(await openPostgresStore({ connectionString: url }), UNITS)
  return { url, key }
}

interface Worker {
  child: ChildProcess
  base: string
  output: () => string
}

/** `npm start` over the database, the token secret left to the store (shared by the workers). */
function start(url: string, env: NodeJS.ProcessEnv = {}): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url,
        TOKEN_SECRET: '',
        PORT: '0',
        HOST: '127.0.0.1',
        QUIET: '1',
        SEED_DEMO: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on [\d.]+:(\d+)/.exec(output)
      if (match) {
        resolve({ child, base: `http://127.0.0.1:${match[1]}`, output: () => output })
      }
    })
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`worker exited (${code}):\n${output}`)))
  })
}

function stop(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
      resolve()
      return
    }
    worker.child.once('exit', () => resolve())
    worker.child.kill('SIGTERM')
  })
}

async function signIn(worker: Worker, key: string, unit = 'P'): Promise<Response> {
  return fetch(`${worker.base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ unit, key }),
  })
}

async function tokenAt(worker: Worker, key: string): Promise<string> {
  const response = await signIn(worker, key)
  expect(response.status).toBe(200)
  return ((await response.json()) as { token: string }).token
}

function put(
  worker: Worker,
  token: string,
  unit: string,
  values: Record<string, number>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${worker.base}/api/v1/units/${unit}/periods/2026-Y/forms/B01`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify({ formVersion: '2026.1', values: b01(values) }),
  })
}

/** Polls until `check` holds, for at most a second (what the workers promise each other). */
async function withinOneSecond(check: () => Promise<boolean>): Promise<void> {
  const start = performance.now()
  while (!(await check())) {
    if (performance.now() - start > 1000) {
      throw new Error('not seen by the other worker within one second')
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('two worker processes over one PostgreSQL database', () => {
  it('behave as one: writes, keys, If-Match, revocation, form versions, sign-in limits', async () => {
    const { url, key } = await prepare()
    const [a, b] = await Promise.all([start(url), start(url)])
    try {
      // A token from one worker is good at the other: the secret is the store's.
      const token = await tokenAt(a, key)
      const auth = { authorization: `Bearer ${token}` }

      // A write acknowledged at A is in B's rollup within a second.
      expect((await put(a, token, 'G01', { 'members.total': 77 })).status).toBe(201)
      await withinOneSecond(async () => {
        const rollup = await fetch(`${b.base}/api/v1/units/P/periods/2026-Y/forms/B01/rollup`, {
          headers: auth,
        })
        const body = (await rollup.json()) as { values: Record<string, number> }
        return body.values['members.total'] === 77
      })

      // One Idempotency-Key at both at once: one revision, the same answer twice.
      const retried = await Promise.all([
        put(a, token, 'G02', {}, { 'idempotency-key': 'queue-1' }),
        put(b, token, 'G02', {}, { 'idempotency-key': 'queue-1' }),
      ])
      expect(retried.map((r) => r.status)).toEqual([201, 201])
      const [first, second] = await Promise.all(retried.map((r) => r.text()))
      expect(first).toBe(second)
      const history = await fetch(`${b.base}/api/v1/units/G02/periods/2026-Y/forms/B01?history=1`, {
        headers: auth,
      })
      expect(((await history.json()) as SubmissionResponseBody).revisions).toHaveLength(1)

      // One If-Match at both at once: one 201, one 409.
      const raced = await Promise.all([
        put(a, token, 'G03', {}, { 'if-match': '"0"' }),
        put(b, token, 'G03', {}, { 'if-match': '"0"' }),
      ])
      expect(raced.map((r) => r.status).sort()).toEqual([201, 409])

      // A form version loaded through A is served by B.
      const v2: FormDefinition = {
        ...(builtInForms().find((f) => f.id === 'B01') as FormDefinition),
        version: '2026.9',
      }
      const loaded = await fetch(`${a.base}/api/v1/forms`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(v2),
      })
      expect(loaded.status).toBe(201)
      await withinOneSecond(async () => {
        const served = await fetch(`${b.base}/api/v1/forms/B01`)
        return ((await served.json()) as FormDefinition).version === '2026.9'
      })

      // Guesses spread over both workers meet the one limit of an address (20).
      for (let i = 0; i < 10; i++) {
        expect((await signIn(a, 'wrong', `G0${i}`)).status).toBe(401)
        expect((await signIn(b, 'wrong', `G1${i}`)).status).toBe(401)
      }
      expect((await signIn(a, 'wrong', 'G06')).status).toBe(429)
      expect((await signIn(b, key)).status).toBe(429)

      // A key revoked from the command line is refused by both on the next request.
      await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'worker/admin.ts', 'keys:revoke', 'P'],
        { cwd: root, env: { ...process.env, DATABASE_URL: url } },
      )
      for (const worker of [a, b]) {
        const refused = await fetch(`${worker.base}/api/v1/units/P`, { headers: auth })
        expect(refused.status).toBe(401)
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
          'KEY_REVOKED',
        )
      }
    } finally {
      await Promise.all([stop(a), stop(b)])
    }
  }, 120_000)

  it("hold a person's roles changed or account disabled from the command line at both, on the next request", async () => {
    const { url } = await prepare()
    const admin = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'worker/admin.ts', ...args], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url },
      })
    const [a, b] = await Promise.all([start(url), start(url)])
    try {
      const { stdout } = await admin(
        'accounts:add',
        'P',
        'hung.p',
        'Hoàng Văn Hùng',
        '--role',
        'duyệt',
      )
      const activated = await fetch(`${a.base}/api/v1/auth/activate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          login: 'hung.p',
          code: stdout.trim(),
          password: 'Chè Thái Nguyên 2026',
        }),
      })
      expect(activated.status).toBe(200)
      const token = ((await activated.json()) as { token: string }).token
      const codeOf = async (response: Response) =>
        ((await response.json()) as { error: { code: string } }).error.code

      // duyệt enters a report on behalf of a unit below, at either worker.
      expect((await put(b, token, 'G01', { 'members.total': 77 })).status).toBe(201)

      await admin('accounts:roles', 'hung.p', '--role', 'lập-biểu')
      for (const worker of [a, b]) {
        const refused = await put(worker, token, 'G01', { 'members.total': 78 })
        expect(refused.status).toBe(403)
        expect(await codeOf(refused)).toBe('ROLE_REQUIRED')
      }

      await admin('accounts:disable', 'hung.p')
      for (const worker of [a, b]) {
        const refused = await fetch(`${worker.base}/api/v1/units/P`, {
          headers: { authorization: `Bearer ${token}` },
        })
        expect(refused.status).toBe(401)
        expect(await codeOf(refused)).toBe('ACCOUNT_DISABLED')
      }
    } finally {
      await Promise.all([stop(a), stop(b)])
    }
  }, 120_000)

  it('loses no 2xx when one is killed mid-burst, and the other serves on meanwhile', async () => {
    const { url, key } = await prepare()
    const [a, b] = await Promise.all([start(url), start(url)])
    let restarted: Worker | undefined
    try {
      const token = await tokenAt(a, key)
      const acknowledged: { unit: string; revision: number; members: number }[] = []
      let stopBurst = false
      let failures = 0
      const sender = async (w: number) => {
        for (let i = 0; !stopBurst; i++) {
          const unit = UNITS[(w + i) % UNITS.length] as string
          const members = 50 + ((w * 31 + i) % 40)
          try {
            const response = await put(
              a,
              token,
              unit,
              { 'members.total': members, 'members.women': 40 },
              { 'idempotency-key': `w${w}-${i}` },
            )
            if (response.status === 201) {
              const body = (await response.json()) as SubmissionCreated
              acknowledged.push({ unit, revision: body.submission.revision, members })
            }
          } catch {
            failures++
            return
          }
        }
      }
      const running = Array.from({ length: 12 }, (_, w) => sender(w))
      while (acknowledged.length < 100) {
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      a.child.kill('SIGKILL')
      stopBurst = true
      await Promise.all(running)
      expect(failures).toBeGreaterThan(0)

      // B never stopped: it takes writes while A is dead.
      expect((await put(b, token, 'G01', { 'members.total': 99 })).status).toBe(201)

      restarted = await start(url)
      for (const unit of UNITS) {
        const mine = acknowledged.filter((x) => x.unit === unit)
        const response = await fetch(
          `${restarted.base}/api/v1/units/${unit}/periods/2026-Y/forms/B01?history=1`,
          { headers: { authorization: `Bearer ${token}` } },
        )
        if (mine.length === 0) {
          continue
        }
        const body = (await response.json()) as SubmissionResponseBody
        const stored = new Map(body.revisions?.map((r) => [r.revision, r.values['members.total']]))
        for (const x of mine) {
          expect(stored.get(x.revision)).toBe(x.members)
        }
        expect(body.revisions?.map((r) => r.revision)).toEqual(
          Array.from({ length: body.revisions?.length ?? 0 }, (_, i) => i + 1),
        )
      }
    } finally {
      await Promise.all([stop(a), stop(b), ...(restarted ? [stop(restarted)] : [])])
    }
  }, 120_000)

  it('WORKERS=2 forks two processes that serve one port', async () => {
    const { url } = await prepare()
    const primary = await start(url, { WORKERS: '2' })
    try {
      await withinOneSecondOr(
        10_000,
        async () => primary.output().match(/listening on/g)?.length === 2,
      )
      const health = await fetch(`${primary.base}/api/v1/health`)
      expect(health.status).toBe(200)
      expect(await health.json()).toMatchObject({ status: 'ok' })
    } finally {
      await stop(primary)
    }
  }, 60_000)
})

async function withinOneSecondOr(ms: number, check: () => Promise<boolean>): Promise<void> {
  const start = performance.now()
  while (!(await check())) {
    if (performance.now() - start > ms) {
      throw new Error('not seen in time')
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
