/**
 * @module Tests of loading a new form version without a code change: `npm run admin -- forms:load`
 * (every problem printed, nothing stored on any), the catalog a worker starts with (built-in plus
 * stored versions), and the root unit's POST /api/v1/forms.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { builtInForms } from '../../shared/form-catalog.ts'
import type { FormDefinition, FormRow } from '../../shared/form-definition.ts'
import { openSqliteStore } from '../../worker/store/sqlite/store.ts'
import { databasePath } from '../../worker/secrets.ts'
import { catalogWithStoredForms } from '../../worker/admin/forms.ts'
import { b01, errorCode, fixture, reportPath } from './helpers.ts'
import { startWorkerProcess } from './worker-process.ts'
import type { SubmissionCreated } from './types.ts'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')

const youth: FormRow = {
  code: 'members.youth',
  tt: '2.7',
  label: 'Đoàn viên dưới 35 tuổi',
  labelEn: 'Members under 35',
  unit: 'người',
  kind: 'count',
  parent: 'members.total',
  aggregate: { type: 'sum' },
}

function builtInB01(): FormDefinition {
  const form = builtInForms().find((f) => f.id === 'B01')
  if (!form) {
    throw new Error('no built-in B01')
  }
  return JSON.parse(JSON.stringify(form)) as FormDefinition
}

/** B01 2026.2: the built-in B01 with one more row, "of which under 35", under members.total. */
function b01v2(): FormDefinition {
  const form = builtInB01()
  const at = form.rows.findIndex((row) => row.code === 'members.women')
  return { ...form, version: '2026.2', rows: form.rows.toSpliced(at + 1, 0, youth) }
}

async function admin(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'worker/admin.ts', ...args],
      { cwd: root, env: { ...process.env, DATA_DIR: dataDir } },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

function writeJson(dir: string, name: string, data: unknown): string {
  const file = path.join(dir, name)
  writeFileSync(file, JSON.stringify(data, null, 2))
  return file
}

async function storedForms(dataDir: string) {
  const store = openSqliteStore({ path: databasePath(dataDir) })
  try {
    const audit = await store.listAudit({ limit: 100 })
    return { forms: await store.listForms(), loads: audit.filter((a) => a.action === 'form.load') }
  } finally {
    await store.close()
  }
}

