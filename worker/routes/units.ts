/**
 * @module The unit tree: GET /api/v1/units/:unit and …/children, as it stands today (Vietnam's
 * date) and as seen from a unit the token may see; POST /api/v1/units/import, for the root unit,
 * loads units from .csv or .xlsx (every bad line reported, nothing imported when one is bad);
 * GET /api/v1/units/:unit/search finds units of the subtree by code or by name without accents.
 */
import { z } from '@hono/zod-openapi'
import {
  childrenResponseSchema,
  unitResponseSchema,
  unitSearchQuerySchema,
  unitSearchResponseSchema,
} from '../../shared/api-schemas.ts'
import type { UnitDetail, UnitSearchResponse } from '../../shared/api-schemas.ts'
import { matchesSearch, searchKey } from '../../shared/unit-tree.ts'
import type { UnitTree } from '../../shared/unit-tree.ts'
import { formForLevel } from '../../shared/form-catalog.ts'
import type { Services } from '../context.ts'
import { newRouter, unitParamSchema } from '../router.ts'
import { requireSession } from '../auth/session.ts'
import { requireAdministratorOfAll, visibleUnit } from '../access.ts'
import { vietnamDate } from '../../shared/periods.ts'
import { ApiError } from '../errors.ts'
import { clientAddress } from '../router.ts'
import { checkUnitLines, parseUnitsFile } from '../admin/units-file.ts'
import { apiRoute, json } from './responses.ts'

const unitErrors = ['UNIT_NOT_FOUND', 'NOT_YOURS'] as const

function detail(services: Services, tree: UnitTree, code: string): UnitDetail {
  const unit = tree.get(code)
  if (!unit) {
    throw new Error(`unit ${code} vanished from its tree`)
  }
  return {
    code: unit.code,
    name: unit.name,
    level: unit.level,
    parent: unit.parent,
    parentName: unit.parent ? (tree.get(unit.parent)?.name ?? null) : null,
    validFrom: unit.validFrom ?? null,
    validTo: unit.validTo ?? null,
    childCount: tree.children(code).length,
    form: formForLevel(services.catalog, unit.level).id,
  }
}

/** Each tree's names folded once (`searchKey`), so a search reads them without refolding. */
const foldedNames = new WeakMap<UnitTree, Map<string, string>>()

function foldedName(tree: UnitTree, code: string, name: string): string {
  let names = foldedNames.get(tree)
  if (!names) {
    names = new Map()
    foldedNames.set(tree, names)
  }
  let key = names.get(code)
  if (key === undefined) {
    key = searchKey(name)
    names.set(code, key)
  }
  return key
}

/**
 * The units of `root`'s subtree that match `query`, best first: the code itself, then names that
 * start with the query, then codes starting with it or names holding every word, each group by
 * name; at most `limit`.
 */
export function searchUnits(
  tree: UnitTree,
  root: string,
  query: string,
  limit: number,
): UnitSearchResponse['units'] {
  const code = query.toUpperCase()
  const folded = searchKey(query)
  const hits: { rank: number; key: string; hit: UnitSearchResponse['units'][number] }[] = []
  for (const candidate of tree.subtree(root)) {
    const unit = tree.get(candidate)
    if (!unit) {
      continue
    }
    // searchKey is idempotent, so matching the folded name is matching the name.
    const key = foldedName(tree, unit.code, unit.name)
    const rank =
      unit.code === code
        ? 0
        : key.startsWith(folded)
          ? 1
          : unit.code.startsWith(code) || matchesSearch(key, query)
            ? 2
            : -1
    if (rank >= 0) {
      hits.push({
        rank,
        key,
        hit: { code: unit.code, name: unit.name, level: unit.level, parent: unit.parent },
      })
    }
  }
  hits.sort(
    (a, b) =>
      a.rank - b.rank ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
      (a.hit.code < b.hit.code ? -1 : a.hit.code > b.hit.code ? 1 : 0),
  )
  return hits.slice(0, limit).map((entry) => entry.hit)
}

