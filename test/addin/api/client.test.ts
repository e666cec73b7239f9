/** @module Tests of the API client: failures come back as values with a code and a Vietnamese message. */
import { describe, expect, it } from 'vitest'
import { ApiClient, type Fetch } from '../../../addin/api/client.ts'

const answering =
  (status: number, body: unknown): Fetch =>
  async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('ApiClient', () => {
  it('gives the worker’s error code and Vietnamese message, not an exception', async () => {
    const api = new ApiClient({
      baseUrl: 'http://w',
      fetch: answering(401, {
        error: {
          code: 'BAD_CREDENTIALS',
          message: 'Sai mã đơn vị hoặc khóa truy cập.',
          messageEn: 'Wrong unit or key.',
        },
      }),
    })
    const result = await api.signIn('G1', 'x')
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_CREDENTIALS',
        message: 'Sai mã đơn vị hoặc khóa truy cập.',
        status: 401,
        retryable: false,
      },
    })
  })

  it('signs a person in with the login as the worker keeps it, and changes a password (204)', async () => {
    const sent: { url: string; body: unknown }[] = []
    const api = new ApiClient({
      baseUrl: 'http://w',
      fetch: async (url, init) => {
        sent.push({ url, body: JSON.parse(init?.body as string) })
        return url.endsWith('/password')
          ? new Response(null, { status: 204 })
          : new Response('{"token":"t"}', { status: 200 })
      },
    })
    expect((await api.signInPerson(' Lan@BK.vn ', 'mat-khau')).ok).toBe(true)
    expect(await api.activate('LAN', ' ABC-123 ', 'mat-khau-moi-1')).toMatchObject({ ok: true })
    expect(await api.changePassword('cu', 'mat-khau-moi-1')).toEqual({ ok: true, data: undefined })
    expect(sent).toEqual([
      { url: 'http://w/api/v1/auth/token', body: { login: 'lan@bk.vn', password: 'mat-khau' } },
      {
        url: 'http://w/api/v1/auth/activate',
        body: { login: 'lan', code: 'ABC-123', password: 'mat-khau-moi-1' },
      },
      {
        url: 'http://w/api/v1/auth/password',
        body: { current: 'cu', password: 'mat-khau-moi-1' },
      },
    ])
  })

  it('keeps the texts of an error code newer than the pane, under HTTP_STATUS', async () => {
    const api = new ApiClient({
      baseUrl: 'http://w',
      fetch: answering(409, {
        error: { code: 'SOMETHING_NEW', message: 'Điều mới.', messageEn: 'Something new.' },
      }),
    })
    const result = await api.periods()
    expect(!result.ok && result.error).toMatchObject({
      code: 'HTTP_STATUS',
      status: 409,
      message: 'Điều mới.',
      messageEn: 'Something new.',
    })
  })

  it('calls a network failure OFFLINE and worth retrying', async () => {
    const api = new ApiClient({
      baseUrl: 'http://w',
      fetch: async () => {
        throw new TypeError('Failed to fetch')
      },
    })
    const result = await api.periods()
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error).toMatchObject({
      code: 'OFFLINE',
      retryable: true,
      status: 0,
    })
    expect(!result.ok && result.error.message).toMatch(/Không kết nối được/)
  })

  it('treats a worker that is down (503) as worth retrying', async () => {
    const api = new ApiClient({ baseUrl: 'http://w', fetch: answering(503, 'busy') })
    const result = await api.periods()
    expect(!result.ok && result.error.retryable).toBe(true)
  })

  it('sends the token and the Idempotency-Key', async () => {
    let seen: Headers | undefined
    const api = new ApiClient({
      baseUrl: 'http://w/',
      token: 'tok',
      fetch: async (url, init) => {
        seen = new Headers(init?.headers)
        expect(url).toBe('http://w/api/v1/units/G1/periods/2026-Y/forms/B01')
        return new Response('{}', { status: 201 })
      },
    })
    await api.submit(
      { unit: 'G1', period: '2026-Y', form: 'B01' },
      { formVersion: '1', values: {} },
      'k-1',
    )
    expect(seen?.get('authorization')).toBe('Bearer tok')
    expect(seen?.get('idempotency-key')).toBe('k-1')
  })

  it('gives up on a slow connection after its timeout, as a TIMEOUT worth retrying', async () => {
    const api = new ApiClient({
      baseUrl: 'http://w',
      timeoutMs: 20,
      fetch: (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('', 'AbortError')))
        }),
    })
    const result = await api.signIn('G1', 'k')
    expect(!result.ok && result.error).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
      status: 0,
    })
    expect(!result.ok && result.error.message).toMatch(/không trả lời/)
  })

  it('reads how long to wait from Retry-After', async () => {
    const api = new ApiClient({
      baseUrl: 'http://w',
      fetch: async () =>
        new Response(
          JSON.stringify({
            error: { code: 'TOO_MANY_ATTEMPTS', message: 'Chờ', messageEn: 'Wait' },
          }),
          {
            status: 429,
            headers: { 'retry-after': '840' },
          },
        ),
    })
    const result = await api.signIn('G1', 'k')
    expect(!result.ok && result.error).toMatchObject({
      code: 'TOO_MANY_ATTEMPTS',
      retryAfterSeconds: 840,
      retryable: true,
    })
  })

  it('sends If-Match with the revision the pane last saw, and reads a report', async () => {
    const seen: { method: string; ifMatch: string | null }[] = []
    const api = new ApiClient({
      baseUrl: 'http://w',
      fetch: async (_url, init) => {
        seen.push({
          method: init?.method ?? '',
          ifMatch: new Headers(init?.headers).get('if-match'),
        })
        return new Response(JSON.stringify({ submission: { revision: 3 } }), { status: 200 })
      },
    })
    const ref = { unit: 'G1', period: '2026-Y', form: 'B01' }
    await api.submit(ref, { formVersion: '1', values: {} }, 'k-1', 0)
    await api.submit(ref, { formVersion: '1', values: {} }, 'k-2')
    const latest = await api.report(ref)
    expect(seen).toEqual([
      { method: 'PUT', ifMatch: '0' },
      { method: 'PUT', ifMatch: null },
      { method: 'GET', ifMatch: null },
    ])
    expect(latest.ok && latest.data.submission.revision).toBe(3)
  })

  it('signs in with the unit code trimmed and upper-cased, as the worker writes codes', async () => {
    const bodies: unknown[] = []
    const api = new ApiClient({
      baseUrl: 'http://w',
      fetch: async (_url, init) => {
        bodies.push(JSON.parse(init?.body as string))
        return new Response('{}', { status: 200 })
      },
    })
    await api.signIn('  bk.gd.001 ', 'KEY')
    expect(bodies).toEqual([{ unit: 'BK.GD.001', key: 'KEY' }])
  })

  it('asks for the form version the workbook was laid out with, or the latest without one', async () => {
    const urls: string[] = []
    const api = new ApiClient({
      baseUrl: 'http://w',
      fetch: async (url) => {
        urls.push(url)
        return new Response('{}', { status: 200 })
      },
    })
    await api.form('B01', '2026.1')
    await api.form('B01')
    expect(urls).toEqual(['http://w/api/v1/forms/B01?version=2026.1', 'http://w/api/v1/forms/B01'])
  })

  it('searches units below the signed-in one by name, twenty at most', async () => {
    const urls: string[] = []
    const api = new ApiClient({
      baseUrl: 'http://w',
      fetch: async (url) => {
        urls.push(url)
        return new Response(
          JSON.stringify({
            units: [{ code: 'BK', name: 'LĐLĐ tỉnh Bắc Kạn', level: 'province', parent: null }],
          }),
          { status: 200 },
        )
      },
    })
    const found = await api.searchUnits('BK', 'Bac Kan')
    const url = new URL(urls[0] ?? '')
    expect(url.pathname).toBe('/api/v1/units/BK/search')
    expect(url.searchParams.get('q')).toBe('Bac Kan')
    expect(url.searchParams.get('limit')).toBe('20')
    expect(found.ok && found.data.units.map((unit) => unit.name)).toEqual(['LĐLĐ tỉnh Bắc Kạn'])
  })

  it('fetches the status view page by page, so no answer holds the whole country', async () => {
    const rows = Array.from({ length: 12_345 }, (_, i) => ({ unit: `G${i}` }))
    const asked: string[] = []
    const api = new ApiClient({
      baseUrl: 'http://w',
      fetch: async (url) => {
        asked.push(url)
        const query = new URL(url).searchParams
        const offset = Number(query.get('offset'))
        const limit = Number(query.get('limit'))
        const body = {
          unit: 'P',
          period: '2026-Y',
          deadline: '2026-12-15',
          counts: { expected: rows.length },
          units: rows.slice(offset, offset + limit),
          page: { offset, limit, total: rows.length },
        }
        return new Response(JSON.stringify(body), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        })
      },
    })
    const result = await api.status('P', '2026-Y')
    expect(asked.map((url) => new URL(url).search)).toEqual([
      '?offset=0&limit=5000',
      '?offset=5000&limit=5000',
      '?offset=10000&limit=5000',
    ])
    expect(result.ok && result.data.units.map((row) => row.unit)).toEqual(rows.map((r) => r.unit))
    expect(result.ok && 'page' in result.data).toBe(false)
  })
})
