/**
 * @module A zip bomb through every upload path of a real worker process (`npm start`): the form
 * upload, the import of e-mailed templates and the units import (ExcelJS). The bomb is the
 * project's own template with parts that declare their real, small sizes and inflate to 1 GiB;
 * the worker refuses each with a Vietnamese message, and its peak memory (VmHWM) grows by less
 * than the inflate ceiling per upload in flight.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorkerProcess, type WorkerProcess } from './worker-process.ts'
import { zipBomb } from './zip-bomb.ts'
import { WORKBOOK_CEILINGS } from '../../worker/xlsx/zip.ts'

const GiB = 1024 * 1024 * 1024
/** What the upload and import routes answer, as far as these tests read it. */
interface ZipBombAnswer {
  error?: { code: string; message: string; details?: { message: string }[] }
  outcome?: string
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const UNIT = 'BK.GD.001'
const upload = `/api/v1/units/${UNIT}/periods/2026-Y/forms/B01/upload`
const imports = `/api/v1/units/BK/periods/2026-Y/imports`

let worker: WorkerProcess
const tokens: Record<string, string> = {}

/** The highest resident memory the worker process has had, in bytes. */
function peakMemory(): number {
  const status = readFileSync(`/proc/${worker.child.pid}/status`, 'utf8')
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) * 1024
}

function post(
  url: string,
  token: string,
  body: Uint8Array<ArrayBuffer>,
  extra: Record<string, string> = {},
) {
  return fetch(`${worker.origin}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': XLSX, ...extra },
    body: new Uint8Array(body),
  })
}

beforeAll(async () => {
  worker = await startWorkerProcess({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'bomb-')) })
  for (const unit of ['BK', UNIT]) {
    const key = new RegExp(`^\\s+${unit.replace(/\./g, '\\.')}\\s+(\\S+)`, 'm').exec(
      worker.output,
    )?.[1]
    const response = await fetch(`${worker.origin}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unit, key }),
    })
    tokens[unit] = ((await response.json()) as { token: string }).token
  }
}, 60_000)

afterAll(() => {
  worker.child.kill('SIGTERM')
})

describe('a zip bomb', () => {
  it('is refused on every upload path without taking the worker’s memory', async () => {
    const template = new Uint8Array(
      await (
        await fetch(`${worker.origin}/api/v1/forms/B01/template.xlsx?unit=${UNIT}&period=2026-Y`)
      ).arrayBuffer(),
    )
    const bomb = zipBomb(template, {
      'xl/worksheets/sheet1.xml': GiB,
      // Under the ceiling an older reader had (64 MiB): it kept it all, then read the sheet.
      'xl/sharedStrings.xml': 60 * 1024 * 1024,
    })
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024)

    // Warm up every path with the genuine template first: code loaded, caches filled.
    const bk = tokens.BK ?? ''
    const own = tokens[UNIT] ?? ''
    expect((await post(upload, own, template)).status).toBeLessThan(500)
    expect((await post(imports, bk, template, { 'x-file-name': `${UNIT}.xlsx` })).status).toBe(200)
    expect((await post('/api/v1/units/import', bk, template)).status).toBe(422)
    const before = peakMemory()

    const inFlight = [
      post(upload, own, bomb),
      post(upload, own, bomb),
      post(upload, own, bomb),
      post(imports, bk, bomb, { 'x-file-name': `${UNIT}.xlsx` }),
      post('/api/v1/units/import', bk, bomb),
      post('/api/v1/units/import', bk, bomb),
    ]
    const answers = await Promise.all(
      inFlight.map(async (response) => {
        const r = await response
        return { status: r.status, body: (await r.json()) as ZipBombAnswer }
      }),
    )
    const growth = peakMemory() - before

    for (const { status, body } of answers.slice(0, 3)) {
      expect(status).toBe(413)
      expect(body.error?.code).toBe('WORKBOOK_TOO_LARGE')
      expect(body.error?.message).toContain('quá lớn')
    }
    expect(answers[3]?.body.outcome).toBe('unreadable')
    for (const { status, body } of answers.slice(4)) {
      expect(status).toBe(422)
      expect(body.error?.details?.[0]?.message).toContain('quá lớn khi giải nén')
    }
    expect(growth).toBeLessThan(inFlight.length * WORKBOOK_CEILINGS.total)

    // And the worker still reads a genuine template.
    expect((await post(upload, own, template)).status).toBeLessThan(500)
  }, 120_000)
})
