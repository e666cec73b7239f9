/** @module Tests of the SQLite store: the store contract, migrations, other connections. */
import { chmodSync, mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { openSqliteStore } from '../../../worker/store/sqlite/store.ts'
import { migrations } from '../../../worker/store/sqlite/migrations.ts'
import { storeContract } from './contract.ts'

storeContract('SQLite (:memory:)', async () => openSqliteStore({ path: ':memory:' }))

const audit = { actor: 'admin', address: null, action: 'test', target: 't', details: {} }

describe('SQLite on disk', () => {
  it('migrates once and keeps the data across reopening', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'store-')), 'db.sqlite')
    const first = openSqliteStore({ path: file })
    await first.importUnits([{ code: 'P', name: 'Tỉnh', parent: null, level: 'province' }], audit)
    await first.close()
    const second = openSqliteStore({ path: file })
    expect((await second.listUnits()).map((u) => u.code)).toEqual(['P'])
    await second.close()
  })

  it('sees a key revoked by another connection (the admin command line) within a millisecond', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'store-')), 'db.sqlite')
    const worker = openSqliteStore({ path: file })
    const cli = openSqliteStore({ path: file })
    await worker.addKey(
      {
        id: 'k',
        unit: 'P',
        hash: 'scrypt$x',
        createdAt: '2026-11-01T00:00:00.000Z',
        revokedAt: null,
      },
      audit,
    )
    expect((await worker.getKey('k'))?.revokedAt).toBeNull()
    await cli.revokeKeys('P', '2026-11-02T00:00:00.000Z', audit)
    // The worker asks SQLite whether another connection wrote at most once a millisecond.
    await new Promise((resolve) => setTimeout(resolve, 2))
    expect((await worker.getKey('k'))?.revokedAt).toBe('2026-11-02T00:00:00.000Z')
    await cli.savePeriod(
      { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
      audit,
    )
    await new Promise((resolve) => setTimeout(resolve, 2))
    expect((await worker.listPeriods()).map((p) => p.id)).toEqual(['2026-Y'])
    await worker.close()
    await cli.close()
  })

  it('cannot tell which reports changed once another connection wrote', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'store-')), 'db.sqlite')
    const worker = openSqliteStore({ path: file })
    const cli = openSqliteStore({ path: file })
    await worker.importUnits([{ code: 'P', name: 'Tỉnh', parent: null, level: 'province' }], audit)
    const before = await worker.dataVersion()
    await cli.savePeriod(
      { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
      audit,
    )
    expect(await worker.changedReports(before)).toBeNull()
    const after = await worker.dataVersion()
    expect(await worker.changedReports(after)).toEqual([])
    await worker.close()
    await cli.close()
  })

  it('brings a database of schema 1 up to date, keeping its reports, sent by a unit key', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'store-')), 'db.sqlite')
    const old = new Database(file)
    old.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)')
    old.exec(migrations[0]?.sql ?? '')
    old.exec('INSERT INTO schema_version (version) VALUES (1)')
    old.exec(`INSERT INTO reports (id, unit, period, form, latest_revision, status, first_submitted_at)
      VALUES (1, 'G', '2026-Y', 'B01', 1, 'submitted', '2026-11-20T01:00:00.000Z')`)
    old.exec(`INSERT INTO revisions VALUES (1, 1, '2026.1', 'submitted', '2026-11-20T01:00:00.000Z',
      'G', '{"members.total":7}', '[]', '[]')`)
    old.close()
    const store = openSqliteStore({ path: file })
    expect(await store.reportSummaries('2026-Y')).toEqual([
      {
        unit: 'G',
        form: 'B01',
        formVersion: '2026.1',
        revision: 1,
        status: 'submitted',
        firstSubmittedAt: '2026-11-20T01:00:00.000Z',
        submittedAt: '2026-11-20T01:00:00.000Z',
        submittedBy: 'G',
        submittedByPerson: null,
        warnings: 0,
        unconfirmed: 0,
        reviewer: null,
        reviewerPerson: null,
        decision: null,
      },
    ])
    // Written before packed numbers were kept: its rollup reads them from the revision's JSON.
    const [latest] = await store.latestValues('2026-Y', 'B01')
    expect(latest?.values.layout.codes).toEqual(['members.total'])
    expect([...(latest?.values.numbers ?? [])]).toEqual([7])
    await store.savePeriod(
      { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
      audit,
    )
    await store.appendRevision({
      unit: 'G',
      period: '2026-Y',
      form: 'B01',
      formVersion: '2026.1',
      values: { 'members.total': 9 },
      warnings: [],
      acknowledgedWarnings: [],
      submittedAt: '2026-11-21T01:00:00.000Z',
      submittedBy: 'G',
      audit,
    })
    expect([...((await store.latestValues('2026-Y', 'B01'))[0]?.values.numbers ?? [])]).toEqual([9])
    await store.close()
  })
})

describe('SQLite files on disk', () => {
  const mode = (file: string) => statSync(file).mode & 0o777

  it('are readable by their owner only, the WAL and shared memory included', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'store-')), 'db.sqlite')
    const store = openSqliteStore({ path: file })
    await store.importUnits([{ code: 'P', name: 'Tỉnh', parent: null, level: 'province' }], audit)
    expect(mode(file)).toBe(0o600)
    expect(mode(`${file}-wal`)).toBe(0o600)
    expect(mode(`${file}-shm`)).toBe(0o600)
    await store.close()
  })

  it('narrows a store made world-readable before', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'store-')), 'db.sqlite')
    await openSqliteStore({ path: file }).close()
    chmodSync(file, 0o644)
    const store = openSqliteStore({ path: file })
    expect(mode(file)).toBe(0o600)
    await store.close()
  })
})
