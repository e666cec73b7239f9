/** @module Tests of the subtree rule on every unit route, for every kind of caller. */
import { describe, expect, it } from 'vitest'
import { b01, fixture, reportPath, type Fixture } from './helpers.ts'
import { revokeKeys } from '../../worker/admin/operations.ts'

type Call = (f: Fixture, token: string | undefined) => Promise<Response>

const target = 'G1'
const routes: Record<string, Call> = {
  'GET unit': (f, token) => f.request('GET', `/api/v1/units/${target}`, { token }),
  'GET children': (f, token) => f.request('GET', `/api/v1/units/${target}/children`, { token }),
  PUT: (f, token) =>
    f.request('PUT', reportPath(target), { token, body: { formVersion: '2026.1', values: b01() } }),
  'GET report': (f, token) => f.request('GET', reportPath(target), { token }),
  review: (f, token) =>
    f.request('POST', `${reportPath(target)}/review`, {
      token,
      body: { decision: 'return', comment: 'Kiểm tra lại' },
    }),
  // A body that is not a workbook: past the subtree check it is a 400, before it a 401/403.
  upload: (f, token) =>
    f.request('POST', `${reportPath(target)}/upload`, { token, raw: 'not xlsx' }),
  rollup: (f, token) => f.request('GET', `${reportPath(target)}/rollup`, { token }),
  status: (f, token) =>
    f.request('GET', `/api/v1/units/${target}/periods/2026-Y/status`, { token }),
}

const allowed = {
  'GET unit': 200,
  'GET children': 200,
  PUT: 201,
  'GET report': 200,
  review: 200,
  upload: 400,
  rollup: 200,
  status: 200,
}
const everywhere = (status: number) =>
  Object.fromEntries(Object.keys(routes).map((r) => [r, status]))

const cases: [string, (f: Fixture) => Promise<string | undefined>, Record<string, number>][] = [
  ['its own unit', (f) => f.token('G1'), { ...allowed, review: 403 }],
  ['the parent (upper union)', (f) => f.token('U1'), allowed],
  ['the province, two levels up', (f) => f.token('P'), allowed],
  ['a member unit below it', (f) => f.token('G1M'), everywhere(403)],
  ['a sibling', (f) => f.token('G2'), everywhere(403)],
  ['a unit in another branch', (f) => f.token('U2'), everywhere(403)],
  ['no token', async () => undefined, everywhere(401)],
  [
    'an expired token',
    async (f) => {
      const token = await f.token('P')
      f.clock.now += 13 * 3600 * 1000
      return token
    },
    everywhere(401),
  ],
  [
    'a revoked key',
    async (f) => {
      const token = await f.token('P')
      await revokeKeys(f.store, 'P', { actor: 'admin', address: null })
      return token
    },
    everywhere(401),
  ],
]

describe('the subtree rule on every route, for unit G1', () => {
  for (const [who, tokenOf, expected] of cases) {
    it(`as ${who}`, async () => {
      const f = await fixture()
      await f.request('PUT', reportPath(target), {
        token: await f.token(target),
        body: { formVersion: '2026.1', values: b01() },
      })
      const token = await tokenOf(f)
      const seen: Record<string, number> = {}
      for (const [name, call] of Object.entries(routes)) {
        seen[name] = (await call(f, token)).status
      }
      expect(seen).toEqual(expected)
    })
  }
})
