/** @module Tests of signing in: tokens, expiry, revoked keys and the limits on failed attempts. */
import { describe, expect, it } from 'vitest'
import { CHEAP, errorCode, fixture, reportPath, b01 } from './helpers.ts'
import type { Fixture } from './helpers.ts'
import { issueKey, revokeKeys } from '../../worker/admin/operations.ts'
import { verifyKey } from '../../worker/auth/keys.ts'
import { incompleteSignIn } from '../../worker/routes/auth.ts'
import fc from 'fast-check'

/** A fixture whose key checks (one scrypt each) are counted. */
async function counted() {
  const scrypts = { count: 0 }
  const f = await fixture({
    verifyKey: (key, hash) => {
      scrypts.count++
      return verifyKey(key, hash)
    },
  })
  return { f, scrypts }
}

describe('POST /api/v1/auth/token', () => {
  it('gives a token, its expiry and the unit for a right unit and key', async () => {
    const f = await fixture()
    const response = await f.request('POST', '/api/v1/auth/token', {
      body: { unit: 'G1', key: f.keys.G1 },
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { token: string; expiresAt: string; unit: unknown }
    expect(body.unit).toEqual({
      code: 'G1',
      name: 'CĐCS Trường Tiểu học Bằng Vân',
      level: 'grassroots',
    })
    expect(Date.parse(body.expiresAt) - f.clock.now).toBe(12 * 3600 * 1000)
    expect(body.token).toMatch(/^[\w-]+\.[\w-]+$/)
  })

  it('accepts the key typed in lower case without dashes', async () => {
    const f = await fixture()
    const typed = (f.keys.G1 ?? '').replace(/-/g, '').toLowerCase()
    const response = await f.request('POST', '/api/v1/auth/token', {
      body: { unit: 'G1', key: typed },
    })
    expect(response.status).toBe(200)
  })

  it('refuses a wrong key and an unknown unit alike with 401', async () => {
    const f = await fixture()
    const wrong = await f.request('POST', '/api/v1/auth/token', {
      body: { unit: 'G1', key: f.keys.G2 },
    })
    expect(wrong.status).toBe(401)
    expect(await errorCode(wrong)).toBe('BAD_CREDENTIALS')
    const unknown = await f.request('POST', '/api/v1/auth/token', {
      body: { unit: 'NOPE', key: 'x' },
    })
    expect(unknown.status).toBe(401)
    expect(await errorCode(unknown)).toBe('BAD_CREDENTIALS')
  })

  it('says which field a sign-in lacks, in Vietnamese, with a 400 and a code', async () => {
    const f = await fixture()
    const refusal = async (path: string, body: unknown) => {
      const response = await f.request('POST', path, { body })
      expect(response.status).toBe(400)
      return (await response.json()) as { error: { code: string; message: string; details: [] } }
    }
    const token = '/api/v1/auth/token'
    expect((await refusal(token, { unit: 'G1' })).error).toMatchObject({
      code: 'SIGN_IN_INCOMPLETE',
      message: 'Thiếu mã truy cập.',
      details: ['key'],
    })
    expect((await refusal(token, { unit: 'G1', key: '' })).error.message).toBe('Thiếu mã truy cập.')
    expect((await refusal(token, { login: 'lan@bk.vn' })).error).toMatchObject({
      message: 'Thiếu mật khẩu.',
      details: ['password'],
    })
    expect((await refusal(token, { password: 'mật khẩu dài' })).error.message).toBe(
      'Thiếu tên đăng nhập.',
    )
    expect((await refusal(token, { key: 'AAAA-BBBB' })).error.message).toBe('Thiếu mã đơn vị.')
    expect((await refusal(token, {})).error.message).toBe(
      'Thiếu mã đơn vị và mã truy cập, hoặc tên đăng nhập và mật khẩu.',
    )
    // A request with no body at all is read as an empty one, never a server error.
    expect((await refusal(token, undefined)).error.message).toBe(
      'Thiếu mã đơn vị và mã truy cập, hoặc tên đăng nhập và mật khẩu.',
    )
    expect(
      (await refusal('/api/v1/auth/activate', { login: 'lan@bk.vn', code: 'X' })).error.message,
    ).toBe('Thiếu mật khẩu.')
    // Every field given but of the wrong shape: the schema's own problems, field by field.
    expect((await refusal(token, { unit: 'G1', key: 7 })).error.code).toBe('INVALID_REQUEST')
    // Nothing was checked or counted: the right key signs in at once after all of these.
    const right = await f.request('POST', token, { body: { unit: 'G1', key: f.keys.G1 } })
    expect(right.status).toBe(200)
  })

  it('names missing fields exactly when no way of signing in is complete, for every body', () => {
    const ways = [
      ['unit', 'key'],
      ['login', 'password'],
    ] as const
    const field = fc.constantFrom('unit', 'key', 'login', 'password')
    const value = fc.oneof(fc.constant(''), fc.constant(null), fc.string({ minLength: 1 }))
    fc.assert(
      fc.property(fc.dictionary(field, value), (body) => {
        const given = (f: string) => {
          const v = (body as Record<string, unknown>)[f]
          return typeof v === 'string' && v.trim() !== ''
        }
        const complete = ways.some((way) => way.every(given))
        const refusal = incompleteSignIn(body, ways)
        expect(refusal === null).toBe(complete)
        if (refusal) {
          // Every field named is missing, and each way it names lacks at least one.
          const missing = refusal.details as string[]
          expect(missing.length).toBeGreaterThan(0)
          expect(missing.every((f) => !given(f))).toBe(true)
        }
      }),
    )
  })

  it('slows down repeated failures of one unit with 429 and Retry-After, even with the right key', async () => {
    const f = await fixture()
    for (let i = 0; i < 5; i++) {
      const response = await f.request('POST', '/api/v1/auth/token', {
        body: { unit: 'G1', key: 'AAAA-BBBB' },
      })
      expect(response.status).toBe(401)
    }
    const blocked = await f.request('POST', '/api/v1/auth/token', {
      body: { unit: 'G1', key: f.keys.G1 },
    })
    expect(blocked.status).toBe(429)
    expect(await errorCode(blocked)).toBe('TOO_MANY_ATTEMPTS')
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    const other = await f.request('POST', '/api/v1/auth/token', {
      body: { unit: 'G2', key: f.keys.G2 },
    })
    expect(other.status).toBe(200)
    f.clock.now += 15 * 60 * 1000
    const later = await f.request('POST', '/api/v1/auth/token', {
      body: { unit: 'G1', key: f.keys.G1 },
    })
    expect(later.status).toBe(200)
  })

  it('counts a wrong key from one address against that address, not against the unit', async () => {
    const f = await fixture()
    const from = (address: string, key: string) => signInFrom(f, address, key)
    for (let i = 0; i < 5; i++) {
      expect((await from('203.0.113.1', 'AAAA-BBBB')).status).toBe(401)
    }
    expect((await from('203.0.113.1', f.keys.G1 ?? '')).status).toBe(429)
    expect((await from('203.0.113.2', f.keys.G1 ?? '')).status).toBe(200)
  })

  it('slows the wrong answers of a unit failing from many addresses, never the right key', async () => {
    const waits: number[] = []
    const f = await fixture({
      signInLimits: { unitSlowdownAfter: 3, unitSlowdownStepMs: 1000 },
      sleep: async (ms) => {
        waits.push(ms)
      },
    })
    const from = (address: string, key: string) => signInFrom(f, address, key)
    for (let i = 0; i < 15; i++) {
      expect((await from(`198.51.100.${i}`, 'AAAA-BBBB')).status).toBe(401)
    }
    expect(waits).toEqual([
      1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 10000, 10000,
    ])
    expect((await from('198.51.100.200', f.keys.G1 ?? '')).status).toBe(200)
    expect(waits).toHaveLength(12)
  })

  it('signs in with the unit code in any case and with spaces around it', async () => {
    const f = await fixture()
    const response = await f.request('POST', '/api/v1/auth/token', {
      body: { unit: ' g1m ', key: f.keys.G1M },
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { unit: { code: string } }).unit.code).toBe('G1M')
    const token = await f.token('G1')
    const lower = await f.request('GET', '/api/v1/units/u1/children', {
      token: await f.token('U1'),
    })
    expect(((await lower.json()) as { unit: string }).unit).toBe('U1')
    expect((await f.request('GET', '/api/v1/units/g1', { token })).status).toBe(200)
  })

  it('slows down one address failing across many units', async () => {
    const f = await fixture({ signInLimits: { perAddress: 3, windowMs: 60_000 } })
    const env = { incoming: { socket: { remoteAddress: '203.0.113.7' } } }
    const attempt = (unit: string, key: string) =>
      f.app.request(
        '/api/v1/auth/token',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ unit, key }),
        },
        env,
      )
    for (const unit of ['G1', 'G2', 'G3']) {
      expect((await attempt(unit, 'WRONG')).status).toBe(401)
    }
    const blocked = await attempt('U1', f.keys.U1 ?? '')
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBe('60')
  })
})

