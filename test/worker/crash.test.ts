/** @module Crash test: SIGKILL the worker mid-burst, restart, find every acknowledged report. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../worker/store/sqlite/store.ts'
import { databasePath } from '../../worker/secrets.ts'
import { b01 } from './helpers.ts'
import { seedFlatProvince } from './flat-province.ts'
import type { SubmissionCreated, SubmissionResponseBody } from './types.ts'

const root = path.resolve(import.meta.dirname, '../..')
const UNITS = Array.from({ length: 24 }, (_, i) => `G${String(i + 1).padStart(2, '0')}`)

async function prepare(dataDir: string): Promise<string> {
  return seedFlatProvince(openSqliteStore({ path: databasePath(dataDir) }), UNITS)
}

function start(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        QUIET: '1',
        TOKEN_SECRET: 'crash-test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on [\d.]+:(\d+)/.exec(output)
      if (match) {
        resolve({ child, base: `http://127.0.0.1:${match[1]}` })
      }
    })
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) =>
      reject(new Error(`worker exited (${code}) before listening:\n${output}`)),
    )
  })
}

describe('a crash in the middle of a burst', () => {
  it('loses no submission that was answered with a 2xx', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'crash-'))
    const key = await prepare(dataDir)
    const first = await start(dataDir)
    const signIn = await fetch(`${first.base}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unit: 'P', key }),
    })
    const { token } = (await signIn.json()) as { token: string }
    const acknowledged: { unit: string; revision: number; members: number }[] = []
    let stop = false
    let failures = 0
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const unit = UNITS[(w + i) % UNITS.length] as string
        const members = 50 + ((w * 31 + i) % 40)
        try {
          const response = await fetch(
            `${first.base}/api/v1/units/${unit}/periods/2026-Y/forms/B01`,
            {
              method: 'PUT',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
                'idempotency-key': `w${w}-${i}`,
              },
              body: JSON.stringify({
                formVersion: '2026.1',
                values: b01({ 'members.total': members, 'members.women': 40 }),
              }),
            },
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
    const running = Array.from({ length: 16 }, (_, w) => worker(w))
    while (acknowledged.length < 150) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    first.child.kill('SIGKILL')
    stop = true
    await Promise.all(running)
    expect(failures).toBeGreaterThan(0)

    const second = await start(dataDir)
    try {
      for (const unit of UNITS) {
        const response = await fetch(
          `${second.base}/api/v1/units/${unit}/periods/2026-Y/forms/B01?history=1`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        )
        const mine = acknowledged.filter((a) => a.unit === unit)
        if (mine.length === 0) {
          continue
        }
        expect(response.status).toBe(200)
        const body = (await response.json()) as SubmissionResponseBody
        const stored = new Map(body.revisions?.map((r) => [r.revision, r.values['members.total']]))
        for (const a of mine) {
          expect(stored.get(a.revision)).toBe(a.members)
        }
        expect(body.revisions?.map((r) => r.revision)).toEqual(
          Array.from({ length: body.revisions?.length ?? 0 }, (_, i) => i + 1),
        )
      }
    } finally {
      second.child.kill('SIGTERM')
    }
  }, 60_000)
})
