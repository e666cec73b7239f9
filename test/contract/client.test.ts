/** The client written from the contract alone works against the worker. */
import createClient from 'openapi-fetch'
import { describe, expect, it } from 'vitest'
import type { paths } from '../../test-output/api-types.d.ts'
import { fixture, OPEN } from '../worker/helpers.ts'
import { walk } from './client.ts'

describe('a client generated from /openapi.json', () => {
  it('signs in, submits, has the report returned and reads the rollup', async () => {
    const f = await fixture()
    const client = createClient<paths, 'application/json'>({
      baseUrl: 'http://localhost',
      fetch: (request) => Promise.resolve(f.app.fetch(request)),
    })
    const seen = await walk(
      client,
      { unit: 'G1', key: f.keys.G1 ?? '' },
      { unit: 'U1', key: f.keys.U1 ?? '' },
      OPEN,
    )
    expect(seen).toEqual({
      revision: 1,
      etag: '"1"',
      reviewStatus: 'returned',
      conflictLatest: 1,
      membersTotal: 100,
      submitted: 1,
      returned: 1,
    })
  })
})
