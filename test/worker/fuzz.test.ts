/** @module Whatever a client sends, the worker answers with a 4xx and an error body, never a 500. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fixture, reportPath } from './helpers.ts'

async function expectClientError(response: Response): Promise<void> {
  expect(response.status).toBeGreaterThanOrEqual(200)
  expect(response.status).toBeLessThan(500)
  if (response.status >= 400) {
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toMatch(/^[A-Z_]+$/)
    expect(body.error.message.length).toBeGreaterThan(0)
  }
}

describe('no input makes a 500', () => {
  it('any JSON value as a report, or as its values', async () => {
    const f = await fixture()
    const token = await f.token('U1')
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue(),
        fc.dictionary(fc.string(), fc.jsonValue()),
        async (body, values) => {
          await expectClientError(await f.request('PUT', reportPath('G2'), { token, body }))
          await expectClientError(
            await f.request('PUT', reportPath('G2'), {
              token,
              body: { formVersion: '2026.1', values },
            }),
          )
        },
      ),
      { numRuns: 150 },
    )
  })

  it('any text as a body, a header or a path segment', async () => {
    const f = await fixture()
    const token = await f.token('P')
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string({ maxLength: 40 }), async (text, segment) => {
        await expectClientError(
          await f.request('POST', '/api/v1/auth/token', {
            headers: { 'content-type': 'application/json' },
            raw: text,
          }),
        )
        await expectClientError(
          await f.request('POST', `${reportPath('G1')}/upload`, { token, raw: text }),
        )
        const path = `/api/v1/units/${encodeURIComponent(segment)}/periods/2026-Y/forms/B01/rollup`
        await expectClientError(await f.request('GET', path, { token }))
        await expectClientError(
          await f.request('PUT', reportPath('G1'), {
            token,
            headers: { 'if-match': segment.replace(/[^\x20-\x7e]/g, ''), 'idempotency-key': 'k' },
            body: { formVersion: '2026.1', values: { 'workers.total': text } },
          }),
        )
      }),
      { numRuns: 100 },
    )
  })
})
