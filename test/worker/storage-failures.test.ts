/**
 * @module What the worker does when its storage fails: a full disk answers 507 STORAGE_FULL and
 * recovers once space is freed (losing nothing acknowledged); a data directory it cannot open
 * stops the start with one line naming the path and the cause; a store damaged mid-file is found
 * by the check at start and refuses every write with 503 STORE_DAMAGED.
 */
import { spawnSync } from 'node:child_process'
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { b01, errorCode, fixture, reportPath } from './helpers.ts'
import { openSqliteStore } from '../../worker/store/sqlite/store.ts'
import { startWorkerProcess } from './worker-process.ts'

const root = path.resolve(import.meta.dirname, '../..')
const canMount = process.getuid?.() === 0 && process.platform === 'linux'

/** Fills the file system under `dir` with a ballast file until no byte more fits. */
function fillDisk(dir: string): string {
  const ballast = path.join(dir, 'ballast')
  const fd = openSync(ballast, 'w')
  const chunk = Buffer.alloc(4096, 1)
  try {
    for (;;) {
      writeSync(fd, chunk)
    }
  } catch {
    // ENOSPC: full.
  } finally {
    closeSync(fd)
  }
  return ballast
}

/** `npm start` over `env`, run to its end: its exit code and what it printed. */
function startOnce(env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', QUIET: '1', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

describe('a full disk', () => {
  it.skipIf(!canMount)(
    'answers 507 STORAGE_FULL, stores nothing, and recovers when space returns',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'full-'))
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]).status).toBe(0)
      try {
        const store = openSqliteStore({ path: path.join(dir, 'db.sqlite') })
        const f = await fixture({}, { store })
        const token = await f.token('G1')
        const ballast = fillDisk(dir)
        const put = (members: number) =>
          f.request('PUT', reportPath('G1'), {
            token,
            body: {
              formVersion: '2026.1',
              values: b01({ 'members.total': members, 'members.women': 5 }),
            },
          })
        const full = await put(91)
        expect(full.status).toBe(507)
        expect(await errorCode(full)).toBe('STORAGE_FULL')
        rmSync(ballast)
        const again = await put(92)
        expect(again.status).toBe(201)
        const history = await store.revisions('G1', '2026-Y', 'B01')
        expect(history.map((r) => r.values['members.total'])).toEqual([92])
        await store.close()
      } finally {
        spawnSync('umount', ['-l', dir])
      }
    },
  )
})

describe('a store that cannot be opened', () => {
  it('stops the start with one line naming the path and the cause', () => {
    const base = mkdtempSync(path.join(tmpdir(), 'unopenable-'))
    const file = path.join(base, 'a-file')
    writeFileSync(file, 'not a folder')
    const notFolder = startOnce({ DATA_DIR: path.join(file, 'data') })
    expect(notFolder.status).toBe(1)
    expect(notFolder.output.trim().split('\n')).toHaveLength(1)
    expect(notFolder.output).toContain(path.join(file, 'data'))
    expect(notFolder.output).toMatch(/ENOTDIR/)

    const garbage = path.join(base, 'garbage')
    mkdirSync(garbage)
    writeFileSync(path.join(garbage, 'baocao.sqlite'), Buffer.alloc(64 * 1024, 7))
    const notDatabase = startOnce({ DATA_DIR: garbage })
    expect(notDatabase.status).toBe(1)
    expect(notDatabase.output.trim().split('\n')).toHaveLength(1)
    expect(notDatabase.output).toContain(path.join(garbage, 'baocao.sqlite'))
    expect(notDatabase.output).toMatch(/SQLITE_NOTADB|not a database/)
  }, 60_000)
})

describe('a store damaged mid-file', () => {
  it('is found at start: the worker says so in one line and refuses every write', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'damaged-'))
    const first = await startWorkerProcess({ DATA_DIR: dataDir })
    first.child.kill('SIGTERM')
    await new Promise((resolve) => first.child.once('exit', resolve))
    const file = path.join(dataDir, 'baocao.sqlite')
    const pages = statSync(file).size / 4096
    // Pages in the last third hold the demo's submissions and audit entries, not its keys.
    const fd = openSync(file, 'r+')
    for (let page = Math.floor(pages * 0.7); page < Math.floor(pages * 0.7) + 4; page++) {
      writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, page * 4096)
    }
    closeSync(fd)
    const second = await startWorkerProcess({ DATA_DIR: dataDir })
    try {
      expect(second.output).toMatch(/bị hỏng .*chỉ đọc, từ chối mọi thay đổi/)
      const key = /^\s+BK\s+(\S+)/m.exec(second.output)?.[1]
      const signIn = await fetch(`${second.origin}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ unit: 'BK', key }),
      })
      expect(signIn.status).toBe(200)
      const { token } = (await signIn.json()) as { token: string }
      const write = await fetch(`${second.origin}/api/v1/periods/2027-Y`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cutoff: '2027-11-30', deadline: '2027-12-15', open: true }),
      })
      expect(write.status).toBe(503)
      expect(await errorCode(write)).toBe('STORE_DAMAGED')
      expect((await fetch(`${second.origin}/api/v1/periods`)).status).toBe(200)
    } finally {
      second.child.kill('SIGTERM')
    }
  }, 90_000)
})
