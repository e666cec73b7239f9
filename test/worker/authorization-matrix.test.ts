/**
 * @module The authorization matrix, generated from /openapi.json: every operation of the contract
 * called by every kind of caller for unit G1 (or for the whole store, on administrative routes),
 * each answer checked against the row of its operation. An operation without a row fails the
 * test, so a new route cannot go in without saying who may call it.
 *
 *   P (province) ─ U1 ─ G1 (the target) ─ G1M      Q: a second parentless province with a key,
 *               │      └ G2                         as an older units:import let in (only in
 *               └ U2 ─ G3                           the second root's case)
 *
 * Besides unit keys (the unit's full rights), people call every operation: each role alone, signed
 * in at the target, an ancestor, a descendant, a sibling and another branch. A person does what
 * the subtree rule lets their unit do, and of that only what their roles allow.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { b01, CHEAP, fixture, OPEN, reportPath, T0, type Fixture } from './helpers.ts'
import { issueKey, revokeKeys } from '../../worker/admin/operations.ts'
import { signToken } from '../../worker/auth/token.ts'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import { addAccount, setDisabled } from '../../worker/admin/accounts.ts'
import { allows, ROLES, type Permission, type Role } from '../../shared/accounts.ts'
import { errorStatus, type ErrorCode } from '../../shared/api-errors.ts'

type KeyCaller =
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
  | 'disabled account'

/** Where a person is signed in, as the unit-key callers of the same place. */
const PLACES = {
  'own unit': 'G1',
  parent: 'U1',
  'province (ancestor, root)': 'P',
  descendant: 'G1M',
  sibling: 'G2',
  'other branch': 'G3',
} as const
type Place = keyof typeof PLACES
type Caller = KeyCaller | `${Role} at ${Place}`

const PASSWORD = 'mật khẩu thử nghiệm'

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
  'disabled account',
  ...ROLES.flatMap((role) =>
    (Object.keys(PLACES) as Place[]).map((place): Caller => `${role} at ${place}`),
  ),
]

/**
 * Who may call an operation: anyone (`public`); the target's subtree, itself and its ancestors
 * (`subtree`); its strict ancestors (`ancestors`: reviews); a root whose tree holds the target
 * (`administrator`: keys); the one root of the store (`root`: what the whole store shares).
 */
type Rule = 'public' | 'subtree' | 'ancestors' | 'administrator' | 'root' | 'person' | 'account'