describe('npm run admin -- forms:load', () => {
  it('loads B01 2026.2 (one row added); a worker started then serves it and accepts it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'forms-'))
    const file = writeJson(dataDir, 'B01-2026.2.json', b01v2())
    const loaded = await admin(dataDir, 'forms:load', file)
    expect(loaded.stderr).toMatch(/B01.*2026\.2/)
    expect(loaded.code).toBe(0)
    const { forms, loads } = await storedForms(dataDir)
    expect(forms.map((f) => [f.id, f.version])).toEqual([['B01', '2026.2']])
    expect(loads.map((a) => [a.actor, a.target])).toEqual([['admin', 'B01/2026.2']])

    const again = await admin(dataDir, 'forms:load', file)
    expect(again.code).toBe(0)
    expect((await storedForms(dataDir)).forms).toHaveLength(1)

    // `npm start` over this data directory, the demo province seeded around the loaded form.
    const { child, output, origin } = await startWorkerProcess({ DATA_DIR: dataDir })
    try {
      const served = (await (await fetch(`${origin}/api/v1/forms/B01`)).json()) as FormDefinition
      expect(served.version).toBe('2026.2')
      expect(served.rows.map((r) => r.code)).toContain('members.youth')
      const list = (await (await fetch(`${origin}/api/v1/forms`)).json()) as {
        forms: { id: string; version: string; versions: string[] }[]
      }
      expect(list.forms.find((f) => f.id === 'B01')).toMatchObject({
        version: '2026.2',
        versions: ['2026.1', '2026.2'],
      })
      const old = (await (
        await fetch(`${origin}/api/v1/forms/B01?version=2026.1`)
      ).json()) as FormDefinition
      expect(old.rows.map((r) => r.code)).not.toContain('members.youth')

      const key = /^\s+BK\.GD\.001\s+(\S+)/m.exec(output)?.[1]
      const signIn = await fetch(`${origin}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ unit: 'BK.GD.001', key }),
      })
      const { token } = (await signIn.json()) as { token: string }
      const put = await fetch(`${origin}/api/v1/units/BK.GD.001/periods/2026-Y/forms/B01`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          formVersion: '2026.2',
          values: b01({ 'members.youth': 30 }),
        }),
      })
      expect(put.status).toBe(201)
      const created = (await put.json()) as SubmissionCreated
      expect(created.submission.formVersion).toBe('2026.2')
      expect(created.submission.values['members.youth']).toBe(30)
    } finally {
      child.kill('SIGTERM')
    }
  }, 60_000)

  it('prints every problem of a broken definition, with the file name, and stores nothing', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'forms-'))
    const broken = b01v2()
    // A kind changed from 2026.1 is reported together with the definition's own problems.
    broken.rows = broken.rows.map((row) =>
      row.code === 'welfare.visits' ? { ...row, kind: 'amount' } : row,
    )
    broken.rows.push({ ...youth, label: 'Trùng mã' })
    broken.rows.push({ ...youth, code: 'members.orphan', parent: 'members.nowhere' })
    broken.rows.push({
      ...youth,
      code: 'members.youthRate',
      kind: 'percent',
      parent: undefined,
      aggregate: { type: 'ratio', numerator: 'members.youth', denominator: 'members.absent' },
    })
    const file = writeJson(dataDir, 'broken.json', broken)
    const result = await admin(dataDir, 'forms:load', file)
    expect(result.code).toBe(1)
    const lines = result.stderr.split('\n').filter((line) => line.startsWith(`${file}: `))
    expect(lines.length).toBeGreaterThanOrEqual(4)
    expect(result.stderr).toMatch(/welfare\.visits.*2026\.1/)
    expect(result.stderr).toContain('members.youth')
    expect(result.stderr).toContain('members.nowhere')
    expect(result.stderr).toContain('members.absent')
    expect(result.stderr).toMatch(/Không nạp gì/)
    expect(await storedForms(dataDir)).toEqual({ forms: [], loads: [] })
  }, 30_000)

  it('refuses a version that changes the kind of an existing row code, and stores nothing', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'forms-'))
    const form = builtInB01()
    const changed: FormDefinition = {
      ...form,
      version: '2026.3',
      rows: form.rows.map((row) =>
        row.code === 'welfare.visits' ? { ...row, kind: 'amount', unit: 'đồng' } : row,
      ),
    }
    const result = await admin(dataDir, 'forms:load', writeJson(dataDir, 'kind.json', changed))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/welfare\.visits.*count.*2026\.1.*amount.*2026\.3/)
    expect(await storedForms(dataDir)).toEqual({ forms: [], loads: [] })
  }, 30_000)

  it('refuses a file that is not JSON, and another content under a version already loaded', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'forms-'))
    const notJson = path.join(dataDir, 'not.json')
    writeFileSync(notJson, '{ "id": "B01", ')
    const bad = await admin(dataDir, 'forms:load', notJson)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(notJson)
    const sameVersion = { ...builtInB01(), title: 'Một tiêu đề khác' }
    const clash = await admin(dataDir, 'forms:load', writeJson(dataDir, 'v1.json', sameVersion))
    expect(clash.code).toBe(1)
    expect(clash.stderr).toMatch(/2026\.1/)
    expect((await storedForms(dataDir)).forms).toEqual([])
  }, 30_000)
})

describe('the catalog a worker starts with', () => {
  it('is the built-in forms plus every stored version, and skips (says) one that no longer loads', async () => {
    const store = openSqliteStore({ path: ':memory:' })
    const audit = { actor: 'admin', address: null, action: 'form.load', target: 't', details: {} }
    await store.saveForm(
      { id: 'B01', version: '2026.2', definition: b01v2(), loadedAt: '2026-11-01T00:00:00.000Z' },
      audit,
    )
    await store.saveForm(
      {
        id: 'B01',
        version: '2026.4',
        definition: { ...b01v2(), version: '2026.4', rows: [] },
        loadedAt: '2026-11-02T00:00:00.000Z',
      },
      audit,
    )
    const { catalog, problems } = await catalogWithStoredForms(store)
    expect(catalog.versions('B01')).toEqual(['2026.1', '2026.2'])
    expect(catalog.versions('B02')).toEqual(['2026.1'])
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.every((p) => p.includes('B01 2026.4'))).toBe(true)
    await store.close()
  })

  it('stores a version once: saving the same id and version again writes nothing', async () => {
    const store = openSqliteStore({ path: ':memory:' })
    const audit = { actor: 'admin', address: null, action: 'form.load', target: 't', details: {} }
    const form = { id: 'B01', version: '2026.2', definition: b01v2(), loadedAt: 'x' }
    expect(await store.saveForm(form, audit)).toBe(true)
    expect(await store.saveForm({ ...form, definition: {} }, audit)).toBe(false)
    expect((await store.listForms()).map((f) => f.definition)).toEqual([b01v2()])
    await store.close()
  })
})

describe('POST /api/v1/forms (root unit)', () => {
  it('loads a version (201), serves it and accepts PUTs of it at once; the same again is a 200', async () => {
    const f = await fixture()
    const token = await f.token('P')
    const response = await f.request('POST', '/api/v1/forms', { token, body: b01v2() })
    expect(response.status).toBe(201)
    expect(((await response.json()) as FormDefinition).version).toBe('2026.2')
    expect((await f.request('POST', '/api/v1/forms', { token, body: b01v2() })).status).toBe(200)
    expect((await f.store.listForms()).map((s) => s.version)).toEqual(['2026.2'])
    const [entry] = await f.store.listAudit({ limit: 1 })
    expect(entry).toMatchObject({ actor: 'P', action: 'form.load', target: 'B01/2026.2' })

    const served = (await (await f.request('GET', '/api/v1/forms/B01')).json()) as FormDefinition
    expect(served.version).toBe('2026.2')
    const g1 = await f.token('G1')
    const put = await f.request('PUT', reportPath('G1'), {
      token: g1,
      body: { formVersion: '2026.2', values: b01({ 'members.youth': 12 }) },
    })
    expect(put.status).toBe(201)
    expect(((await put.json()) as SubmissionCreated).submission.values['members.youth']).toBe(12)
    // The older version does not know the row.
    const old = await f.request('PUT', reportPath('G2'), {
      token: await f.token('G2'),
      body: { formVersion: '2026.1', values: b01({ 'members.youth': 12 }) },
    })
    expect([old.status, await errorCode(old)]).toEqual([422, 'VALIDATION_FAILED'])
  })

  it('answers 422 with every problem in details, and loads nothing', async () => {
    const f = await fixture()
    const token = await f.token('P')
    const broken = b01v2()
    broken.rows.push({ ...youth, label: 'Trùng mã' })
    broken.rows.push({ ...youth, code: 'members.orphan', parent: 'members.nowhere' })
    const response = await f.request('POST', '/api/v1/forms', { token, body: broken })
    expect(response.status).toBe(422)
    const body = (await response.json()) as {
      error: { code: string; message: string; details: string[] }
    }
    expect(body.error.code).toBe('FORM_INVALID')
    expect(body.error.message).toMatch(/chưa nạp/)
    expect(body.error.details.some((d) => d.includes('members.youth'))).toBe(true)
    expect(body.error.details.some((d) => d.includes('members.nowhere'))).toBe(true)
    const kind = b01v2()
    kind.rows = kind.rows.map((row) =>
      row.code === 'welfare.visits' ? { ...row, kind: 'percent' } : row,
    )
    const refused = await f.request('POST', '/api/v1/forms', { token, body: kind })
    expect([refused.status, await errorCode(refused)]).toEqual([422, 'FORM_INVALID'])
    const shape = await f.request('POST', '/api/v1/forms', { token, body: { id: 'B01' } })
    expect(shape.status).toBe(422)
    const badVersion = await f.request('POST', '/api/v1/forms', {
      token,
      body: { ...b01v2(), version: '2026.2"; x' },
    })
    expect(badVersion.status).toBe(422)
    expect(await f.store.listForms()).toEqual([])
    expect(
      (await (await f.request('GET', '/api/v1/forms/B01')).json()) as FormDefinition,
    ).toMatchObject({ version: '2026.1' })
  })

  it('is for the root unit only, needs a token, and refuses malformed JSON with 400', async () => {
    const f = await fixture()
    const upper = await f.request('POST', '/api/v1/forms', {
      token: await f.token('U1'),
      body: b01v2(),
    })
    expect([upper.status, await errorCode(upper)]).toEqual([403, 'ROOT_ONLY'])
    expect((await f.request('POST', '/api/v1/forms', { body: b01v2() })).status).toBe(401)
    const malformed = await f.request('POST', '/api/v1/forms', {
      token: await f.token('P'),
      headers: { 'content-type': 'application/json' },
      raw: '{"id": "B01",',
    })
    expect([malformed.status, await errorCode(malformed)]).toEqual([400, 'MALFORMED_JSON'])
    expect(await f.store.listForms()).toEqual([])
  })
})
