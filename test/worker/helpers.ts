/**
 * @module Test fixtures for the worker: an app over an in-memory SQLite store (or, in the vitest
 * project 'postgres', a PostgreSQL schema of its own) holding a small province, cheap-to-hash keys
 * for every unit, a settable clock, and request helpers. Every answer the app gives is held to
 * its contract (`checkedByContract`, ./contract.ts).
 */
import ExcelJS from 'exceljs'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import type { Unit } from '../../shared/unit-tree.ts'
import { createApp } from '../../worker/app.ts'
import type { AppDeps } from '../../worker/context.ts'
import { afterAll, onTestFinished } from 'vitest'
import { openSqliteStore } from '../../worker/store/sqlite/store.ts'
import { openPostgresStore } from '../../worker/store/postgres/store.ts'
import { freshPostgresUrl } from '../postgres/fresh.ts'
import type { Store } from '../../worker/store/store.ts'
import { issueKey } from '../../worker/admin/operations.ts'
import type { ScryptCost } from '../../worker/auth/keys.ts'
import type { ReportServices } from '../../worker/submit.ts'
import { createUnitDirectory } from '../../worker/unit-directory.ts'
import { checkedByContract } from './contract.ts'
import type { Role } from '../../shared/accounts.ts'

export const CHEAP: ScryptCost = { N: 1024, r: 8, p: 1 }

/**
 * P (province)
 * ├─ U1 (upper) ─ G1 (grassroots) ─ G1M (member CĐCS)
 * │             └ G2
 * └─ U2 (upper) ─ G3 (named like a formula)
 */
export const UNITS: Unit[] = [
  { code: 'P', name: 'LĐLĐ tỉnh Thử Nghiệm', parent: null, level: 'province' },
  { code: 'U1', name: 'Công đoàn ngành Giáo dục', parent: 'P', level: 'upper' },
  { code: 'U2', name: 'Công đoàn các Khu công nghiệp', parent: 'P', level: 'upper' },
  { code: 'G1', name: 'CĐCS Trường Tiểu học Bằng Vân', parent: 'U1', level: 'grassroots' },
  { code: 'G1M', name: 'CĐCS thành viên Tổ Văn phòng', parent: 'G1', level: 'grassroots' },
  { code: 'G2', name: 'CĐCS Trường THCS Cốc Đán', parent: 'U1', level: 'grassroots' },
  {
    code: 'G3',
    name: '=HYPERLINK("http://evil.example","bấm")',
    parent: 'U2',
    level: 'grassroots',
  },
]

export const OPEN = '2026-Y'
export const CLOSED = '2025-Y'
export const T0 = Date.parse('2026-11-23T03:00:00Z')

export function b01(overrides: Record<string, number | string | null> = {}) {
  return {
    'workers.total': 100,
    'workers.women': 60,
    'members.total': 90,
    'members.women': 50,
    'members.new': 4,
    'wage.persons': 100,
    'wage.average': 8_000_000,
    'welfare.amount': 5_000_000,
    'maiam.houses': 1,
    ...overrides,
  }
}

export interface Fixture {
  app: ReturnType<typeof createApp>
  store: Store
  keys: Record<string, string>
  keyIds: Record<string, string>
  clock: { now: number }
  /** What storing a report needs, over the same store and clock as the app (imports in-process). */
  services: ReportServices
  token(unit: string): Promise<string>
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: BodyInit },
  ): Promise<Response>
}

const openedForFile: Store[] = []
afterAll(async () => {
  await Promise.all(openedForFile.splice(0).map((store) => store.close()))
})

/**
 * An empty store of the backend this test project runs on (TEST_STORE=postgres: a PostgreSQL
 * schema of its own), closed when the test (or, opened outside a test, the file) ends.
 */
export async function openTestStore(): Promise<Store> {
  if (process.env.TEST_STORE !== 'postgres') {
    return openSqliteStore({ path: ':memory:' })
  }
  const store = await openPostgresStore({ connectionString: await freshPostgresUrl(), poolSize: 3 })
  try {
    onTestFinished(() => store.close())
  } catch {
    openedForFile.push(store)
  }
  return store
}

