/**
 * @module Tests of lateness in GET …/status: decided per unit by the rollup's deadline rule, so the
 * status rows and the rollup's coverage agree on both sides of the end of the deadline day.
 */
import { describe, expect, it } from 'vitest'
import { b01, fixture, reportPath } from './helpers.ts'
import type { Fixture } from './helpers.ts'

interface StatusBody {
  counts: { late: number; submitted: number }
  units: { unit: string; status: string; late: boolean }[]
}

async function submitAt(f: Fixture, unit: string, at: string): Promise<void> {
  f.clock.now = Date.parse(at)
  // Signed in afresh at each time: a token lives 12 hours and the clock jumps days.
  const signIn = await f.request('POST', '/api/v1/auth/token', {
    body: { unit, key: f.keys[unit] },
  })
  const { token } = (await signIn.json()) as { token: string }
  const response = await f.request('PUT', reportPath(unit), {
    token,
    body: { formVersion: '2026.1', values: b01() },
  })
  expect(response.status).toBe(201)
}

describe('GET …/status: late by the end of the deadline day in Vietnam', () => {
  it('a unit first submitted at 16:59:59Z on the deadline day is on time, at 17:00:00Z late', async () => {
    const f = await fixture()
    // The period's deadline is 2026-12-15: midnight in Vietnam is 17:00 UTC.
    await submitAt(f, 'G1', '2026-12-15T16:59:59Z')
    await submitAt(f, 'G2', '2026-12-15T17:00:00Z')
    const token = await f.token('P')
    const status = (await (
      await f.request('GET', '/api/v1/units/P/periods/2026-Y/status', { token })
    ).json()) as StatusBody
    const late = (unit: string) => status.units.find((u) => u.unit === unit)?.late
    expect(late('G1')).toBe(false)
    expect(late('G2')).toBe(true)
    expect(status.counts.late).toBe(1)

    const rollup = (await (
      await f.request('GET', `${reportPath('U1')}/rollup`, {
        token,
      })
    ).json()) as {
      coverage: { late: number }
      children: { unit: string; coverage: { late: number } }[]
    }
    expect(rollup.coverage.late).toBe(1)
    expect(rollup.children.find((c) => c.unit === 'G1')?.coverage.late).toBe(0)
    expect(rollup.children.find((c) => c.unit === 'G2')?.coverage.late).toBe(1)
  })

  it("a unit's own lateness does not follow its late member units, nor the other way round", async () => {
    const f = await fixture()
    // G1M is a member CĐCS under G1: the subtree of G1 has a late unit, G1 itself is not late.
    await submitAt(f, 'G1', '2026-12-10T03:00:00Z')
    await submitAt(f, 'G1M', '2026-12-20T03:00:00Z')
    await submitAt(f, 'G3', '2026-12-16T03:00:00Z')
    const status = (await (
      await f.request('GET', '/api/v1/units/U1/periods/2026-Y/status', {
        token: await f.token('U1'),
      })
    ).json()) as StatusBody
    expect(status.units.map((u) => [u.unit, u.status, u.late])).toEqual([
      ['G1', 'submitted', false],
      ['G1M', 'submitted', true],
      ['G2', 'none', false],
    ])
    expect(status.counts).toMatchObject({ late: 1, submitted: 2 })
  })

  it('judges lateness by the first submission: a later correction after the deadline keeps it on time', async () => {
    const f = await fixture()
    await submitAt(f, 'G2', '2026-12-15T16:00:00Z')
    await submitAt(f, 'G2', '2026-12-18T16:00:00Z')
    const status = (await (
      await f.request('GET', '/api/v1/units/U1/periods/2026-Y/status', {
        token: await f.token('U1'),
      })
    ).json()) as StatusBody
    expect(status.units.find((u) => u.unit === 'G2')).toMatchObject({
      status: 'submitted',
      late: false,
    })
  })
})

describe('GET …/status by pages', () => {
  it('gives the first page without offset and limit, and every row page by page with the whole counts', async () => {
    const f = await fixture()
    await submitAt(f, 'G1', '2026-12-01T03:00:00Z')
    const token = await f.token('P')
    const get = async (query: string) =>
      (await (
        await f.request('GET', `/api/v1/units/P/periods/2026-Y/status${query}`, { token })
      ).json()) as StatusBody & { page?: { offset: number; limit: number; total: number } }
    const whole = await get('')
    expect(whole.page).toEqual({ offset: 0, limit: 5000, total: whole.units.length })
    expect(whole.units.length).toBeGreaterThan(3)
    const pages = []
    for (let offset = 0; offset < whole.units.length; offset += 2) {
      const page = await get(`?offset=${offset}&limit=2`)
      expect(page.page).toEqual({ offset, limit: 2, total: whole.units.length })
      expect(page.counts).toEqual(whole.counts)
      pages.push(...page.units)
    }
    expect(pages).toEqual(whole.units)
    const bad = await f.request('GET', '/api/v1/units/P/periods/2026-Y/status?limit=0', { token })
    expect(bad.status).toBe(400)
  })
})
