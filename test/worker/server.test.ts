/** @module Tests over a real server: concurrent writes, idempotent retries, oversize bodies. */
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '@hono/node-server'
import type { ServerType } from '@hono/node-server'
import { b01, fixture, reportPath, type Fixture } from './helpers.ts'
import type { SubmissionCreated, SubmissionResponseBody } from './types.ts'

let f: Fixture
let server: ServerType
let base: string

beforeAll(async () => {
  f = await fixture()
  await new Promise<void>((resolve) => {
    server = serve({ fetch: f.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`
      resolve()
    })
  })
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

async function put(unit: string, headers: Record<string, string> = {}, values = b01()) {
  return fetch(`${base}${reportPath(unit)}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${await f.token(unit)}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify({ formVersion: '2026.1', values }),
  })
}

async function history(unit: string): Promise<number[]> {
  const response = await fetch(`${base}${reportPath(unit)}?history=1`, {
    headers: { authorization: `Bearer ${await f.token(unit)}` },
  })
  const body = (await response.json()) as SubmissionResponseBody
  return body.revisions?.map((r) => r.revision) ?? []
}

/** Sends a body in chunks without Content-Length (Transfer-Encoding: chunked). */
function chunkedPut(
  path: string,
  token: string,
  chunks: number,
  size: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${base}${path}`)
    const req = httpRequest(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    const chunk = Buffer.alloc(size, 'x')
    let sent = 0
    const write = () => {
      while (sent < chunks) {
        sent++
        if (!req.write(chunk)) {
          req.once('drain', write)
          return
        }
      }
      req.end()
    }
    write()
  })
}

describe('over a real listening server', () => {
  it('20 concurrent PUTs to one report make revisions 1..20, no gaps, no duplicates', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => put('G1')))
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201))
    const revisions = await Promise.all(
      responses.map(async (r) => ((await r.json()) as SubmissionCreated).submission.revision),
    )
    expect([...revisions].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    )
    expect(await history('G1')).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })

  it('with If-Match on the same revision, exactly one of 20 concurrent PUTs wins', async () => {
    expect((await put('G2')).status).toBe(201)
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => put('G2', { 'if-match': '"1"' })),
    )
    const statuses = responses.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(19)
    expect(await history('G2')).toEqual([1, 2])
  })

  it('concurrent retries with one Idempotency-Key make one revision and one answer', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => put('G3', { 'idempotency-key': 'offline-queue-42' })),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201))
    const bodies = await Promise.all(responses.map((r) => r.text()))
    expect(new Set(bodies).size).toBe(1)
    expect(await history('G3')).toEqual([1])
  })

  it('413 for an oversize chunked body without Content-Length, and the server stays up', async () => {
    const token = await f.token('G1M')
    const result = await chunkedPut(reportPath('G1M'), token, 40, 64 * 1024)
    expect(result.status).toBe(413)
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
    const small = await put('G1M')
    expect(small.status).toBe(201)
  })

  it('413 by Content-Length before reading, 400 for malformed JSON', async () => {
    const token = await f.token('G1M')
    const big = await fetch(`${base}${reportPath('G1M')}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: 'x'.repeat(2 * 1024 * 1024),
    })
    expect(big.status).toBe(413)
    const malformed = await fetch(`${base}${reportPath('G1M')}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"values":',
    })
    expect(malformed.status).toBe(400)
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe(
      'MALFORMED_JSON',
    )
  })
})
