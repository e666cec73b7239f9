/** @module Tests of the demo province: its tree, its periods and submissions, its keys. */
import { describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import { createApp } from '../../worker/app.ts'
import { checkedByContract } from './contract.ts'
import { openSqliteStore } from '../../worker/store/sqlite/store.ts'
import {
  activeDemoKeys,
  demoSignIns,
  demoUnits,
  seedDemo,
  DEMO_KEY_UNITS,
  DEMO_PEOPLE,
} from '../../worker/demo.ts'
import { CHEAP } from './helpers.ts'

describe('the demo province', () => {
  it('is the same tree on every call, of realistic size, with member CĐCS two levels down', () => {
    const units = demoUnits()
    expect(demoUnits()).toEqual(units)
    const byLevel = (level: string) => units.filter((u) => u.level === level).length
    expect(byLevel('province')).toBe(1)
    expect(byLevel('upper')).toBe(12)
    expect(byLevel('grassroots')).toBeGreaterThan(700)
    expect(byLevel('grassroots')).toBeLessThan(800)
    const codes = new Map(units.map((u) => [u.code, u]))
    const members = units.filter((u) => u.parent && codes.get(u.parent)?.level === 'grassroots')
    expect(new Set(members.map((u) => u.parent)).size).toBe(2)
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length)
  })

  it('seeds periods, submissions with missing, late, returned and accepted ones, and working keys', async () => {
    const store = openSqliteStore({ path: ':memory:' })
    const catalog = defaultCatalog()
    const keys = await seedDemo(store, catalog, { secret: 'demo-secret', cost: CHEAP })
    expect(Object.keys(keys)).toEqual([...DEMO_KEY_UNITS])
    expect(await activeDemoKeys(store, 'demo-secret')).toEqual(keys)
    expect((await store.listPeriods()).map((p) => [p.id, p.open])).toEqual([
      ['2025-Y', false],
      ['2026-H1', false],
      ['2026-Y', true],
    ])
    const app = checkedByContract(
      createApp({
        store,
        catalog,
        secrets: { tokenSecret: 'demo-secret' },
        clock: () => new Date('2026-11-23T03:00:00Z'),
      }),
    )
    const signIn = await app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unit: 'BK', key: keys.BK }),
    })
    const { token } = (await signIn.json()) as { token: string }
    const auth = { headers: { authorization: `Bearer ${token}` } }
    const status = (await (
      await app.request('/api/v1/units/BK/periods/2025-Y/status', auth)
    ).json()) as {
      counts: Record<string, number>
    }
    expect(status.counts.none).toBeGreaterThan(0)
    expect(status.counts.late).toBeGreaterThan(0)
    expect(status.counts.returned).toBeGreaterThan(0)
    expect(status.counts.accepted).toBeGreaterThan((status.counts.expected ?? 0) * 0.7)
    const rollup = (await (
      await app.request('/api/v1/units/BK/periods/2025-Y/forms/B01/rollup', auth)
    ).json()) as {
      values: Record<string, number>
    }
    expect(rollup.values['workers.total']).toBeGreaterThan(20_000)
    expect(rollup.values['workers.total']).toBeLessThan(30_000)
    expect(rollup.values['members.total']).toBeGreaterThan(17_000)
    const returned = (await (
      await app.request('/api/v1/units/BK.KCN.001/periods/2026-Y/forms/B01', auth)
    ).json()) as {
      submission: { status: string; review: { comment: string } }
    }
    expect(returned.submission.status).toBe('returned')
    expect(returned.submission.review.comment).toMatch(/gửi lại/)
    expect(
      (await app.request('/api/v1/units/BK.GD.001/periods/2026-Y/forms/B01', auth)).status,
    ).toBe(404)

    // The demo people: a one-time code each, the first password set with it, their names on
    // the reports they sent and reviewed.
    const people = await demoSignIns(store, 'demo-secret')
    expect(people.map((p) => p.login)).toEqual(DEMO_PEOPLE.map((p) => p.login))
    const ha = people.find((p) => p.login === 'ha.thpt')
    expect(ha?.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
    const activated = await app.request('/api/v1/auth/activate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'ha.thpt', code: ha?.code, password: 'truong-chuyen-2026' }),
    })
    expect(activated.status).toBe(200)
    const person = (await activated.json()) as { token: string }
    const mine = (await (
      await app.request('/api/v1/units/BK.GD.001/periods/2025-Y/forms/B01', {
        headers: { authorization: `Bearer ${person.token}` },
      })
    ).json()) as {
      submission: {
        status: string
        submittedByPerson: { name: string } | null
        review: { reviewerPerson: { name: string } | null }
      }
    }
    expect(mine.submission.submittedByPerson?.name).toBe('Đặng Thu Hà')
    expect(mine.submission.status).toBe('accepted')
    expect(mine.submission.review.reviewerPerson?.name).toBe('Hoàng Văn Hùng')
    expect((await demoSignIns(store, 'demo-secret')).find((p) => p.login === 'ha.thpt')?.code).toBe(
      null,
    )
    const schools = (await (
      await app.request('/api/v1/units/BK.GD/periods/2026-Y/status', auth)
    ).json()) as {
      units: { unit: string; reviewerPerson: { name: string } | null; submittedByPerson: unknown }[]
    }
    const reviewed = schools.units.filter((u) => u.reviewerPerson)
    expect(reviewed.length).toBeGreaterThan(10)
    expect(new Set(reviewed.map((u) => u.reviewerPerson?.name))).toEqual(
      new Set(['Hoàng Văn Hùng']),
    )
    const upper = (await (
      await app.request('/api/v1/units/BK.GD/periods/2026-H1/forms/B02', auth)
    ).json()) as { submission: { submittedByPerson: { name: string } | null } }
    expect(upper.submission.submittedByPerson?.name).toBe('Nguyễn Thị Lan')
  })

  it('stores the warnings a real submission would get: 2026-H1 has no earlier H1 to compare with', async () => {
    const store = openSqliteStore({ path: ':memory:' })
    await seedDemo(store, defaultCatalog(), { secret: 'demo-secret', cost: CHEAP })
    const grassroots = demoUnits().filter((u) => u.level === 'grassroots')
    const rules = new Set<string>()
    for (const unit of grassroots.slice(0, 150)) {
      const revision = await store.latestRevision(unit.code, '2026-H1', 'B01')
      for (const warning of revision?.warnings ?? []) {
        rules.add(warning.rule)
      }
    }
    expect([...rules].filter((rule) => rule.startsWith('change:'))).toEqual([])
  })
})
