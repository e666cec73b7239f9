/**
 * @module A client of the worker written only from its contract, the way another team would:
 * types generated from `/openapi.json` by openapi-typescript (`npm run openapi:types`) and calls
 * through openapi-fetch. A grassroots union signs in and submits, its upper union returns the
 * report with a comment and reads the rollup. `npm test` type-checks it (its own tsconfig) and
 * runs it against the app (client.test.ts), so a contract another client cannot use fails there.
 */
import type { Client } from 'openapi-fetch'
import type { paths } from '../../test-output/api-types.d.ts'

/** A client of the JSON answers (the rollup is also served as CSV and .xlsx). */
export type ContractClient = Client<paths, 'application/json'>

/** A unit's sign-in. */
export interface Credentials {
  unit: string
  key: string
}

/** What the walk saw, for the test to check. */
export interface Walk {
  revision: number
  etag: string | null
  reviewStatus: 'submitted' | 'accepted' | 'returned'
  conflictLatest: number | null
  membersTotal: number | string | null
  submitted: number
  returned: number
}

async function signIn(client: ContractClient, credentials: Credentials): Promise<string> {
  const { data, error } = await client.POST('/api/v1/auth/token', { body: credentials })
  if (error) {
    throw new Error(`${error.error.code}: ${error.error.messageEn}`)
  }
  return data.token
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })

/** Signs in, submits, has the report returned, and reads the rollup, as the contract says. */
export async function walk(
  client: ContractClient,
  grassroots: Credentials,
  upper: Credentials,
  period: string,
): Promise<Walk> {
  const report = { unit: grassroots.unit, period, form: 'B01' }
  const clerk = await signIn(client, grassroots)
  const submitted = await client.PUT('/api/v1/units/{unit}/periods/{period}/forms/{form}', {
    params: { path: report, header: { 'idempotency-key': 'contract-walk-1' } },
    headers: bearer(clerk),
    body: {
      formVersion: '2026.1',
      values: { 'workers.total': 120, 'members.total': '100', 'members.women': 40 },
    },
  })
  if (submitted.error) {
    throw new Error(`${submitted.error.error.code}: ${submitted.error.error.messageEn}`)
  }

  // A stale If-Match: the conflict names the latest revision in its typed details.
  const stale = await client.PUT('/api/v1/units/{unit}/periods/{period}/forms/{form}', {
    params: { path: report, header: { 'if-match': '0' } },
    headers: bearer(clerk),
    body: { formVersion: '2026.1', values: { 'workers.total': 121, 'members.total': 100 } },
  })
  let conflictLatest: number | null = null
  if (stale.error?.error.code === 'REVISION_CONFLICT') {
    conflictLatest = stale.error.error.details[0]?.latestRevision ?? null
  }

  const reviewer = await signIn(client, upper)
  const reviewed = await client.POST('/api/v1/units/{unit}/periods/{period}/forms/{form}/review', {
    params: { path: report },
    headers: bearer(reviewer),
    body: { decision: 'return', comment: 'Kiểm tra lại số nữ' },
  })
  if (reviewed.error) {
    throw new Error(`${reviewed.error.error.code}: ${reviewed.error.error.messageEn}`)
  }

  const rollup = await client.GET('/api/v1/units/{unit}/periods/{period}/forms/{form}/rollup', {
    params: { path: { unit: upper.unit, period, form: 'B01' } },
    headers: bearer(reviewer),
  })
  if (rollup.error) {
    throw new Error(`${rollup.error.error.code}: ${rollup.error.error.messageEn}`)
  }
  return {
    revision: submitted.data.submission.revision,
    etag: submitted.response.headers.get('ETag'),
    reviewStatus: reviewed.data.submission.status,
    conflictLatest,
    membersTotal: rollup.data.values['members.total'] ?? null,
    submitted: rollup.data.coverage.submitted,
    returned: rollup.data.coverage.returned,
  }
}