interface Row {
  rule: Rule
  /** What a person's roles must allow; `entering`: `enter` at their own unit, `review` below. */
  needs?: Permission | 'entering'
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
    needs: 'administer',
    rule: 'root',
    allowed: 201,
    call: (f, token) =>
      f.request('POST', '/api/v1/forms', {
        token,
        body: { ...defaultCatalog().get('B01'), version: '2099.1' },
      }),
  },
  savePeriod: {
    needs: 'administer',
    rule: 'root',
    allowed: 200,
    call: (f, token) =>
      f.request('PUT', '/api/v1/periods/2027-Y', {
        token,
        body: { cutoff: '2027-11-30', deadline: '2027-12-15', open: true },
      }),
  },
  importUnits: {
    needs: 'administer',
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
    needs: 'administer',
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
    needs: 'entering',
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
  printReport: {
    rule: 'subtree',
    allowed: 200,
    call: (f, token) => f.request('GET', `${reportPath(G1)}/print.xlsx`, { token }),
  },
  // Not a workbook: past the access check it is a 400, before it a 401 or 403.
  uploadReport: {
    needs: 'entering',
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
    needs: 'review',
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
    needs: 'review',
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
  activateAccount: {
    rule: 'public',
    allowed: 401,
    call: (f, token) =>
      f.request('POST', '/api/v1/auth/activate', {
        token,
        body: { login: 'clerk.g1', code: 'WRONG-CODE', password: PASSWORD },
      }),
  },
  changePassword: {
    rule: 'person',
    allowed: 204,
    call: (f, token) =>
      f.request('POST', '/api/v1/auth/password', {
        token,
        body: { current: PASSWORD, password: `${PASSWORD} mới` },
      }),
  },
  listAccounts: {
    needs: 'administer',
    rule: 'subtree',
    allowed: 200,
    call: (f, token) => f.request('GET', `/api/v1/units/${G1}/accounts`, { token }),
  },
  addAccount: {
    needs: 'administer',
    rule: 'subtree',
    allowed: 201,
    call: (f, token) =>
      f.request('POST', `/api/v1/units/${G1}/accounts`, {
        token,
        body: { login: 'new.g1', name: 'Người mới', roles: [] },
      }),
  },
  changeAccount: {
    needs: 'administer',
    rule: 'account',
    allowed: 200,
    call: (f, token) =>
      f.request('PATCH', '/api/v1/accounts/clerk.g1', { token, body: { roles: [] } }),
  },
  resetPassword: {
    needs: 'administer',
    rule: 'account',
    allowed: 200,
    call: (f, token) => f.request('POST', '/api/v1/accounts/clerk.g1/reset', { token }),
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
    needs: 'review',
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
    needs: 'administer',
    rule: 'administrator',
    allowed: 201,
    call: (f, token) => f.request('POST', `/api/v1/units/${G1}/keys`, { token }),
  },
  // Last: it revokes G1's keys, the own unit's caller among them.
  revokeKeys: {
    needs: 'administer',
    rule: 'administrator',
    allowed: 200,
    call: (f, token) => f.request('DELETE', `/api/v1/units/${G1}/keys`, { token }),
  },
}

/** The person a caller is: their roles and where they sit; null for a unit key. */
function personOf(caller: Caller): { roles: Role[]; place: Place } | null {
  const match = /^(.+) at (.+)$/.exec(caller)
  return match ? { roles: [match[1] as Role], place: match[2] as Place } : null
}

/** The status a caller gets under a rule: the allowed one, 403, 404 or 401. */
function expected(row: Row, caller: Caller): number {
  const { rule, allowed } = row
  if (rule === 'public') {
    return allowed
  }
  if (
    ['no token', 'expired token', 'forged token', 'revoked key', 'disabled account'].includes(
      caller,
    )
  ) {
    return 401
  }
  const person = personOf(caller)
  const place: string = person?.place ?? caller
  const inSubtree = ['own unit', 'parent', 'province (ancestor, root)'].includes(place)
  const needs = row.needs === 'entering' ? (place === 'own unit' ? 'enter' : 'review') : row.needs
  const rolesAllow = !person || needs === undefined || allows(person.roles, needs)
  // The unit's rule first (a unit outside the subtree is NOT_YOURS whatever the roles), then
  // the roles (ROLE_REQUIRED).
  const under = (unitAllows: boolean, refused = 403) =>
    !unitAllows ? refused : rolesAllow ? allowed : 403
  switch (rule) {
    case 'person':
      return person ? allowed : 403
    case 'subtree':
      return under(inSubtree)
    case 'account':
      return person && !rolesAllow ? 403 : under(inSubtree, 404)
    case 'ancestors':
      return place === 'own unit' && inSubtree ? 403 : under(inSubtree && place !== 'own unit')
    case 'administrator':
    case 'root':
      return under(place === 'province (ancestor, root)')
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
  // The account the account rows change: a clerk of G1.
  await addAccount(
    f.store,
    { login: 'clerk.g1', name: 'Người lập biểu', unit: G1, roles: [] },
    admin,
    {
      cost: CHEAP,
    },
  )
  const person = personOf(caller)
  if (person || caller === 'disabled account') {
    const { roles, place } = person ?? {
      roles: ['duyệt'],
      place: 'province (ancestor, root)' as const,
    }
    const login = 'caller.person'
    const code = await addAccount(
      f.store,
      { login, name: 'Người gọi', unit: PLACES[place], roles },
      admin,
      {
        cost: CHEAP,
      },
    )
    const activated = await f.request('POST', '/api/v1/auth/activate', {
      body: { login, code, password: PASSWORD },
    })
    const { token } = (await activated.json()) as { token: string }
    if (caller === 'disabled account') {
      await setDisabled(f.store, login, true, admin)
    }
    return { f, token }
  }
  const as = (unit: string) => f.token(unit)
  const tokens: Record<
    Exclude<KeyCaller, 'disabled account'>,
    () => Promise<string | undefined>
  > = {
    'own unit': () => as('G1'),
    parent: () => as('U1'),
    'province (ancestor, root)': () => as('P'),
    descendant: () => as('G1M'),
    sibling: () => as('G2'),
    'other branch': () => as('G3'),
    'second root': () => as('Q'),
    'no token': async () => undefined,
    'expired token': async () =>
      signToken(
        { unit: 'P', keyId: f.keyIds.P ?? '', login: null, exp: T0 / 1000 - 1 },
        'test-secret',
      ),
    'forged token': async () =>
      signToken(
        { unit: 'P', keyId: f.keyIds.P ?? '', login: null, exp: T0 / 1000 + 3600 },
        'another-secret',
      ),
    'revoked key': async () => {
      const token = await as('P')
      await revokeKeys(f.store, 'P', admin)
      return token
    },
  }
  return { f, token: await tokens[caller as Exclude<KeyCaller, 'disabled account'>]() }
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
        want[operation] = expected(row, caller)
      }
      expect(got).toEqual(want)
    })
  }
})