export function unitRoutes(services: Services) {
  const session = requireSession(services)
  const params = z.object({ unit: unitParamSchema })
  const one = apiRoute(
    {
      operationId: 'getUnit',
      method: 'get',
      path: '/api/v1/units/{unit}',
      tags: ['units'],
      summary: 'Một đơn vị / a unit',
      middleware: [session] as const,
      request: { params },
      responses: { 200: json(unitResponseSchema, 'The unit') },
    },
    unitErrors,
  )
  const children = apiRoute(
    {
      operationId: 'listChildren',
      method: 'get',
      path: '/api/v1/units/{unit}/children',
      tags: ['units'],
      summary: 'Các đơn vị trực thuộc / the units directly below',
      middleware: [session] as const,
      request: { params },
      responses: { 200: json(childrenResponseSchema, 'The children') },
    },
    unitErrors,
  )
  const search = apiRoute(
    {
      operationId: 'searchUnits',
      method: 'get',
      path: '/api/v1/units/{unit}/search',
      tags: ['units'],
      summary: 'Tìm đơn vị theo mã hoặc tên (không dấu cũng được) / search units by code or name',
      middleware: [session] as const,
      request: { params, query: unitSearchQuerySchema },
      responses: { 200: json(unitSearchResponseSchema, 'The matches, best first') },
    },
    unitErrors,
  )

  const importUnits = apiRoute(
    {
      operationId: 'importUnits',
      method: 'post',
      path: '/api/v1/units/import',
      tags: ['admin'],
      summary: 'Nạp cây đơn vị từ .csv/.xlsx (đơn vị gốc) / import units (root unit)',
      middleware: [session] as const,
      request: {
        body: {
          required: true,
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string', format: 'binary' },
            },
          },
        },
      },
      responses: {
        200: json(
          z.object({ imported: z.number().int() }).meta({ id: 'ImportedUnits' }),
          'Imported: how many units were added or updated',
        ),
      },
    },
    ['ROOT_ONLY', 'UNITS_INVALID'],
  )

  return newRouter()
    .openapi(importUnits, async (c) => {
      const session = c.get('session')
      requireAdministratorOfAll(await services.units.treeAt(vietnamDate(services.now())), session)
      const kind = (c.req.header('content-type') ?? '').includes('spreadsheetml') ? 'xlsx' : 'csv'
      const lines = await parseUnitsFile(new Uint8Array(await c.req.arrayBuffer()), kind)
      const checked = Array.isArray(lines)
        ? checkUnitLines(lines, await services.store.listUnits())
        : { ok: false as const, problems: [lines] }
      if (!checked.ok) {
        throw new ApiError('UNITS_INVALID', {
          params: { count: checked.problems.length },
          details: checked.problems,
        })
      }
      await services.store.importUnits(checked.units, {
        actor: session.unit,
        address: clientAddress(c),
        action: 'units.import',
        target: 'api',
        details: { count: checked.units.length },
      })
      return c.json({ imported: checked.units.length }, 200)
    })
    .openapi(one, async (c) => {
      const { unit } = c.req.valid('param')
      const tree = await services.units.treeAt(vietnamDate(services.now()))
      visibleUnit(tree, c.get('session'), unit)
      return c.json({ unit: detail(services, tree, unit) }, 200)
    })
    .openapi(search, async (c) => {
      const { unit } = c.req.valid('param')
      const { q, limit } = c.req.valid('query')
      const tree = await services.units.treeAt(vietnamDate(services.now()))
      visibleUnit(tree, c.get('session'), unit)
      return c.json({ units: searchUnits(tree, unit, q, limit) }, 200)
    })
    .openapi(children, async (c) => {
      const { unit } = c.req.valid('param')
      const tree = await services.units.treeAt(vietnamDate(services.now()))
      visibleUnit(tree, c.get('session'), unit)
      return c.json(
        { unit, children: tree.children(unit).map((code) => detail(services, tree, code)) },
        200,
      )
    })
}
