/**
 * @module Tests of the 400 INVALID_REQUEST details (worker/issue-messages.ts): each problem named by
 * its field in Vietnamese, with zod's English text beside it.
 */
import { describe, expect, it } from 'vitest'
import { fixture, reportPath } from './helpers.ts'

interface Detail {
  in: string
  path: string
  message: string
  messageEn: string
}

async function details(response: Response): Promise<Detail[]> {
  expect(response.status).toBe(400)
  const body = (await response.json()) as { error: { code: string; details: Detail[] } }
  expect(body.error.code).toBe('INVALID_REQUEST')
  return body.error.details
}

describe('INVALID_REQUEST details', () => {
  it('say in Vietnamese what each field must be, keeping the path and the English text', async () => {
    const f = await fixture()
    const response = await f.request('PUT', reportPath('G1'), {
      token: await f.token('G1'),
      body: { formVersion: '', values: { 'workers.total': true }, acknowledgedWarnings: 'x' },
    })
    const found = await details(response)
    const byPath = Object.fromEntries(found.map((d) => [d.path, d]))
    expect(byPath['values.workers.total']).toMatchObject({
      in: 'json',
      message: 'Trường "values.workers.total": phải là số, chuỗi hoặc null (để trống)',
    })
    expect(byPath['values.workers.total']?.messageEn).toMatch(/invalid/i)
    expect(byPath.formVersion?.message).toBe('Trường "formVersion": phải dài ít nhất 1 ký tự')
    expect(byPath.acknowledgedWarnings?.message).toBe(
      'Trường "acknowledgedWarnings": phải là danh sách',
    )
  })

  it('name a missing field, a bad format and a number out of range', async () => {
    const f = await fixture()
    const missing = await details(
      await f.request('POST', '/api/v1/auth/password', {
        token: await f.token('G1'),
        body: { current: 'mật khẩu cũ dài' },
      }),
    )
    expect(missing.map((d) => d.message)).toEqual(['Trường "password": thiếu (phải là chuỗi)'])
    const none = await details(
      await f.request('POST', '/api/v1/auth/password', { token: await f.token('G1') }),
    )
    expect(none.map((d) => d.path)).toEqual(['current', 'password'])
    const badCode = await details(
      await f.request('POST', '/api/v1/auth/token', { body: { unit: 'G 1', key: 'x' } }),
    )
    expect(badCode.map((d) => d.message)).toEqual(['Trường "unit": không đúng định dạng'])
    const limit = await details(
      await f.request('GET', '/api/v1/units/P/search?q=a&limit=0', { token: await f.token('P') }),
    )
    expect(limit).toEqual([
      expect.objectContaining({
        in: 'query',
        path: 'limit',
        message: 'Trường "limit": phải từ 1 trở lên',
      }),
    ])
  })
})
