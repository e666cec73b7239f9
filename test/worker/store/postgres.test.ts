/** @module Tests of the PostgreSQL store: the store contract, migrations, other workers. */
import { describe, expect, it, onTestFinished } from 'vitest'
import pg from 'pg'
import { migrations } from '../../../worker/store/postgres/migrations.ts'
import { openPostgresStore } from '../../../worker/store/postgres/store.ts'
import { StoreUnavailableError } from '../../../worker/store/store.ts'
import type { Store } from '../../../worker/store/store.ts'
import { storeContract } from './contract.ts'
import { freshPostgresUrl } from '../../postgres/fresh.ts'

// Each store closed when its test ends: its listener and pooled connections would otherwise stay
// open for the rest of the file, beside every other suite's, against the server's 100.
storeContract('PostgreSQL', async () => {
  const store = await openPostgresStore({ connectionString: await freshPostgresUrl(), poolSize: 3 })
  onTestFinished(() => store.close())
  return store
})

const audit = { actor: 'admin', address: null, action: 'test', target: 't', details: {} }

/** Waits until `check` holds, for at most a second (what other workers are promised). */
async function withinOneSecond(check: () => Promise<boolean>): Promise<number> {
  const start = performance.now()
  while (!(await check())) {
    if (performance.now() - start > 1000) {
      throw new Error('not seen within one second')
    }
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return performance.now() - start
}

async function twoWorkers(url?: string): Promise<[Store, Store]> {
  url ??= await freshPostgresUrl()
  const first = await openPostgresStore({ connectionString: url })
  const second = await openPostgresStore({ connectionString: url })
  await first.importUnits(
    [
      { code: 'P', name: 'Tỉnh', parent: null, level: 'province' },
      { code: 'G', name: 'CĐCS', parent: 'P', level: 'grassroots' },
    ],
    audit,
  )
  await first.savePeriod(
    { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
    audit,
  )
  return [first, second]
}

function submission(values: Record<string, number>, ifMatch?: number) {
  return {
    unit: 'G',
    period: '2026-Y',
    form: 'B01',
    formVersion: '2026.1',
    values,
    warnings: [],
    acknowledgedWarnings: [],
    submittedAt: '2026-11-20T01:00:00.000Z',
    submittedBy: 'G',
    ...(ifMatch === undefined ? {} : { ifMatch }),
    audit,
  }
}

describe('PostgreSQL shared by several workers', () => {
  it('migrates once when ten workers start at the same moment', async () => {
    const url = await freshPostgresUrl()
    const stores = await Promise.all(
      Array.from({ length: 10 }, () => openPostgresStore({ connectionString: url })),
    )
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const { rows } = await client.query('SELECT version FROM schema_version ORDER BY version')
    await client.end()
    expect(rows.map((row: { version: number }) => row.version)).toEqual(
      migrations.map((migration) => migration.version),
    )
    await Promise.all(stores.map((store) => store.close()))
  })

  it("moves the other worker's versions and tells it which reports changed", async () => {
    const [first, second] = await twoWorkers()
    const before = await first.dataVersion()
    await withinOneSecond(async () => (await second.dataVersion()) === before)
    expect(await second.unitsVersion()).toBe(await first.unitsVersion())
    await first.appendRevision(submission({ 'members.total': 10 }))
    const after = await first.dataVersion()
    await withinOneSecond(async () => (await second.dataVersion()) === after)
    expect(await second.changedReports(before)).toEqual([
      { unit: 'G', period: '2026-Y', form: 'B01' },
    ])
    expect((await second.reportsWithValues('2026-Y', 'B01'))[0]?.values).toEqual({
      'members.total': 10,
    })
    await Promise.all([first.close(), second.close()])
  })

  it('sees a commit that began before one it has seen and ended after it', async () => {
    const url = await freshPostgresUrl()
    const [first, second] = await twoWorkers(url)
    // A slow worker's commit: its transaction (and its change row) starts first, ends last.
    const slow = new pg.Client({ connectionString: url })
    await slow.connect()
    await slow.query('BEGIN')
    await slow.query(
      `INSERT INTO changes (bumped, units, periods, forms)
       VALUES ('{}', '{G}', '{2026-Y}', '{B02}')`,
    )
    await first.appendRevision(submission({ 'members.total': 10 }))
    const written = await first.dataVersion()
    await withinOneSecond(async () => (await second.dataVersion()) === written)
    await slow.query('COMMIT')
    await slow.end()
    await withinOneSecond(async () => (await second.dataVersion()) > written)
    expect(await second.changedReports(written)).toEqual([
      { unit: 'G', period: '2026-Y', form: 'B02' },
    ])
    await Promise.all([first.close(), second.close()])
  })

  it("reads a report written before packed numbers were kept from its revision's json", async () => {
    const url = await freshPostgresUrl()
    const [first, second] = await twoWorkers(url)
    await first.appendRevision(submission({ 'members.total': 10, 'members.female': 4 }))
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query('DELETE FROM latest_values')
    await client.end()
    const [latest] = await second.latestValues('2026-Y', 'B01')
    expect(latest?.values.layout.codes).toEqual(['members.total', 'members.female'])
    expect([...(latest?.values.numbers ?? [])]).toEqual([10, 4])
    await Promise.all([first.close(), second.close()])
  })

  it('gives one If-Match to one of two workers writing at once', async () => {
    const [first, second] = await twoWorkers()
    const results = await Promise.all([
      first.appendRevision(submission({ 'members.total': 1 }, 0)),
      second.appendRevision(submission({ 'members.total': 2 }, 0)),
    ])
    expect(results.map((r) => r.kind).sort()).toEqual(['conflict', 'created'])
    expect((await first.revisions('G', '2026-Y', 'B01')).length).toBe(1)
    await Promise.all([first.close(), second.close()])
  })

  it('answers every append of one batch as if each came alone', async () => {
    const [store, other] = await twoWorkers()
    const units = ['A', 'B', 'C', 'D'].map((code) => ({
      code,
      name: `CĐCS ${code}`,
      parent: 'P',
      level: 'grassroots' as const,
    }))
    await store.importUnits(units, audit)
    const at = (unit: string, more: object = {}) => ({ ...submission({ a: 1 }), unit, ...more })
    const idempotency = { key: 'k', requestHash: 'h' }
    await store.appendRevision(at('A', { idempotency }))
    await store.appendRevision(at('B'))
    await store.appendRevision(at('C'))
    await store.review({
      ...at('C'),
      decision: 'accept',
      comment: '',
      reviewer: 'P',
      reviewedAt: '2026-11-21T00:00:00.000Z',
    })
    // Queued in one tick, so committed as one batch: the statement stores what it may, the rest
    // is decided one by one.
    const results = await Promise.all([
      store.appendRevision(at('A', { idempotency })),
      store.appendRevision(at('A', { idempotency: { key: 'k', requestHash: 'other' } })),
      store.appendRevision(at('B', { ifMatch: 3 })),
      store.appendRevision(at('B', { ifMatch: 1 })),
      store.appendRevision(at('C')),
      store.appendRevision(at('D', { ifMatch: 0 })),
      store.appendRevision(at('D', { ifMatch: 0 })),
      store.appendRevision(at('G')),
    ])
    expect(results.map((r) => (r.kind === 'created' ? r.revision.revision : r.kind))).toEqual([
      'replayed',
      'keyReused',
      'conflict',
      2,
      'accepted',
      1,
      'conflict',
      1,
    ])
    const revisions = async (unit: string) =>
      (await other.revisions(unit, '2026-Y', 'B01')).map((r) => r.revision)
    await withinOneSecond(async () => (await other.dataVersion()) === (await store.dataVersion()))
    expect(await revisions('A')).toEqual([1])
    expect(await revisions('B')).toEqual([1, 2])
    expect(await revisions('D')).toEqual([1])
    expect((await other.changedReports(0))?.filter((r) => r.unit === 'D')).toHaveLength(1)
    await Promise.all([store.close(), other.close()])
  })

  it('stores the other appends of a batch when one cannot be stored', async () => {
    const [store, other] = await twoWorkers()
    // PostgreSQL refuses a text holding NUL: the batch's statement fails, each append goes alone.
    const results = await Promise.allSettled([
      store.appendRevision(submission({ a: 1 })),
      store.appendRevision({ ...submission({ a: 2 }), submittedBy: 'G\u0000' }),
      store.appendRevision({ ...submission({ a: 3 }), form: 'B02' }),
    ])
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.kind : 'failed'))).toEqual([
      'created',
      'failed',
      'created',
    ])
    expect((await store.revisions('G', '2026-Y', 'B01')).map((r) => r.values)).toEqual([{ a: 1 }])
    await Promise.all([store.close(), other.close()])
  })

  it('refuses a key revoked at another worker on the next read, and sees its periods', async () => {
    const [first, second] = await twoWorkers()
    const key = { id: 'k', unit: 'G', hash: 'scrypt$x', createdAt: 'x', revokedAt: null }
    await first.addKey(key, audit)
    expect((await second.getKey('k'))?.revokedAt).toBeNull()
    await first.revokeKeys('G', '2026-11-02T00:00:00.000Z', audit)
    expect((await second.getKey('k'))?.revokedAt).toBe('2026-11-02T00:00:00.000Z')
    expect((await second.listPeriods()).map((p) => p.id)).toEqual(['2026-Y'])
    await first.savePeriod(
      { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: false },
      audit,
    )
    await withinOneSecond(async () => (await second.getPeriod('2026-Y'))?.open === false)
    await Promise.all([first.close(), second.close()])
  })

  it('says the store is unavailable when the database is not there', async () => {
    const url = new URL(await freshPostgresUrl())
    url.port = '1'
    await expect(openPostgresStore({ connectionString: url.toString() })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    )
  })
})
