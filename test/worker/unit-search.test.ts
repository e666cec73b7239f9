/**
 * @module Tests of GET /api/v1/units/:unit/search: accent-free names, code prefixes, best matches
 * first, the limit, and the subtree rule of the other unit routes.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { UnitSearchResponse } from '../../shared/api-schemas.ts'
import { treeAt } from '../../shared/unit-tree.ts'
import type { Unit } from '../../shared/unit-tree.ts'
import { searchUnits } from '../../worker/routes/units.ts'
import { errorCode, fixture } from './helpers.ts'
import type { Fixture } from './helpers.ts'

const admin = { actor: 'admin', address: null }

async function withBacKan(): Promise<Fixture> {
  const f = await fixture()
  const more: Unit[] = [
    { code: 'G4', name: 'CĐCS Sở Y tế Bắc Kạn', parent: 'U1', level: 'grassroots' },
    { code: 'G5', name: 'Bắc Kạn: CĐCS Bệnh viện tỉnh', parent: 'U1', level: 'grassroots' },
    { code: 'G6', name: 'CĐCS Chợ Mới', parent: 'U2', level: 'grassroots' },
    { code: 'G7', name: 'CĐCS Khách sạn Bắc Kạn', parent: 'U2', level: 'grassroots' },
  ]
  await f.store.importUnits(more, { ...admin, action: 'units.import', target: 't', details: {} })
  return f
}

async function search(f: Fixture, as: string, unit: string, query: string) {
  const response = await f.request('GET', `/api/v1/units/${unit}/search?${query}`, {
    token: await f.token(as),
  })
  return response
}

async function codes(response: Response): Promise<string[]> {
  expect(response.status).toBe(200)
  return ((await response.json()) as UnitSearchResponse).units.map((unit) => unit.code)
}

describe('GET /api/v1/units/:unit/search', () => {
  it('finds names without accents, names starting with the query first', async () => {
    const f = await withBacKan()
    const response = await search(f, 'P', 'P', 'q=Bac%20Kan')
    expect(await codes(response.clone())).toEqual(['G5', 'G7', 'G4'])
    const body = (await response.json()) as UnitSearchResponse
    expect(body.units[0]).toEqual({
      code: 'G5',
      name: 'Bắc Kạn: CĐCS Bệnh viện tỉnh',
      level: 'grassroots',
      parent: 'U1',
    })
    expect(await codes(await search(f, 'P', 'P', 'q=kạn%20bắc'))).toEqual(['G5', 'G7', 'G4'])
  })

  it('puts the exact code first, then code prefixes, in any case', async () => {
    const f = await withBacKan()
    expect(await codes(await search(f, 'P', 'P', 'q=g1'))).toEqual(['G1', 'G1M'])
    expect(await codes(await search(f, 'P', 'P', 'q=%20g1m%20'))).toEqual(['G1M'])
  })

  it('keeps to the subtree of the unit asked, and to at most limit units', async () => {
    const f = await withBacKan()
    expect(await codes(await search(f, 'U1', 'U1', 'q=bac%20kan'))).toEqual(['G5', 'G4'])
    expect(await codes(await search(f, 'P', 'P', 'q=cdcs&limit=2'))).toHaveLength(2)
    expect(await codes(await search(f, 'P', 'P', 'q=cdcs'))).toHaveLength(7)
    const tooMany = await search(f, 'P', 'P', 'q=cdcs&limit=101')
    expect([tooMany.status, await errorCode(tooMany)]).toEqual([400, 'INVALID_REQUEST'])
  })

  it('refuses a unit outside the token’s subtree (403), an unknown one (404), no token (401)', async () => {
    const f = await withBacKan()
    const sibling = await search(f, 'U1', 'U2', 'q=bac')
    expect([sibling.status, await errorCode(sibling)]).toEqual([403, 'NOT_YOURS'])
    expect((await search(f, 'P', 'NOPE', 'q=bac')).status).toBe(404)
    expect((await f.request('GET', '/api/v1/units/P/search?q=bac')).status).toBe(401)
  })

  it('is listed in /openapi.json with its response schema', async () => {
    const f = await fixture()
    const doc = (await (await f.request('GET', '/openapi.json')).json()) as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.paths['/api/v1/units/{unit}/search']?.get?.responses['200']).toBeDefined()
    expect(doc.components.schemas.UnitSearchResponse).toBeDefined()
  })

  it('returns only matches, never more than the limit, ranked by the stated order', () => {
    const word = fc.constantFrom('Bắc', 'Kạn', 'Chợ', 'Đồn', 'Mới', 'Na', 'Rì', 'cdcs')
    fc.assert(
      fc.property(
        fc.array(fc.array(word, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
        fc.array(word, { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 1, max: 10 }),
        (names, queryWords, limit) => {
          const units: Unit[] = [
            { code: 'R', name: 'Gốc', parent: null, level: 'province' },
            ...names.map((words, i) => ({
              code: `R.${i}`,
              name: words.join(' '),
              parent: 'R',
              level: 'grassroots' as const,
            })),
          ]
          const tree = treeAt(units, '2026-11-23')
          const query = queryWords.join(' ').normalize('NFD').replace(/\p{M}/gu, '')
          const hits = searchUnits(tree, 'R', query, limit)
          const fold = (s: string) =>
            s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase()
          const matching = units.filter((u) =>
            fold(query)
              .split(' ')
              .every((w) => fold(u.name).includes(w)),
          )
          expect(hits.length).toBe(Math.min(limit, matching.length))
          const starts = hits.map((h) => fold(h.name).startsWith(fold(query)))
          expect(starts).toEqual([...starts].sort((a, b) => Number(b) - Number(a)))
        },
      ),
    )
  })
})
