/**
 * @module The authorization matrix, generated from /openapi.json: every operation of the contract
 * called by every kind of caller for unit G1 (or for the whole store, on administrative routes),
 * each answer checked against the row of its operation. An operation without a row fails the
 * test, so a new route cannot go in without saying who may call it.
 *
 *   P (province) ─ U1 ─ G1 (the target) ─ G1M      Q: a second parentless province with a key,
 *               │      └ G2                         as an older units:import let in (only in
 *               └ U2 ─ G3                           the second root's case)
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { b01, CHEAP, fixture, OPEN, reportPath, T0, type Fixture } from './helpers.ts'
import { issueKey, revokeKeys } from '../../worker/admin/operations.ts'
import { signToken } from '../../worker/auth/token.ts'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import { errorStatus, type ErrorCode } from '../../shared/api-errors.ts'

type Caller =
  | 'own unit'
  | 'parent'
  | 'province (ancestor, root)'
  | 'descendant'
  | 'sibling'
  | 'other branch'
  | 'second root'
  | 'no token'
  | 'expired token'
  | 'forged token'
  | 'revoked key'

const CALLERS: Caller[] = [
  'own unit',
  'parent',
  'province (ancestor, root)',
  'descendant',
  'sibling',
  'other branch',
  'second root',
  'no token',
  'expired token',
  'forged token',
  'revoked key',
]

/**
 * Who may call an operation: anyone (`public`); the target's subtree, itself and its ancestors
 * (`subtree`); its strict ancestors (`ancestors`: reviews); a root whose tree holds the target
 * (`administrator`: keys); the one root of the store (`root`: what the whole store shares).
 */
type Rule = 'public' | 'subtree' | 'ancestors' | 'administrator' | 'root'

interface Row {
  rule: Rule
  /** The status an allowed caller gets from the call below. */
  allowed: number
  call: (f: Fixture, token: string | undefined) => Promise<Response>
}