describe('sign-in under attack', () => {
  it('counts 500 wrong keys sent at once before checking them: 429s that cost no scrypt', async () => {
    const { f, scrypts } = await counted()
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        signInFrom(f, '203.0.113.9', `WRNG-${String(i).padStart(4, '0')}-AAAA-BBBB`),
      ),
    )
    const statuses = answers.map((answer) => answer.status)
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5)
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(495)
    expect(scrypts.count).toBeLessThanOrEqual(5)
    const refused = answers.find((answer) => answer.status === 429)
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another address still signs in.
    expect((await signInFrom(f, '203.0.113.10', f.keys.G1 ?? '')).status).toBe(200)
  })

  it('checks at most two sign-ins of one address at once, the others waiting their turn', async () => {
    let running = 0
    let most = 0
    const f = await fixture({
      verifyKey: async (key, hash) => {
        most = Math.max(most, ++running)
        try {
          return await verifyKey(key, hash)
        } finally {
          running--
        }
      },
    })
    const answers = await Promise.all(
      ['P', 'U1', 'U2', 'G1', 'G2', 'G3'].map(
        async (unit) =>
          await f.app.request(
            '/api/v1/auth/token',
            {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ unit, key: f.keys[unit] }),
            },
            { incoming: { socket: { remoteAddress: '203.0.113.11' } } },
          ),
      ),
    )
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(200))
    expect(most).toBe(2)
  })

  it('costs one scrypt per attempt, whether the unit is unknown, keyless or has many keys', async () => {
    const { f, scrypts } = await counted()
    const admin = { actor: 'admin', address: null }
    const more = [
      await issueKey(f.store, 'G2', admin, { cost: CHEAP }),
      await issueKey(f.store, 'G2', admin, { cost: CHEAP }),
    ]
    await revokeKeys(f.store, 'G3', admin)
    const attempt = async (unit: string, key: string) => {
      const before = scrypts.count
      const response = await f.request('POST', '/api/v1/auth/token', { body: { unit, key } })
      return [response.status, scrypts.count - before]
    }
    expect(await attempt('NOPE', 'AAAA-BBBB-CCCC-DDDD')).toEqual([401, 1])
    expect(await attempt('G3', 'AAAA-BBBB-CCCC-DDDD')).toEqual([401, 1])
    expect(await attempt('G2', 'AAAA-BBBB-CCCC-DDDD')).toEqual([401, 1])
    expect(await attempt('G2', more[1]?.key ?? '')).toEqual([200, 1])
    expect(await attempt('G2', f.keys.G2 ?? '')).toEqual([200, 1])
  })
})

