/** @module Tests of reviews: accept, return with a comment, resubmission, who may review. */
import { describe, expect, it } from 'vitest'
import { b01, errorCode, fixture, reportPath } from './helpers.ts'
import type { SubmissionResponseBody } from './types.ts'

const body = { formVersion: '2026.1', values: b01() }

describe('POST …/review', () => {
  it('accepts only the revision the reviewer was shown (If-Match), never one that came in between', async () => {
    const f = await fixture()
    const g1 = await f.token('G1')
    await f.request('PUT', reportPath('G1'), { token: g1, body })
    const shown = await f.request('GET', reportPath('G1'), { token: await f.token('U1') })
    const etag = shown.headers.get('etag') ?? ''
    expect(etag).toBe('"1"')
    await f.request('PUT', reportPath('G1'), {
      token: g1,
      body: { ...body, values: b01({ 'members.total': 95 }) },
    })
    const late = await f.request('POST', `${reportPath('G1')}/review`, {
      token: await f.token('U1'),
      headers: { 'if-match': etag },
      body: { decision: 'accept', comment: '' },
    })
    expect(late.status).toBe(409)
    const refused = (await late.json()) as { error: { code: string; details: unknown } }
    expect(refused.error.code).toBe('REVIEW_CONFLICT')
    expect(refused.error.details).toEqual([{ latestRevision: 2 }])
    const latest = (await (
      await f.request('GET', reportPath('G1'), { token: g1 })
    ).json()) as SubmissionResponseBody
    expect(latest.submission.status).toBe('submitted')
    const current = await f.request('POST', `${reportPath('G1')}/review`, {
      token: await f.token('U1'),
      headers: { 'if-match': '"2"' },
      body: { decision: 'accept', comment: '' },
    })
    expect(current.status).toBe(200)
  })

  it('the upper union accepts: status accepted, reviewer (a unit key: no person) and time recorded', async () => {
    const f = await fixture()
    await f.request('PUT', reportPath('G1'), { token: await f.token('G1'), body })
    const response = await f.request('POST', `${reportPath('G1')}/review`, {
      token: await f.token('U1'),
      body: { decision: 'accept', comment: 'Đạt' },
    })
    expect(response.status).toBe(200)
    const reviewed = (await response.json()) as SubmissionResponseBody & { review: unknown }
    expect(reviewed.submission.status).toBe('accepted')
    expect(reviewed.review).toEqual({
      decision: 'accept',
      comment: 'Đạt',
      reviewer: 'U1',
      reviewerPerson: null,
      reviewedAt: new Date(f.clock.now).toISOString(),
      revision: 1,
    })
  })

  it('a return sends the comment back to the unit, which resubmits as a new revision', async () => {
    const f = await fixture()
    const g1 = await f.token('G1')
    await f.request('PUT', reportPath('G1'), { token: g1, body })
    const comment = 'Số đoàn viên nữ chưa khớp sổ, đề nghị kiểm tra lại.'
    const returned = await f.request('POST', `${reportPath('G1')}/review`, {
      token: await f.token('P'),
      body: { decision: 'return', comment },
    })
    expect(returned.status).toBe(200)
    const seen = (await (
      await f.request('GET', reportPath('G1'), { token: g1 })
    ).json()) as SubmissionResponseBody
    expect(seen.submission.status).toBe('returned')
    expect(seen.submission.review?.comment).toBe(comment)
    const again = await f.request('PUT', reportPath('G1'), { token: g1, body })
    expect(again.status).toBe(201)
    const latest = (await (
      await f.request('GET', reportPath('G1'), { token: g1 })
    ).json()) as SubmissionResponseBody
    expect([
      latest.submission.revision,
      latest.submission.status,
      latest.submission.review,
    ]).toEqual([2, 'submitted', null])
  })

  it('a unit cannot review its own report (403 OWN_REPORT), nor a sibling’s (403 NOT_YOURS)', async () => {
    const f = await fixture()
    await f.request('PUT', reportPath('G1'), { token: await f.token('G1'), body })
    const own = await f.request('POST', `${reportPath('G1')}/review`, {
      token: await f.token('G1'),
      body: { decision: 'accept' },
    })
    expect(own.status).toBe(403)
    expect(await errorCode(own)).toBe('OWN_REPORT')
    const sibling = await f.request('POST', `${reportPath('G1')}/review`, {
      token: await f.token('G2'),
      body: { decision: 'accept' },
    })
    expect(sibling.status).toBe(403)
    expect(await errorCode(sibling)).toBe('NOT_YOURS')
  })

  it('a return needs a comment (422); a report never submitted cannot be reviewed (404)', async () => {
    const f = await fixture()
    const u1 = await f.token('U1')
    const none = await f.request('POST', `${reportPath('G2')}/review`, {
      token: u1,
      body: { decision: 'accept' },
    })
    expect(none.status).toBe(404)
    expect(await errorCode(none)).toBe('SUBMISSION_NOT_FOUND')
    await f.request('PUT', reportPath('G2'), { token: await f.token('G2'), body })
    const silent = await f.request('POST', `${reportPath('G2')}/review`, {
      token: u1,
      body: { decision: 'return', comment: '  ' },
    })
    expect(silent.status).toBe(422)
    expect(await errorCode(silent)).toBe('COMMENT_REQUIRED')
  })
})
