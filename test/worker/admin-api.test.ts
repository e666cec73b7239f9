/** @module Tests of what the root unit administers through the API: keys, periods, units. */
import { describe, expect, it } from 'vitest'
import { CHEAP, errorCode, fixture, reportPath, type Fixture } from './helpers.ts'
import { issueKey } from '../../worker/admin/operations.ts'

/** A second parentless province with a key, as an older units:import let in. */
async function secondRoot(f: Fixture): Promise<string> {
  const admin = { actor: 'admin', address: null }
  await f.store.importUnits(
    [
      { code: 'Q', name: 'LĐLĐ tỉnh Khác', parent: null, level: 'province' },
      { code: 'Q1', name: 'CĐCS thuộc tỉnh Khác', parent: 'Q', level: 'grassroots' },
    ],
    { ...admin, action: 'units.import', target: 'test', details: {} },
  )
  f.keys.Q = (await issueKey(f.store, 'Q', admin, { cost: CHEAP })).key
  return f.token('Q')
}

describe('the root unit administers through the API', () => {
  it('issues a key that signs in, and revokes it', async () => {
    const f = await fixture()
    const root = await f.token('P')
    const issued = await f.request('POST', '/api/v1/units/G2/keys', { token: root })
    expect(issued.status).toBe(201)
    const { key } = (await issued.json()) as { key: string }
    const signIn = await f.request('POST', '/api/v1/auth/token', { body: { unit: 'G2', key } })
    expect(signIn.status).toBe(200)
    const revoked = await f.request('DELETE', '/api/v1/units/G2/keys', { token: root })
    expect(await revoked.json()).toEqual({ unit: 'G2', revoked: 2 })
    expect(
      (await f.request('POST', '/api/v1/auth/token', { body: { unit: 'G2', key } })).status,
    ).toBe(401)
  })

  it('refuses the same to any other unit (403 ROOT_ONLY), and knows unknown units (404)', async () => {
    const f = await fixture()
    const u1 = await f.token('U1')
    const response = await f.request('POST', '/api/v1/units/G1/keys', { token: u1 })
    expect([response.status, await errorCode(response)]).toEqual([403, 'ROOT_ONLY'])
    expect((await f.request('DELETE', '/api/v1/units/G1/keys', { token: u1 })).status).toBe(403)
    expect(
      (await f.request('POST', '/api/v1/units/NOPE/keys', { token: await f.token('P') })).status,
    ).toBe(404)
  })

  it('opens and closes periods, checking their dates', async () => {
    const f = await fixture()
    const token = await f.token('P')
    const opened = await f.request('PUT', '/api/v1/periods/2027-H1', {
      token,
      body: { cutoff: '2027-05-31', deadline: '2027-06-15', open: true },
    })
    expect(opened.status).toBe(200)
    const closed = await f.request('PUT', '/api/v1/periods/2026-Y', {
      token,
      body: { cutoff: '2026-11-30', deadline: '2026-12-15', open: false },
    })
    expect(closed.status).toBe(200)
    const { periods } = (await (await f.request('GET', '/api/v1/periods')).json()) as {
      periods: { id: string; open: boolean }[]
    }
    expect(periods.map((p) => [p.id, p.open])).toEqual([
      ['2027-H1', true],
      ['2026-Y', false],
      ['2025-Y', false],
    ])
    const bad = await f.request('PUT', '/api/v1/periods/2027-Y', {
      token,
      body: { cutoff: '2027-11-30', deadline: '2027-11-01', open: true },
    })
    expect([bad.status, await errorCode(bad)]).toEqual([422, 'INVALID_PERIOD'])
    const notRoot = await f.request('PUT', '/api/v1/periods/2027-Y', {
      token: await f.token('U1'),
      body: { cutoff: '2027-11-30', deadline: '2027-12-15', open: true },
    })
    expect(notRoot.status).toBe(403)
  })

  it('imports units from CSV, or reports every bad line and imports nothing', async () => {
    const f = await fixture()
    const token = await f.token('P')
    const bad = await f.request('POST', '/api/v1/units/import', {
      token,
      headers: { 'content-type': 'text/csv' },
      raw: 'code,name,parent,level\nG4,CĐCS Mới,U1,grassroots\nG5,,U9,grassroots\nG6,Sai cấp,G1,upper\n',
    })
    expect(bad.status).toBe(422)
    const body = (await bad.json()) as { error: { code: string; details: { line: number }[] } }
    expect(body.error.code).toBe('UNITS_INVALID')
    expect([...new Set(body.error.details.map((d) => d.line))]).toEqual([3, 4])
    const children = async () =>
      (
        (await (await f.request('GET', '/api/v1/units/U1/children', { token })).json()) as {
          children: { code: string }[]
        }
      ).children.map((c) => c.code)
    expect(await children()).toEqual(['G1', 'G2'])
    const good = await f.request('POST', '/api/v1/units/import', {
      token,
      headers: { 'content-type': 'text/csv' },
      raw: '\uFEFFcode;name;parent;level\nG4;CĐCS Trường Mầm non Đức Xuân;U1;grassroots\n',
    })
    expect(await good.json()).toEqual({ imported: 1 })
    expect(await children()).toEqual(['G1', 'G2', 'G4'])
  })

  it('refuses a second root in the units import, naming its line', async () => {
    const f = await fixture()
    const response = await f.request('POST', '/api/v1/units/import', {
      token: await f.token('P'),
      headers: { 'content-type': 'text/csv' },
      raw: 'code,name,parent,level\nG4,CĐCS Mới,U1,grassroots\nQ,LĐLĐ tỉnh Khác,,province\n',
    })
    expect(response.status).toBe(422)
    const body = (await response.json()) as {
      error: { details: { line: number; message: string }[] }
    }
    expect(body.error.details.map((detail) => detail.line)).toEqual([3])
    expect(body.error.details[0]?.message).toContain('đã có đơn vị gốc P')
    expect((await f.store.listUnits()).map((u) => u.code)).not.toContain('Q')
  })

  it('lets a second root administer nothing of the first root’s tree', async () => {
    const f = await fixture()
    const q = await secondRoot(f)
    const key = await f.request('POST', '/api/v1/units/G1/keys', { token: q })
    expect([key.status, await errorCode(key)]).toEqual([403, 'NOT_YOURS'])
    const revoke = await f.request('DELETE', '/api/v1/units/P/keys', { token: q })
    expect([revoke.status, await errorCode(revoke)]).toEqual([403, 'NOT_YOURS'])
    const period = await f.request('PUT', '/api/v1/periods/2026-Y', {
      token: q,
      body: { cutoff: '2026-11-30', deadline: '2026-12-15', open: false },
    })
    expect([period.status, await errorCode(period)]).toEqual([403, 'ROOT_ONLY'])
    expect((await f.store.getPeriod('2026-Y'))?.open).toBe(true)
    const audit = await f.request('GET', '/api/v1/audit', { token: q })
    expect([audit.status, await errorCode(audit)]).toEqual([403, 'ROOT_ONLY'])
    const rollup = await f.request('GET', `${reportPath('P')}/rollup`, { token: q })
    expect(rollup.status).toBe(403)
    const units = await f.request('POST', '/api/v1/units/import', {
      token: q,
      headers: { 'content-type': 'text/csv' },
      raw: 'code,name,parent,level\nG9,CĐCS,U1,grassroots\n',
    })
    expect(units.status).toBe(403)
    // Its own tree it still administers.
    expect((await f.request('POST', '/api/v1/units/Q1/keys', { token: q })).status).toBe(201)
  })
})