describe('behind a reverse proxy (TRUST_PROXY=1)', () => {
  it('counts failures per client, taken from the last X-Forwarded-For entry', async () => {
    const f = await fixture({
      trustProxy: true,
      signInLimits: { perAddress: 2, windowMs: 60_000 },
    })
    // The proxy appends the address it saw; whatever came before is the client's own claim.
    let claim = 0
    const attempt = (client: string, key: string) =>
      f.request('POST', '/api/v1/auth/token', {
        headers: { 'x-forwarded-for': `10.9.9.${claim++}, ${client}` },
        body: { unit: 'G1', key },
      })
    expect((await attempt('198.51.100.1', 'WRONG')).status).toBe(401)
    expect((await attempt('198.51.100.1', 'WRONG')).status).toBe(401)
    expect((await attempt('198.51.100.1', f.keys.G1 ?? '')).status).toBe(429)
    expect((await attempt('198.51.100.2', f.keys.G1 ?? '')).status).toBe(200)
  })
})

describe('tokens on other routes', () => {
  it('401 without a token, with a forged one, and with an expired one', async () => {
    const f = await fixture()
    const path = reportPath('G1')
    expect((await f.request('GET', path)).status).toBe(401)
    const token = await f.token('G1')
    const forged = `${token.split('.')[0]}.AAAA`
    expect((await f.request('GET', path, { token: forged })).status).toBe(401)
    expect(
      (await f.request('PUT', path, { token, body: { formVersion: '2026.1', values: b01() } }))
        .status,
    ).toBe(201)
    f.clock.now += 12 * 3600 * 1000 + 1000
    const expired = await f.request('GET', path, { token })
    expect(expired.status).toBe(401)
    expect(await errorCode(expired)).toBe('UNAUTHENTICATED')
  })

  it('ends every session of a revoked key at once, and a new key works', async () => {
    const f = await fixture()
    const token = await f.token('G2')
    expect((await f.request('GET', '/api/v1/units/G2', { token })).status).toBe(200)
    await revokeKeys(f.store, 'G2', { actor: 'admin', address: null })
    const revoked = await f.request('GET', '/api/v1/units/G2', { token })
    expect(revoked.status).toBe(401)
    expect(await errorCode(revoked)).toBe('KEY_REVOKED')
    const old = await f.request('POST', '/api/v1/auth/token', {
      body: { unit: 'G2', key: f.keys.G2 },
    })
    expect(old.status).toBe(401)
    const { key } = await issueKey(
      f.store,
      'G2',
      { actor: 'admin', address: null },
      { cost: CHEAP },
    )
    const fresh = await f.request('POST', '/api/v1/auth/token', { body: { unit: 'G2', key } })
    expect(fresh.status).toBe(200)
  })
})

/** G1 signing in with `key` from a client at `address`, as node-server would see it. */
async function signInFrom(f: Fixture, address: string, key: string): Promise<Response> {
  return await f.app.request(
    '/api/v1/auth/token',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unit: 'G1', key }),
    },
    { incoming: { socket: { remoteAddress: address } } },
  )
}