const G1 = 'G1'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** One row per operation of the contract, by operationId. */
const ROWS: Record<string, Row> = {
  health: {
    rule: 'public',
    allowed: 200,
    call: (f, token) => f.request('GET', '/api/v1/health', { token }),
  },
  signIn: {
    rule: 'public',
    allowed: 200,
    call: (f, token) =>
      f.request('POST', '/api/v1/auth/token', { token, body: { unit: G1, key: f.keys[G1] } }),
  },
  listForms: {
    rule: 'public',
    allowed: 200,
    call: (f, token) => f.request('GET', '/api/v1/forms', { token }),
  },
  getForm: {
    rule: 'public',
    allowed: 200,
    call: (f, token) => f.request('GET', '/api/v1/forms/B01', { token }),
  },
  getTemplate: {
    rule: 'public',
    allowed: 200,
    call: (f, token) =>
      f.request('GET', `/api/v1/forms/B01/template.xlsx?unit=${G1}&period=${OPEN}`, { token }),
  },
  listPeriods: {
    rule: 'public',
    allowed: 200,
    call: (f, token) => f.request('GET', '/api/v1/periods', { token }),
  },
  loadForm: {
    rule: 'root',
    allowed: 201,
    call: (f, token) =>
      f.request('POST', '/api/v1/forms', {
        token,
        body: { ...defaultCatalog().get('B01'), version: '2099.1' },
      }),
  },
  savePeriod: {
    rule: 'root',
    allowed: 200,
    call: (f, token) =>
      f.request('PUT', '/api/v1/periods/2027-Y', {
        token,
        body: { cutoff: '2027-11-30', deadline: '2027-12-15', open: true },
      }),
  },
  importUnits: {
    rule: 'root',
    allowed: 200,
    call: (f, token) =>
      f.request('POST', '/api/v1/units/import', {
        token,
        headers: { 'content-type': 'text/csv' },
        raw: 'code,name,parent,level\nG9,CĐCS Mới,U1,grassroots\n',
      }),
  },
  listAudit: {
    rule: 'root',
    allowed: 200,
    call: (f, token) => f.request('GET', '/api/v1/audit', { token }),
  },
  getUnit: {
    rule: 'subtree',
    allowed: 200,
    call: (f, token) => f.request('GET', `/api/v1/units/${G1}`, { token }),
  },
  searchUnits: {
    rule: 'subtree',
    allowed: 200,
    call: (f, token) => f.request('GET', `/api/v1/units/${G1}/search?q=CĐCS`, { token }),
  },
  listChildren: {
    rule: 'subtree',
    allowed: 200,
    call: (f, token) => f.request('GET', `/api/v1/units/${G1}/children`, { token }),
  },
  submitReport: {
    rule: 'subtree',
    allowed: 201,
    call: (f, token) =>
      f.request('PUT', reportPath(G1), { token, body: { formVersion: '2026.1', values: b01() } }),
  },
  getReport: {
    rule: 'subtree',
    allowed: 200,
    call: (f, token) => f.request('GET', reportPath(G1), { token }),
  },
  // Not a workbook: past the access check it is a 400, before it a 401 or 403.
  uploadReport: {
    rule: 'subtree',
    allowed: 400,
    call: (f, token) =>
      f.request('POST', `${reportPath(G1)}/upload`, {
        token,
        headers: { 'content-type': XLSX },
        raw: 'not a workbook',
      }),
  },
  importReport: {
    rule: 'subtree',
    allowed: 200,
    call: (f, token) =>
      f.request('POST', `/api/v1/units/${G1}/periods/${OPEN}/imports`, {
        token,
        headers: { 'content-type': XLSX, 'x-file-name': 'G1.xlsx' },
        raw: 'not a workbook',
      }),
  },
  reviewReport: {
    rule: 'ancestors',
    allowed: 200,
    call: (f, token) =>
      f.request('POST', `${reportPath(G1)}/review`, {
        token,
        body: { decision: 'return', comment: 'Kiểm tra lại' },
      }),
  },
  getRollup: {
    rule: 'subtree',
    allowed: 200,
    call: (f, token) => f.request('GET', `${reportPath(G1)}/rollup`, { token }),
  },
  getChildReports: {
    rule: 'subtree',
    allowed: 200,
    call: (f, token) => f.request('GET', `${reportPath(G1)}/children`, { token }),
  },
  getStatus: {
    rule: 'subtree',
    allowed: 200,
    call: (f, token) => f.request('GET', `/api/v1/units/${G1}/periods/${OPEN}/status`, { token }),
  },
  getBreakdown: {
    rule: 'subtree',
    allowed: 200,
    call: (f, token) =>
      f.request('GET', `${reportPath(G1)}/rollup/breakdown?row=members.total`, { token }),
  },
  getTargets: {
    rule: 'subtree',
    allowed: 200,
    call: (f, token) => f.request('GET', `${reportPath(G1)}/targets`, { token }),
  },
  setTargets: {
    rule: 'subtree',
    allowed: 200,
    call: (f, token) =>
      f.request('PUT', `${reportPath(G1)}/targets`, {
        token,
        body: { targets: [{ unit: 'G1M', row: 'members.total', value: 12 }] },
      }),
  },
  // A batch answers 200 and says per figure why one cannot be given: the figure's own status
  // (403 outside the subtree) stands in for the call's.
  getFigures: {
    rule: 'subtree',
    allowed: 200,
    call: async (f, token) => {
      const response = await f.request('POST', '/api/v1/figures', {
        token,
        body: { figures: [{ unit: G1, period: OPEN, row: 'members.total' }] },
      })
      if (response.status !== 200) {
        return response
      }
      const body = (await response.json()) as { figures: { error?: { code: ErrorCode } }[] }
      const error = body.figures[0]?.error
      return new Response(null, { status: error ? errorStatus(error.code) : 200 })
    },
  },
  issueKey: {
    rule: 'administrator',
    allowed: 201,
    call: (f, token) => f.request('POST', `/api/v1/units/${G1}/keys`, { token }),
  },
  // Last: it revokes G1's keys, the own unit's caller among them.
  revokeKeys: {
    rule: 'administrator',
    allowed: 200,
    call: (f, token) => f.request('DELETE', `/api/v1/units/${G1}/keys`, { token }),
  },
}

