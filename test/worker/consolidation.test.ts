/**
 * @module Tests of the in-memory mirror behind rollups (worker/consolidation.ts): after our own
 * writes, after reviews, and after another process (the admin command line, a second worker)
 * wrote to the same database, every rollup counts the latest figures.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import { createApp } from '../../worker/app.ts'
import { checkedByContract } from './contract.ts'
import { openSqliteStore } from '../../worker/store/sqlite/store.ts'
import { issueKey } from '../../worker/admin/operations.ts'
import { b01, CHEAP, OPEN, reportPath, T0, UNITS } from './helpers.ts'

const admin = { actor: 'admin', address: null }

/** The test province in a SQLite file with a second connection to it (another process), signed in as P. */
async function province() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mirror-')), 'db.sqlite')
  const store = openSqliteStore({ path: file })
  const other = openSqliteStore({ path: file })
  await store.importUnits(UNITS, { ...admin, action: 'units.import', target: 't', details: {} })
  await store.savePeriod(
    { id: OPEN, cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
    { ...admin, action: 'period.open', target: OPEN, details: {} },
  )
  const keys: Record<string, string> = {}
  for (const unit of ['P', 'G1', 'G2']) {
    keys[unit] = (await issueKey(store, unit, admin, { cost: CHEAP })).key
  }
  const app = checkedByContract(
    createApp({
      store,
      catalog: defaultCatalog(),
      clock: () => new Date(T0),
      secrets: { tokenSecret: 't' },
    }),
  )
  const call = async (method: string, url: string, token?: string, body?: unknown) =>
    app.request(url, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
  const token = async (unit: string) =>
    (
      (await (
        await call('POST', '/api/v1/auth/token', undefined, { unit, key: keys[unit] })
      ).json()) as { token: string }
    ).token
  const root = await token('P')
  const rollup = async () =>
    (await (await call('GET', `${reportPath('P')}/rollup`, root)).json()) as {
      values: Record<string, number | null>
      coverage: { submitted: number; accepted: number }
    }

  const put = async (unit: string, members: number) =>
    expect(
      (
        await call('PUT', reportPath(unit), await token(unit), {
          formVersion: '2026.1',
          values: b01({ 'members.total': members, 'members.women': 10, 'members.new': 1 }),
        })
      ).status,
    ).toBe(201)
  return { store, other, call, root, rollup, put }
}

describe('rollups after writes', () => {
  it('count our own writes, reviews and another process’s writes to the same database', async () => {
    const { store, other, call, root, rollup, put } = await province()
    await put('G1', 50)
    expect((await rollup()).values['members.total']).toBe(50)
    await put('G2', 30)
    await put('G1', 60)
    expect((await rollup()).values['members.total']).toBe(90)

    const reviewed = await call('POST', `${reportPath('G2')}/review`, root, {
      decision: 'accept',
      comment: '',
    })
    expect(reviewed.status).toBe(200)
    expect((await rollup()).coverage.accepted).toBe(1)

    await other.appendRevision({
      unit: 'G1',
      period: OPEN,
      form: 'B01',
      formVersion: '2026.1',
      values: b01({ 'members.total': 70, 'members.women': 10, 'members.new': 1 }),
      warnings: [],
      acknowledgedWarnings: [],
      submittedAt: new Date(T0).toISOString(),
      submittedBy: 'G1',
      audit: { ...admin, action: 'submission.create', target: 'G1', details: {} },
    })
    const after = await rollup()
    expect(after.values['members.total']).toBe(100)
    expect(after.coverage.accepted).toBe(1)
    await put('G1', 80)
    expect((await rollup()).values['members.total']).toBe(110)
    await store.close()
    await other.close()
  })

  it('stay right for a period asked for again after many others pushed it out of memory', async () => {
    const { store, rollup, put, call, root } = await province()
    await put('G1', 50)
    expect((await rollup()).values['members.total']).toBe(50)
    const months = Array.from({ length: 12 }, (_, i) => `2026-M${String(i + 1).padStart(2, '0')}`)
    for (const [i, id] of months.entries()) {
      const cutoff = `2026-${String(i + 1).padStart(2, '0')}-28`
      await store.savePeriod(
        { id, cutoff, deadline: cutoff, open: true },
        { ...admin, action: 'period.open', target: id, details: {} },
      )
      for (const view of ['latest', 'accepted']) {
        const response = await call('GET', `${reportPath('P', id)}/rollup?view=${view}`, root)
        expect(response.status).toBe(200)
      }
    }
    await put('G2', 30)
    expect((await rollup()).values['members.total']).toBe(80)
    await store.close()
  })
})