/** The app over a small province; in `options.store` (empty) when given, else a test store. */
export async function fixture(
  deps: Partial<AppDeps> = {},
  options: { store?: Store } = {},
): Promise<Fixture> {
  const store = options.store ?? (await openTestStore())
  const clock = { now: T0 }
  const admin = { actor: 'admin', address: null }
  await store.importUnits(UNITS, { ...admin, action: 'units.import', target: 'test', details: {} })
  await store.savePeriod(
    { id: CLOSED, cutoff: '2025-11-30', deadline: '2025-12-15', open: false },
    { ...admin, action: 'period.open', target: CLOSED, details: {} },
  )
  await store.savePeriod(
    { id: OPEN, cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
    { ...admin, action: 'period.open', target: OPEN, details: {} },
  )
  const keys: Record<string, string> = {}
  const keyIds: Record<string, string> = {}
  for (const unit of UNITS) {
    const issued = await issueKey(store, unit.code, admin, { cost: CHEAP })
    keys[unit.code] = issued.key
    keyIds[unit.code] = issued.keyId
  }
  const app = checkedByContract(
    createApp({
      store,
      catalog: defaultCatalog(),
      clock: () => new Date(clock.now),
      secrets: { tokenSecret: 'test-secret' },
      keyCost: CHEAP,
      ...deps,
    }),
  )
  // One sign-in per unit, shared by requests made at once (sign-ins count before they are checked).
  const tokens = new Map<string, Promise<string>>()
  const request: Fixture['request'] = (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.token) {
      headers.authorization = `Bearer ${options.token}`
    }
    let body: BodyInit | undefined = options.raw
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json'
      body = JSON.stringify(options.body)
    }
    return Promise.resolve(
      app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }),
    )
  }
  return {
    app,
    store,
    keys,
    keyIds,
    clock,
    services: {
      store,
      catalog: defaultCatalog(),
      units: createUnitDirectory(store),
      now: () => new Date(clock.now),
    },
    request,
    token(unit) {
      const cached = tokens.get(unit)
      if (cached) {
        return cached
      }
      const signedIn = (async () => {
        const response = await request('POST', '/api/v1/auth/token', {
          body: { unit, key: keys[unit] },
        })
        if (response.status !== 200) {
          tokens.delete(unit)
          throw new Error(`sign-in of ${unit} failed: ${response.status} ${await response.text()}`)
        }
        return ((await response.json()) as { token: string }).token
      })()
      tokens.set(unit, signedIn)
      return signedIn
    },
  }
}

/** A password every test person gets. */
export const PERSON_PASSWORD = 'mùa thu Hà Nội 2026'

/**
 * Adds an account with the unit key of `admin`, activates it and signs it in: its token.
 */
export async function signedInPerson(
  f: Fixture,
  unit: string,
  login: string,
  roles: Role[],
  options: { admin?: string; name?: string } = {},
): Promise<string> {
  const added = await f.request('POST', `/api/v1/units/${unit}/accounts`, {
    token: await f.token(options.admin ?? 'P'),
    body: { login, name: options.name ?? `Người ${login}`, roles },
  })
  if (added.status !== 201) {
    throw new Error(`account ${login}: ${added.status} ${await added.text()}`)
  }
  const { code } = (await added.json()) as { code: string }
  const activated = await f.request('POST', '/api/v1/auth/activate', {
    body: { login, code, password: PERSON_PASSWORD },
  })
  if (activated.status !== 200) {
    throw new Error(`activation of ${login}: ${activated.status}`)
  }
  return ((await activated.json()) as { token: string }).token
}

export function reportPath(unit: string, period = OPEN, form = 'B01'): string {
  return `/api/v1/units/${unit}/periods/${period}/forms/${form}`
}

export async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: { code?: string } }
  return body.error?.code ?? `(no error body, status ${response.status})`
}

/** G1's 2026-Y template with `values` typed into their rows' cells, as a clerk fills it anywhere. */
export async function filledTemplate(f: Fixture, values: Record<string, number | string>) {
  const response = await f.request('GET', '/api/v1/forms/B01/template.xlsx?unit=G1&period=2026-Y')
  if (response.status !== 200) {
    throw new Error(`template: ${response.status}`)
  }
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(await response.arrayBuffer())
  const sheet = workbook.worksheets[0]
  if (!sheet) {
    throw new Error('the template has no sheet')
  }
  let codeColumn = 0
  let valueColumn = 0
  sheet.eachRow((row) => {
    row.eachCell((cell, col) => {
      if (cell.value === 'Mã dòng') {
        codeColumn = col
      }
      if (cell.value === 'Số lượng') {
        valueColumn = col
      }
    })
  })
  sheet.eachRow((row) => {
    const code = row.getCell(codeColumn).value
    if (typeof code === 'string' && code in values) {
      row.getCell(valueColumn).value = values[code] ?? null
    }
  })
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
