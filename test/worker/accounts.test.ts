/**
 * @module Tests of people signing in: accounts added by a unit's administrator, the one-time code,
 * passwords, roles bounding what a person may do, and disabling taking effect at once.
 */
import { describe, expect, it } from 'vitest'
import { b01, errorCode, fixture, PERSON_PASSWORD, reportPath, signedInPerson } from './helpers.ts'
import type { Fixture } from './helpers.ts'
import type { Role } from '../../shared/accounts.ts'

const body = { formVersion: '2026.1', values: b01() }
const PASSWORD = PERSON_PASSWORD

/** Adds an account with the unit key of `admin`, activates it and signs it in: its token. */
function person(f: Fixture, unit: string, login: string, roles: Role[], admin = 'P') {
  return signedInPerson(f, unit, login, roles, { admin })
}

describe('accounts of people', () => {
  it('activates with the one-time code once, refuses weak passwords with the reason, then signs in', async () => {
    const f = await fixture()
    const added = await f.request('POST', '/api/v1/units/G1/accounts', {
      token: await f.token('U1'),
      body: { login: ' Lan@BK.vn ', name: 'Nguyễn Thị Lan', roles: ['lập-biểu'] },
    })
    expect(added.status).toBe(201)
    const { code, account } = (await added.json()) as { code: string; account: unknown }
    expect(account).toMatchObject({ login: 'lan@bk.vn', unit: 'G1', active: false })
    const noPasswordYet = await f.request('POST', '/api/v1/auth/token', {
      body: { login: 'lan@bk.vn', password: 'anything at all' },
    })
    expect(await errorCode(noPasswordYet)).toBe('BAD_CREDENTIALS')
    for (const [password, reason] of [
      ['ngắn quá', 'tooShort'],
      ['LAN@BK.VN ', 'equalsLogin'],
    ] as const) {
      const weak = await f.request('POST', '/api/v1/auth/activate', {
        body: { login: 'lan@bk.vn', code, password },
      })
      expect(weak.status).toBe(400)
      const refused = (await weak.json()) as { error: { code: string; message: string } }
      expect(refused.error.code).toBe('WEAK_PASSWORD')
      expect(refused.error.message).toContain(reason === 'tooShort' ? '10 ký tự' : 'tên đăng nhập')
    }
    const activated = await f.request('POST', '/api/v1/auth/activate', {
      body: { login: 'lan@bk.vn', code, password: PASSWORD },
    })
    expect(activated.status).toBe(200)
    expect(((await activated.json()) as { person: unknown }).person).toEqual({
      login: 'lan@bk.vn',
      name: 'Nguyễn Thị Lan',
      roles: ['lập-biểu'],
    })
    const again = await f.request('POST', '/api/v1/auth/activate', {
      body: { login: 'lan@bk.vn', code, password: 'một mật khẩu khác' },
    })
    expect(await errorCode(again)).toBe('BAD_CREDENTIALS')
    const signedIn = await f.request('POST', '/api/v1/auth/token', {
      body: { login: 'LAN@bk.vn', password: PASSWORD },
    })
    expect(signedIn.status).toBe(200)
    const wrong = await f.request('POST', '/api/v1/auth/token', {
      body: { login: 'lan@bk.vn', password: `${PASSWORD}!` },
    })
    expect(await errorCode(wrong)).toBe('BAD_CREDENTIALS')
    const unknown = await f.request('POST', '/api/v1/auth/token', {
      body: { login: 'nobody', password: PASSWORD },
    })
    expect(await errorCode(unknown)).toBe('BAD_CREDENTIALS')
  })

  it('lets a person do only what their roles allow, and records who did it', async () => {
    const f = await fixture()
    const clerk = await person(f, 'U1', 'clerk.u1', ['lập-biểu'])
    const reviewer = await person(f, 'U1', 'reviewer.u1', ['duyệt'])
    await f.request('PUT', reportPath('G1'), { token: await f.token('G1'), body })
    const review = { decision: 'accept', comment: 'Đạt' }
    const refused = await f.request('POST', `${reportPath('G1')}/review`, {
      token: clerk,
      body: review,
    })
    expect(refused.status).toBe(403)
    const error = (await refused.json()) as { error: { code: string; message: string } }
    expect(error.error).toMatchObject({ code: 'ROLE_REQUIRED' })
    expect(error.error.message).toContain('duyệt')
    const onBehalf = await f.request('PUT', reportPath('G2'), { token: clerk, body })
    expect(await errorCode(onBehalf)).toBe('ROLE_REQUIRED')
    expect(
      (await f.request('POST', `${reportPath('G1')}/review`, { token: reviewer, body: review }))
        .status,
    ).toBe(200)
    const keys = await f.request('POST', '/api/v1/units/G1/keys', {
      token: await person(f, 'P', 'reviewer.p', ['duyệt']),
    })
    expect(await errorCode(keys)).toBe('ROLE_REQUIRED')
    const entry = (await f.store.listAudit({ limit: 100 })).find(
      (e) => e.action === 'review.accept',
    )
    expect(entry).toMatchObject({
      actor: 'U1',
      person: 'Người reviewer.u1 <reviewer.u1>',
      action: 'review.accept',
    })
  })

  it('stops a disabled account and changed roles at the next request', async () => {
    const f = await fixture()
    const token = await person(f, 'U1', 'an.u1', ['duyệt'])
    const status = `/api/v1/units/G1/periods/2026-Y/status`
    const before = await f.request('GET', reportPath('G1'), { token })
    expect(before.status).not.toBe(401)
    const demoted = await f.request('PATCH', '/api/v1/accounts/an.u1', {
      token: await f.token('U1'),
      body: { roles: ['lập-biểu'] },
    })
    expect(demoted.status).toBe(200)
    await f.request('PUT', reportPath('G1'), { token: await f.token('G1'), body })
    const review = await f.request('POST', `${reportPath('G1')}/review`, {
      token,
      body: { decision: 'accept', comment: '' },
    })
    expect(await errorCode(review)).toBe('ROLE_REQUIRED')
    await f.request('PATCH', '/api/v1/accounts/an.u1', {
      token: await f.token('U1'),
      body: { disabled: true },
    })
    const after = await f.request('GET', status, { token })
    expect(after.status).toBe(401)
    expect(await errorCode(after)).toBe('ACCOUNT_DISABLED')
    const signIn = await f.request('POST', '/api/v1/auth/token', {
      body: { login: 'an.u1', password: PASSWORD },
    })
    expect(await errorCode(signIn)).toBe('BAD_CREDENTIALS')
  })

  it('lets an administrator grant no role above their own nor outside their subtree', async () => {
    const f = await fixture()
    const admin = await person(f, 'U1', 'admin.u1', ['quản-trị', 'lập-biểu'])
    const above = await f.request('POST', '/api/v1/units/G1/accounts', {
      token: admin,
      body: { login: 'bbb', name: 'B', roles: ['duyệt'] },
    })
    expect(above.status).toBe(403)
    expect(await errorCode(above)).toBe('ROLE_ABOVE_OWN')
    const outside = await f.request('POST', '/api/v1/units/G3/accounts', {
      token: admin,
      body: { login: 'ccc', name: 'C', roles: ['lập-biểu'] },
    })
    expect(await errorCode(outside)).toBe('NOT_YOURS')
    await person(f, 'U2', 'other', ['lập-biểu'])
    const otherBranch = await f.request('PATCH', '/api/v1/accounts/other', {
      token: admin,
      body: { disabled: true },
    })
    expect(await errorCode(otherBranch)).toBe('ACCOUNT_NOT_FOUND')
    const below = await f.request('POST', '/api/v1/units/G1/accounts', {
      token: admin,
      body: { login: 'ddd', name: 'D', roles: ['lập-biểu'] },
    })
    expect(below.status).toBe(201)
    const taken = await f.request('POST', '/api/v1/units/G2/accounts', {
      token: admin,
      body: { login: 'ddd', name: 'D2', roles: [] },
    })
    expect(await errorCode(taken)).toBe('LOGIN_TAKEN')
    const list = await f.request('GET', '/api/v1/units/G1/accounts', { token: admin })
    expect(((await list.json()) as { accounts: { login: string }[] }).accounts).toEqual([
      expect.objectContaining({ login: 'ddd', roles: ['lập-biểu'], active: false }),
    ])
  })

  it('changes one’s own password; a reset ends the old one and hands a new code', async () => {
    const f = await fixture()
    const token = await person(f, 'G1', 'lan.g1', ['lập-biểu'])
    const byKey = await f.request('POST', '/api/v1/auth/password', {
      token: await f.token('G1'),
      body: { current: 'x', password: 'y' },
    })
    expect(await errorCode(byKey)).toBe('PERSON_ONLY')
    const unitCode = await f.request('POST', '/api/v1/auth/password', {
      token,
      body: { current: PASSWORD, password: 'g1' },
    })
    expect(await errorCode(unitCode)).toBe('WEAK_PASSWORD')
    const changed = await f.request('POST', '/api/v1/auth/password', {
      token,
      body: { current: PASSWORD, password: 'một mật khẩu mới' },
    })
    expect(changed.status).toBe(204)
    const reset = await f.request('POST', '/api/v1/accounts/lan.g1/reset', {
      token: await f.token('U1'),
    })
    expect(reset.status).toBe(200)
    const after = await f.request('GET', reportPath('G1'), { token })
    expect(await errorCode(after)).toBe('ACCOUNT_DISABLED')
    const { code } = (await reset.json()) as { code: string }
    const activated = await f.request('POST', '/api/v1/auth/activate', {
      body: { login: 'lan.g1', code, password: 'lại một mật khẩu' },
    })
    expect(activated.status).toBe(200)
  })
})