/** The status a caller gets under a rule: the allowed one, 403 or 401. */
function expected(rule: Rule, caller: Caller, allowed: number): number {
  if (rule === 'public') {
    return allowed
  }
  if (['no token', 'expired token', 'forged token', 'revoked key'].includes(caller)) {
    return 401
  }
  const inSubtree = ['own unit', 'parent', 'province (ancestor, root)'].includes(caller)
  switch (rule) {
    case 'subtree':
      return inSubtree ? allowed : 403
    case 'ancestors':
      return inSubtree && caller !== 'own unit' ? allowed : 403
    case 'administrator':
    case 'root':
      return caller === 'province (ancestor, root)' ? allowed : 403
  }
}

/** A fresh province (with a second root for that caller), G1's report submitted, the caller's token. */
async function setUp(caller: Caller): Promise<{ f: Fixture; token: string | undefined }> {
  const f = await fixture()
  const admin = { actor: 'admin', address: null }
  if (caller === 'second root') {
    // With two roots neither administers what the whole store shares: only the caller's case has Q.
    await f.store.importUnits(
      [{ code: 'Q', name: 'LĐLĐ tỉnh Khác', parent: null, level: 'province' }],
      { ...admin, action: 'units.import', target: 'test', details: {} },
    )
    f.keys.Q = (await issueKey(f.store, 'Q', admin, { cost: CHEAP })).key
  }
  await f.request('PUT', reportPath(G1), {
    token: await f.token(G1),
    body: { formVersion: '2026.1', values: b01() },
  })
  const as = (unit: string) => f.token(unit)
  const tokens: Record<Caller, () => Promise<string | undefined>> = {
    'own unit': () => as('G1'),
    parent: () => as('U1'),
    'province (ancestor, root)': () => as('P'),
    descendant: () => as('G1M'),
    sibling: () => as('G2'),
    'other branch': () => as('G3'),
    'second root': () => as('Q'),
    'no token': async () => undefined,
    'expired token': async () =>
      signToken({ unit: 'P', keyId: f.keyIds.P ?? '', exp: T0 / 1000 - 1 }, 'test-secret'),
    'forged token': async () =>
      signToken({ unit: 'P', keyId: f.keyIds.P ?? '', exp: T0 / 1000 + 3600 }, 'another-secret'),
    'revoked key': async () => {
      const token = await as('P')
      await revokeKeys(f.store, 'P', admin)
      return token
    },
  }
  return { f, token: await tokens[caller]() }
}

let operations: string[] = []

beforeAll(async () => {
  const f = await fixture()
  const document = (await (await f.request('GET', '/openapi.json')).json()) as {
    paths: Record<string, Record<string, { operationId: string }>>
  }
  operations = Object.values(document.paths).flatMap((methods) =>
    Object.values(methods).map((operation) => operation.operationId),
  )
})

describe('the authorization matrix of /openapi.json', () => {
  it('has a row for every operation of the contract, and none for one it lacks', () => {
    expect(operations.length).toBeGreaterThan(0)
    expect([...operations].sort()).toEqual(Object.keys(ROWS).sort())
  })

  for (const caller of CALLERS) {
    it(`as ${caller}, on unit ${G1}`, async () => {
      const { f, token } = await setUp(caller)
      const got: Record<string, number> = {}
      const want: Record<string, number> = {}
      for (const operation of operations) {
        const row = ROWS[operation]
        if (!row) {
          continue
        }
        got[operation] = (await row.call(f, token)).status
        want[operation] = expected(row.rule, caller, row.allowed)
      }
      expect(got).toEqual(want)
    })
  }
})
