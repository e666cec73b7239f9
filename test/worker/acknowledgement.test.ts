/**
 * @module Tests of acknowledged warnings: which ones a 201 marks as acknowledged, and the
 * submitter's reason (lý do xác nhận) kept with the revision, in history and in the audit log.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { b01, errorCode, filledTemplate, fixture, reportPath } from './helpers.ts'
import type { SubmissionCreated, SubmissionResponseBody } from './types.ts'
import { migrations } from '../../worker/store/sqlite/migrations.ts'
import { openSqliteStore } from '../../worker/store/sqlite/store.ts'

/** Two warnings fire: joined-le-members and strikers-le-workers. */
const twoWarnings = b01({
  'members.new': 50,
  'members.transferredIn': 50,
  'members.total': 90,
  'strikes.workers': 500,
})

const put = (extra: Record<string, unknown> = {}) => ({
  formVersion: '2026.1',
  values: twoWarnings,
  acknowledgedWarnings: ['rule:joined-le-members'],
  ...extra,
})

describe('acknowledged warnings and their reason', () => {
  it('marks each warning of the 201 as acknowledged or not', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const response = await f.request('PUT', reportPath('G1'), { token, body: put() })
    expect(response.status).toBe(201)
    const created = (await response.json()) as SubmissionCreated
    expect(created.warnings.map((w) => [w.rule, w.acknowledged]).sort()).toEqual([
      ['rule:joined-le-members', true],
      ['rule:strikers-le-workers', false],
    ])
    expect(created.submission.acknowledgedWarnings).toEqual(['rule:joined-le-members'])
  })

  it('stores the trimmed reason with the revision and returns it from PUT, GET and history', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const first = await f.request('PUT', reportPath('G1'), {
      token,
      body: put({ acknowledgementReason: '  Kết nạp đợt tháng Năm, có biên bản.  ' }),
    })
    expect(first.status).toBe(201)
    const created = (await first.json()) as SubmissionCreated
    expect(created.submission.acknowledgementReason).toBe('Kết nạp đợt tháng Năm, có biên bản.')
    const second = await f.request('PUT', reportPath('G1'), { token, body: put() })
    expect(((await second.json()) as SubmissionCreated).submission.acknowledgementReason).toBeNull()

    const history = (await (
      await f.request('GET', `${reportPath('G1')}?history=1`, { token })
    ).json()) as SubmissionResponseBody
    expect(history.submission.acknowledgementReason).toBeNull()
    expect(history.revisions?.map((r) => r.acknowledgementReason)).toEqual([
      'Kết nạp đợt tháng Năm, có biên bản.',
      null,
    ])
  })

  it('treats a reason of only spaces as none', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const response = await f.request('PUT', reportPath('G1'), {
      token,
      body: put({ acknowledgementReason: '   ' }),
    })
    expect(((await response.json()) as SubmissionCreated).submission.acknowledgementReason).toBe(
      null,
    )
  })

  it('refuses a reason over 500 characters (after trimming) with 400 and stores nothing', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const fits = await f.request('PUT', reportPath('G1'), {
      token,
      body: put({ acknowledgementReason: ` ${'a'.repeat(500)} ` }),
    })
    expect(fits.status).toBe(201)
    const tooLong = await f.request('PUT', reportPath('G1'), {
      token,
      body: put({ acknowledgementReason: 'a'.repeat(501) }),
    })
    expect(tooLong.status).toBe(400)
    expect(await errorCode(tooLong)).toBe('INVALID_REQUEST')
    const latest = (await (
      await f.request('GET', reportPath('G1'), { token })
    ).json()) as SubmissionResponseBody
    expect(latest.submission.revision).toBe(1)
  })

  it('records the acknowledged warnings and the reason in the audit log', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    await f.request('PUT', reportPath('G1'), {
      token,
      body: put({ acknowledgementReason: 'Đã kiểm tra lại.' }),
    })
    const [entry] = await f.store.listAudit({ limit: 1 })
    expect(entry?.action).toBe('submission.create')
    expect(entry?.details).toMatchObject({
      acknowledgedWarnings: ['rule:joined-le-members'],
      acknowledgementReason: 'Đã kiểm tra lại.',
    })
  })

  it('counts the reason as part of the body for Idempotency-Key', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const headers = { 'idempotency-key': 'k-1' }
    const first = await f.request('PUT', reportPath('G1'), {
      token,
      headers,
      body: put({ acknowledgementReason: 'Lý do A' }),
    })
    expect(first.status).toBe(201)
    const other = await f.request('PUT', reportPath('G1'), {
      token,
      headers,
      body: put({ acknowledgementReason: 'Lý do B' }),
    })
    expect(other.status).toBe(409)
    expect(await errorCode(other)).toBe('IDEMPOTENCY_KEY_REUSED')
  })

  it('takes the reason with an uploaded workbook too (query acknowledgementReason)', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const bytes = await filledTemplate(f, { 'workers.total': 100, 'members.total': 50 })
    const query = `acknowledgementReason=${encodeURIComponent(' Có biên bản ')}`
    const response = await f.request('POST', `${reportPath('G1')}/upload?${query}`, {
      token,
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      raw: bytes,
    })
    expect(response.status).toBe(201)
    const created = (await response.json()) as SubmissionCreated
    expect(created.submission.acknowledgementReason).toBe('Có biên bản')
  })
})

describe('migration 4 (acknowledgement_reason)', () => {
  it('brings a schema-3 database up, its old revisions without a reason', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'store-')), 'db.sqlite')
    const old = new Database(file)
    old.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)')
    for (const migration of migrations.filter((m) => m.version <= 3)) {
      old.exec(migration.sql)
      old.prepare('INSERT INTO schema_version (version) VALUES (?)').run(migration.version)
    }
    old.exec(`INSERT INTO reports (id, unit, period, form, latest_revision, status,
      first_submitted_at, form_version, submitted_at)
      VALUES (1, 'G', '2026-Y', 'B01', 1, 'submitted', '2026-11-20T01:00:00.000Z', '2026.1',
      '2026-11-20T01:00:00.000Z')`)
    old.exec(`INSERT INTO revisions (report_id, revision, form_version, status, submitted_at,
      submitted_by, vals, warnings, acknowledged) VALUES (1, 1, '2026.1', 'submitted',
      '2026-11-20T01:00:00.000Z', 'G', '{"members.total":7}', '[]', '[]')`)
    old.close()
    const store = openSqliteStore({ path: file })
    const latest = await store.latestRevision('G', '2026-Y', 'B01')
    expect(latest?.values).toEqual({ 'members.total': 7 })
    expect(latest?.acknowledgementReason).toBeNull()
    await store.close()
  })
})
