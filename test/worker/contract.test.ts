/** Tests of the contract check every worker test goes through: it must catch each kind of drift. */
import { describe, expect, it } from 'vitest'
import { contractAjv, contractOf } from './contract.ts'
import { fixture } from './helpers.ts'

const document = {
  paths: {
    '/api/v1/things/{id}': {
      put: {
        operationId: 'putThing',
        responses: {
          '201': {
            description: 'Stored',
            headers: {
              ETag: { required: true, schema: { type: 'string', pattern: '^"\\d+"$' } },
              'Idempotent-Replayed': {
                required: false,
                schema: { type: 'string', enum: ['true'] },
              },
            },
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Thing' } },
            },
          },
          '409': {
            description: '`PERIOD_CLOSED`: closed',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Error' } },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: { revision: { type: 'integer' } },
        required: ['revision'],
      },
      Error: {
        type: 'object',
        properties: { error: { type: 'object', properties: { code: { type: 'string' } } } },
        required: ['error'],
      },
    },
  },
}

const request = new Request('http://localhost/api/v1/things/7', { method: 'PUT' })
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })

describe('the contract check', () => {
  const contract = contractOf(document)

  it('lets an answer that keeps to the contract through', async () => {
    expect(await contract.problems(request, answer(201, { revision: 3 }, { ETag: '"3"' }))).toEqual(
      [],
    )
    expect(
      await contract.problems(request, answer(409, { error: { code: 'PERIOD_CLOSED' } })),
    ).toEqual([])
  })

  it('names an undeclared status, a body off its schema and a missing or malformed header', async () => {
    expect(await contract.problems(request, answer(200, { revision: 3 }))).toEqual([
      expect.stringContaining('status 200 is not declared'),
    ])
    expect(
      await contract.problems(request, answer(201, { revision: 'three' }, { ETag: '"3"' })),
    ).toEqual([expect.stringContaining('body: data/revision must be integer')])
    expect(await contract.problems(request, answer(201, { revision: 3 }))).toEqual([
      expect.stringContaining('lacks the header ETag'),
    ])
    expect(await contract.problems(request, answer(201, { revision: 3 }, { ETag: '3' }))).toEqual([
      expect.stringContaining('header ETag: data must match pattern'),
    ])
  })

  it("names a contract header set where it is not declared, and an error code of another status's list", async () => {
    expect(
      await contract.problems(
        request,
        answer(409, { error: { code: 'PERIOD_CLOSED' } }, { etag: '"3"' }),
      ),
    ).toEqual([expect.stringContaining('409 sets etag, not declared for it')])
    expect(
      await contract.problems(request, answer(409, { error: { code: 'REPORT_ACCEPTED' } })),
    ).toEqual([
      expect.stringContaining('409 REPORT_ACCEPTED is not among the declared PERIOD_CLOSED'),
    ])
  })

  it('names a content type the operation does not declare', async () => {
    const csv = new Response('a,b', {
      status: 201,
      headers: { 'content-type': 'text/csv', ETag: '"1"' },
    })
    expect(await contract.problems(request, csv)).toEqual([
      expect.stringContaining('answers text/csv, declared: application/json'),
    ])
  })
})

describe("the worker's contract", () => {
  it('has every schema compile in a strict JSON Schema 2020-12 validator, as another client would', async () => {
    const f = await fixture()
    const document = (await (await f.request('GET', '/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: object }>>
      components: { schemas: Record<string, object> }
    }
    const ajv = contractAjv(document)
    const names = Object.keys(document.components.schemas)
    expect(names.length).toBeGreaterThan(40)
    for (const name of names) {
      expect(() => ajv.compile({ $ref: `contract#/$defs/${name}` }), name).not.toThrow()
    }
  })
})
