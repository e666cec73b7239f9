/**
 * @module Tests of HTTP compression (worker/compression.ts): big text answers go out as gzip or br
 * when the client accepts it and decode to the same bytes; small answers, answers to writes and
 * .xlsx files go out as they are.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import fc from 'fast-check'
import {
  chooseEncoding,
  MIN_COMPRESSED_BYTES,
  utf8LengthUpTo,
  withCompression,
} from '../../worker/compression.ts'
import { b01, fixture, OPEN, reportPath } from './helpers.ts'
import type { Fixture } from './helpers.ts'

const admin = { actor: 'admin', address: null }

/** The fixture with 40 more CĐCS under U1, so the status of P is well over 1 KiB. */
async function bigFixture(): Promise<Fixture> {
  const f = await fixture()
  const units = Array.from({ length: 40 }, (_, i) => ({
    code: `G1${String(i).padStart(2, '0')}`,
    name: `CĐCS Công ty Cổ phần Khoáng sản Bắc Kạn số ${i}`,
    parent: 'U1',
    level: 'grassroots' as const,
  }))
  await f.store.importUnits(units, { ...admin, action: 'units.import', target: 't', details: {} })
  return f
}

async function get(f: Fixture, path: string, headers: Record<string, string>) {
  const fetch = withCompression(f.app.fetch)
  return fetch(
    new Request(`http://localhost${path}`, {
      headers: { authorization: `Bearer ${await f.token('P')}`, ...headers },
    }),
  )
}

describe('compression of answers', () => {
  it('gzips the status for a client accepting gzip, decoding to the same JSON', async () => {
    const f = await bigFixture()
    const path = `/api/v1/units/P/periods/${OPEN}/status`
    const plain = await get(f, path, {})
    const plainText = await plain.text()
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plainText.length).toBeGreaterThan(1024)
    const zipped = await get(f, path, { 'accept-encoding': 'gzip' })
    expect(zipped.status).toBe(200)
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i)
    const bytes = Buffer.from(await zipped.arrayBuffer())
    expect(Number(zipped.headers.get('content-length'))).toBe(bytes.length)
    expect(bytes.length).toBeLessThan(plainText.length / 3)
    expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toEqual(JSON.parse(plainText))
  })

  it('prefers br when the client accepts it, and compresses CSV too', async () => {
    const f = await bigFixture()
    const response = await get(f, `${reportPath('P')}/rollup`, {
      'accept-encoding': 'gzip, deflate, br',
      accept: 'text/csv',
    })
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(response.headers.get('content-encoding')).toBe('br')
    const text = brotliDecompressSync(Buffer.from(await response.arrayBuffer())).toString('utf8')
    expect(text).toMatch(/^\uFEFF/)
    expect(text).toContain('Tổng số đoàn viên công đoàn')
  })

  it('leaves small answers, answers to writes and .xlsx files as they are', async () => {
    const f = await bigFixture()
    const small = await get(f, '/api/v1/units/G1', { 'accept-encoding': 'gzip' })
    expect(small.headers.get('content-encoding')).toBeNull()
    // Its length is said, so the server sends it as it is rather than chunked.
    expect(Number(small.headers.get('content-length'))).toBe(
      Buffer.byteLength(await small.clone().text()),
    )
    expect(((await small.json()) as { unit: { code: string } }).unit.code).toBe('G1')

    const fetch = withCompression(f.app.fetch)
    const put = await fetch(
      new Request(`http://localhost${reportPath('G1')}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${await f.token('G1')}`,
          'content-type': 'application/json',
          'accept-encoding': 'gzip',
        },
        body: JSON.stringify({ formVersion: '2026.1', values: b01() }),
      }),
    )
    expect(put.status).toBe(201)
    expect(put.headers.get('content-encoding')).toBeNull()

    const xlsx = await get(f, `${reportPath('P')}/rollup?format=xlsx`, {
      'accept-encoding': 'gzip, br',
    })
    expect(xlsx.headers.get('content-encoding')).toBeNull()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await xlsx.arrayBuffer())
    expect(workbook.worksheets.length).toBe(3)
  })
})

describe('utf8LengthUpTo', () => {
  it('counts the UTF-8 bytes of any text up to the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), (text) => {
        const full = Buffer.byteLength(text)
        const counted = utf8LengthUpTo(text, MIN_COMPRESSED_BYTES)
        if (full < MIN_COMPRESSED_BYTES) {
          expect(counted).toBe(full)
        } else {
          expect(counted).toBeGreaterThanOrEqual(MIN_COMPRESSED_BYTES)
        }
      }),
    )
  })
})

describe('chooseEncoding', () => {
  it('follows the weights of Accept-Encoding, br first on a tie', () => {
    expect(chooseEncoding(null)).toBeNull()
    expect(chooseEncoding('identity')).toBeNull()
    expect(chooseEncoding('gzip')).toBe('gzip')
    expect(chooseEncoding('gzip, br')).toBe('br')
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip')
    expect(chooseEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip')
    expect(chooseEncoding('*')).toBe('br')
    expect(chooseEncoding('*, br;q=0')).toBe('gzip')
    expect(chooseEncoding('gzip;q=0, br;q=0')).toBeNull()
  })
})
