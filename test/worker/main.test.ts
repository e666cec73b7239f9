/**
 * @module `npm start` on an empty data directory: demo seeded, URLs and keys printed beside each
 * unit's name and level, keys work, big answers compressed; QUIET=1 prints the listening line
 * only; a PostgreSQL that cannot be reached stops it with one clear line.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startWorkerProcess } from './worker-process.ts'

const root = path.resolve(import.meta.dirname, '../..')

describe('worker/main.ts', () => {
  it('seeds the demo province, keeps a secret in the data directory and prints working keys', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'main-'))
    const { child, output, origin } = await startWorkerProcess({
      DATA_DIR: dataDir,
      TOKEN_SECRET: undefined,
    })
    try {
      expect(output).toMatch(/\/docs/)
      expect(output).toMatch(/\/manifest\.xml/)
      expect(output).toMatch(/\/addin\/taskpane\.html/)
      const key = /^\s+BK\.GD\.001\s+(\S+)\s+CĐCS Trường THPT Chuyên Bắc Kạn \(cơ sở .*B01$/m.exec(
        output,
      )?.[1]
      expect(output).toMatch(/^\s+BK\s+\S+\s+Liên đoàn Lao động tỉnh Bắc Kạn \(tỉnh .*B02$/m)
      expect(output).toMatch(/^\s+BK\.GD\s+\S+\s+.+\(cấp trên cơ sở .*duyệt.*B02$/m)
      expect(key).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
      expect(statSync(path.join(dataDir, 'token-secret')).mode & 0o777).toBe(0o600)
      const response = await fetch(`${origin}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ unit: 'BK.GD.001', key }),
      })
      expect(response.status).toBe(200)
      expect(((await response.json()) as { unit: { name: string } }).unit.name).toBe(
        'CĐCS Trường THPT Chuyên Bắc Kạn',
      )
      const docs = await fetch(`${origin}/openapi.json`, {
        headers: { 'accept-encoding': 'gzip' },
      })
      expect(docs.headers.get('content-encoding')).toBe('gzip')
      expect(((await docs.json()) as { openapi: string }).openapi).toBe('3.1.0')
    } finally {
      child.kill('SIGTERM')
    }
  }, 60_000)

  it('with QUIET=1 prints only the listening line, also while seeding the demo', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'main-quiet-'))
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      QUIET: '1',
    }
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      let stdout = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      const port = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const found = /listening on [\d.]+:(\d+)/.exec(stdout)?.[1]
          if (found) {
            resolve(found)
          }
        })
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)))
      })
      // The demo keys would be printed after the listening line: ask the server something, so
      // that anything printed after listening has had its turn.
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/forms`)).status).toBe(200)
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(stdout.trim().split('\n')).toHaveLength(1)
      expect(stdout).toMatch(/^Báo cáo Công đoàn: listening on /)
    } finally {
      child.kill('SIGTERM')
    }
  }, 60_000)

  it('stops with one line in both languages when PostgreSQL cannot be reached', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'main-pg-'))
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/baocao',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Không kết nối được PostgreSQL tại postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/baocao .*cannot reach PostgreSQL/,
      ),
    ])
    expect(existsSync(path.join(dataDir, 'baocao.sqlite'))).toBe(false)
  }, 60_000)
})
