/**
 * @module Tests of what the pane shares with the CONGDOAN functions' own runtime through
 * OfficeRuntime.storage: the session at sign-in, gone at sign-out or expiry, and a recalculation
 * of the workbook (office-addin-mock) when that changes what the functions see.
 */
import { OfficeMockObject } from 'office-addin-mock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  FUNCTIONS_SESSION_KEY,
  functionsSession,
  sharedSession,
  shareSession,
} from '../../addin/functions/functions-session.ts'
import { sessionChanged } from '../../addin/functions/pane-link.ts'
import type { TokenResponse } from '../../shared/api-schemas.ts'

/** OfficeRuntime.storage's shape over a map: strings only, every answer a promise. */
function runtimeStorage() {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (key: string) => Promise.resolve(map.get(key) ?? null),
    setItem: (key: string, value: string) => Promise.resolve(void map.set(key, value)),
    removeItem: (key: string) => Promise.resolve(void map.delete(key)),
  }
}

const signedIn: TokenResponse = {
  token: 'tok-1',
  expiresAt: '2026-11-30T07:00:00.000Z',
  unit: { code: 'BK', name: 'LĐLĐ tỉnh Bắc Kạn', level: 'province' },
  person: { login: 'lan', name: 'Nguyễn Thị Lan', roles: ['duyệt'] },
}
const now = Date.parse('2026-11-29T07:00:00.000Z')

describe('the session shared with the functions', () => {
  it('holds what the functions need, with an absolute worker address', async () => {
    const storage = runtimeStorage()
    expect(await shareSession(storage, functionsSession(signedIn, 'https://baocao.vn/'))).toBe(true)
    expect(await sharedSession(storage, now)).toEqual({
      baseUrl: 'https://baocao.vn',
      token: 'tok-1',
      expiresAt: signedIn.expiresAt,
      unit: signedIn.unit,
      person: signedIn.person,
    })
  })

  it('changes nothing when a reopened pane shares the same session, and is gone at sign-out', async () => {
    const storage = runtimeStorage()
    const session = functionsSession(signedIn, 'https://baocao.vn')
    await shareSession(storage, session)
    expect(await shareSession(storage, session)).toBe(false)
    expect(
      await shareSession(
        storage,
        functionsSession({ ...signedIn, token: 'tok-2' }, 'https://baocao.vn'),
      ),
    ).toBe(true)
    expect(await shareSession(storage, null)).toBe(true)
    expect(storage.map.has(FUNCTIONS_SESSION_KEY)).toBe(false)
    expect(await shareSession(storage, null)).toBe(false)
  })

  it('is never used past its expiry, nor when unreadable: it is removed', async () => {
    const storage = runtimeStorage()
    await shareSession(storage, functionsSession(signedIn, 'https://baocao.vn'))
    expect(await sharedSession(storage, Date.parse(signedIn.expiresAt))).toBeNull()
    expect(storage.map.has(FUNCTIONS_SESSION_KEY)).toBe(false)
    storage.map.set(FUNCTIONS_SESSION_KEY, '{"token":')
    expect(await sharedSession(storage, now)).toBeNull()
    expect(storage.map.size).toBe(0)
  })
})

describe('sessionChanged, the pane’s hook at sign-in and sign-out', () => {
  const globals = globalThis as Record<string, unknown>
  let calculations: string[]
  let storage: ReturnType<typeof runtimeStorage>

  beforeEach(() => {
    calculations = []
    storage = runtimeStorage()
    globals.OfficeRuntime = { storage }
    const excel = new OfficeMockObject({
      context: {
        application: {
          calculate(type: string) {
            calculations.push(type)
          },
        },
      },
      run: async function (
        this: { context: unknown },
        batch: (context: unknown) => Promise<unknown>,
      ) {
        return batch(this.context)
      },
    })
    globals.Excel = excel
  })
  afterEach(() => {
    delete globals.OfficeRuntime
    delete globals.Excel
  })

  it('recalculates the workbook when the functions gain or lose a session, not otherwise', async () => {
    await sessionChanged(signedIn, '', 'https://baocao.vn')
    expect(calculations).toEqual(['Full'])
    expect(JSON.parse(storage.map.get(FUNCTIONS_SESSION_KEY) ?? 'null')).toMatchObject({
      baseUrl: 'https://baocao.vn',
      token: 'tok-1',
    })
    // The pane reopened with the same session: the cells already have their figures.
    await sessionChanged(signedIn, '', 'https://baocao.vn')
    expect(calculations).toEqual(['Full'])
    await sessionChanged(null, '', 'https://baocao.vn')
    expect(calculations).toEqual(['Full', 'Full'])
    expect(storage.map.size).toBe(0)
  })

  it('leaves the functions signed out after a sign-out that follows a sign-in at once', async () => {
    const signingIn = sessionChanged(signedIn, '', 'https://baocao.vn')
    await sessionChanged(null, '', 'https://baocao.vn')
    await signingIn
    expect(storage.map.has(FUNCTIONS_SESSION_KEY)).toBe(false)
    expect(calculations).toEqual(['Full', 'Full'])
  })

  it('does nothing outside Office', async () => {
    delete globals.OfficeRuntime
    await sessionChanged(signedIn, '', 'https://baocao.vn')
    expect(calculations).toEqual([])
  })
})
