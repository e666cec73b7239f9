/**
 * @module Whatever a client sends, to any route of /openapi.json (and the files beside it), with
 * any method, query, headers and body, the worker answers below 500, every error body has a code
 * and a Vietnamese message, and every answer keeps to the contract (the fixture's app is checked
 * by it: a status, header or body the operation does not declare fails the run).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fixture, reportPath, type Fixture } from './helpers.ts'

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

/** Beside the contract's routes: a path it lacks, the contract itself, the add-in's files. */
const BESIDE: [string, string][] = [
  ['GET', '/api/v1/nowhere'],
  ['GET', '/openapi.json'],
  ['GET', '/manifest.xml'],
  ['GET', '/addin/taskpane.html'],
  ['GET', '/addin/{unit}'],
]

/**
 * Every route of /openapi.json with its methods (`{name}` a parameter), and the ones beside it.
 * Keys are issued and revoked for units the fuzzer does not sign in as, so its tokens live on.
 */
async function routesOf(f: Fixture): Promise<[string, string][]> {
  const document = (await (await f.request('GET', '/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>
  }
  const routes = Object.entries(document.paths).map(([path, methods]): [string, string] => [
    Object.keys(methods)
      .map((method) => method.toUpperCase())
      .join(' '),
    path.endsWith('/keys') ? path.replace('{unit}', '{other}') : path,
  ])
  return [...routes, ...BESIDE]
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND']

/** Mostly a method the route answers, so that requests reach the handlers; sometimes any. */
const routeAndMethod = (routes: [string, string][]) =>
  fc.constantFrom(...routes).chain(([methods, route]) =>
    fc.record({
      route: fc.constant(route),
      method: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...methods.split(' ')) },
        { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
      ),
    }),
  )

const QUERY_NAMES = [
  'version',
  'unit',
  'period',
  'history',
  'view',
  'format',
  'limit',
  'before',
  'acknowledgedWarnings',
  'acknowledgementReason',
]

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A letter only Vietnamese writes: the message is Vietnamese, not an English fallback. */
const VIETNAMESE = /[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]/i

/** A parameter: mostly one that exists, so that requests get past the 404s; sometimes anything. */
const param = (known: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom('..', '%', '%00', ' ', 'G1%2F..', 'é', '2026-Y ', '') },
  )

const requestArbitrary = (routes: [string, string][]) =>
  fc.record({
    target: routeAndMethod(routes),
    unit: param(['P', 'U1', 'G1', 'G1M', 'G3', 'NOPE']),
    period: param(['2026-Y', '2025-Y', '2031-H1']),
    form: param(['B01', 'B02', 'B77']),
    other: fc.oneof(fc.constantFrom('G2', 'G3', 'U2', 'NOPE'), fc.string({ maxLength: 12 })),
    query: fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 8 })),
        fc.oneof(
          fc.constantFrom('1', 'true', 'accepted', 'latest', 'xlsx', 'csv', '2026.1', '-1', 'G1'),
          fc.string({ maxLength: 20 }),
        ),
      ),
      { maxLength: 3 },
    ),
    signedInAs: fc.constantFrom('P', 'U1', 'G1', 'none', 'garbage'),
    contentType: fc.option(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/csv',
        XLSX_TYPE,
        'multipart/form-data; boundary=x',
        'multipart/form-data',
        'text/plain',
        'application/x-www-form-urlencoded',
        ';;;',
      ),
    ),
    accept: fc.option(fc.constantFrom('text/csv', '*/*', 'application/json', 'x/y;q=abc')),
    ifMatch: fc.option(
      fc.oneof(fc.constantFrom('1', '"0"', 'W/"2"', '*'), fc.string({ maxLength: 12 })),
    ),
    idempotencyKey: fc.option(fc.string({ maxLength: 12 })),
    forwardedFor: fc.option(fc.constantFrom('1.2.3.4', 'garbage', '')),
    body: fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }),
      fc.constantFrom(
        '{"formVersion":"2026.1","values":{"workers.total":"1.200"}}',
        '{"decision":"accept","comment":""}',
        '{"cutoff":"2026-11-30","deadline":"2026-02-30","open":true}',
        '{"unit":"G1","key":"AAAA-AAAA-AAAA-AAAA"}',
        'code,name,parent,level\nX,Y,P,grassroots\n',
        '{"id":"B01","version":"2026.9","title":"x","level":"grassroots","rows":[],"rules":[],"maxChangePercent":1}',
        'PK\u0003\u0004garbage',
      ),
    ),
  })

/** Header values must be ByteStrings; what a client could not send is not worth sending. */
const headerSafe = (text: string) => text.replace(/[^\x20-\x7e]/g, '')

describe('no request to any route makes a 500', () => {
  it('random methods, paths, queries, headers and bodies: a 4xx with a code and a Vietnamese message', async () => {
    const f = await fixture()
    const tokens: Record<string, string> = {
      P: await f.token('P'),
      U1: await f.token('U1'),
      G1: await f.token('G1'),
      garbage: 'eyJ1bml0IjoiUCJ9.c2lnbmF0dXJl',
    }
    await fc.assert(
      fc.asyncProperty(requestArbitrary(await routesOf(f)), async (r) => {
        const { method, route } = r.target
        const path = route
          .replace('{unit}', encodeURIComponent(r.unit))
          .replace('{period}', encodeURIComponent(r.period))
          .replace('{form}', encodeURIComponent(r.form))
          .replace('{other}', encodeURIComponent(r.other))
        const search = new URLSearchParams(r.query).toString()
        const headers: Record<string, string> = {}
        const token = tokens[r.signedInAs]
        if (token) {
          headers.authorization = `Bearer ${token}`
        }
        if (r.contentType !== null) {
          headers['content-type'] = r.contentType
        }
        if (r.accept !== null) {
          headers.accept = r.accept
        }
        if (r.ifMatch !== null) {
          headers['if-match'] = headerSafe(r.ifMatch)
        }
        if (r.idempotencyKey !== null) {
          headers['idempotency-key'] = headerSafe(r.idempotencyKey)
        }
        if (r.forwardedFor !== null) {
          headers['x-forwarded-for'] = r.forwardedFor
        }
        const canHaveBody = method !== 'GET' && method !== 'HEAD'
        const response = await f.app.request(`${path}${search ? `?${search}` : ''}`, {
          method,
          headers,
          ...(canHaveBody && r.body !== undefined ? { body: r.body } : {}),
        })
        expect(response.status, `${method} ${path}?${search}`).toBeLessThan(500)
        if (response.status >= 400 && method !== 'HEAD') {
          const body = (await response.json()) as { error: { code: string; message: string } }
          expect(body.error.code).toMatch(/^[A-Z][A-Z_]*$/)
          expect(body.error.message, body.error.code).toMatch(VIETNAMESE)
        }
      }),
      // Bounded in count and in time: what runs in a minute, at most 600 requests.
      { numRuns: 600, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: false },
    )
  }, 120_000)
})
