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
        error: { code: 'BAD_KEY', message: 'Sai mã đơn vị hoặc khóa truy cập.' },
      }),
    })
    const result = await api.signIn('G1', 'x')
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_KEY',
        message: 'Sai mã đơn vị hoặc khóa truy cập.',
        status: 401,
        retryable: false,
      },
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
})
