/** @module Tests of storing reports: revisions, checks, idempotency, If-Match, bad input, uploads. */
import { describe, expect, it } from 'vitest'
import { b01, CLOSED, errorCode, filledTemplate, fixture, reportPath } from './helpers.ts'
import type { SubmissionCreated, SubmissionResponseBody } from './types.ts'
import type { Finding } from '../../shared/finding.ts'

const put = (values = b01(), extra: Record<string, unknown> = {}) => ({
  formVersion: '2026.1',
  values,
  ...extra,
})

describe('PUT a report', () => {
  it('stores revision 1 with status submitted, the normalised values and who submitted', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const response = await f.request('PUT', reportPath('G1'), {
      token,
      body: put(b01({ 'workers.total': '1.200', 'workers.women': '600' })),
    })
    expect(response.status).toBe(201)
    const body = (await response.json()) as SubmissionCreated
    expect(body.submission).toMatchObject({
      unit: 'G1',
      period: '2026-Y',
      form: 'B01',
      formVersion: '2026.1',
      revision: 1,
      status: 'submitted',
      submittedBy: 'G1',
      review: null,
    })
    expect(body.submission.values['workers.total']).toBe(1200)
    expect(body.submission.values['members.rate']).toBe(7.5)
    expect(response.headers.get('etag')).toBe('"1"')
  })

  it('makes a new revision on every PUT and keeps the old ones (?history=1)', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    for (const total of [90, 91, 92]) {
      const r = await f.request('PUT', reportPath('G1'), {
        token,
        body: put(b01({ 'members.total': total })),
      })
      expect(r.status).toBe(201)
    }
    const latest = (await (
      await f.request('GET', reportPath('G1'), { token })
    ).json()) as SubmissionResponseBody
    expect(latest.submission.revision).toBe(3)
    expect(latest.revisions).toBeUndefined()
    const history = (await (
      await f.request('GET', `${reportPath('G1')}?history=1`, { token })
    ).json()) as SubmissionResponseBody
    expect(history.revisions?.map((r) => [r.revision, r.values['members.total']])).toEqual([
      [1, 90],
      [2, 91],
      [3, 92],
    ])
  })

  it('refuses a report with errors: 422 with every finding, and stores nothing', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const response = await f.request('PUT', reportPath('G1'), {
      token,
      body: put(b01({ 'members.women': 120, 'workers.women': 'nhiều', 'no.such.row': 1 })),
    })
    expect(response.status).toBe(422)
    const body = (await response.json()) as {
      error: {
        code: string
        details: { rule: string; row: string; severity: string; message: string }[]
      }
    }
    expect(body.error.code).toBe('VALIDATION_FAILED')
    const rules = body.error.details.map((d) => d.rule)
    expect(rules).toContain('parent:members.women')
    expect(rules).toContain('unknown:no.such.row')
    expect(rules.some((rule) => rule.endsWith(':workers.women'))).toBe(true)
    for (const detail of body.error.details) {
      expect(detail.message.length).toBeGreaterThan(0)
      expect(['error', 'warning']).toContain(detail.severity)
    }
    expect((await f.request('GET', reportPath('G1'), { token })).status).toBe(404)
  })

  it('stores warnings with the revision and records which were acknowledged', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const body = put(b01({ 'members.new': 50, 'members.transferredIn': 50, 'members.total': 90 }), {
      acknowledgedWarnings: ['rule:joined-le-members', 'rule:not-a-warning'],
    })
    const response = await f.request('PUT', reportPath('G1'), { token, body })
    expect(response.status).toBe(201)
    const created = (await response.json()) as SubmissionCreated
    expect(created.warnings.map((w) => [w.rule, w.acknowledged])).toContainEqual([
      'rule:joined-le-members',
      true,
    ])
    expect(created.submission.acknowledgedWarnings).toEqual(['rule:joined-le-members'])
    const again = (await (
      await f.request('GET', reportPath('G1'), { token })
    ).json()) as SubmissionResponseBody
    expect(again.submission.warnings.map((w) => w.rule)).toContain('rule:joined-le-members')
  })

  it('stores warnings as code + parameters, without texts, and reads older revisions that carry texts', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const body = put(b01({ 'members.new': 50, 'members.transferredIn': 50, 'members.total': 90 }))
    const created = (await (
      await f.request('PUT', reportPath('G1'), { token, body })
    ).json()) as SubmissionCreated
    const [warning] = created.warnings
    expect(warning).toBeDefined()
    expect(Object.keys(warning ?? {}).sort()).toEqual(
      ['acknowledged', 'code', 'params', 'reason', 'related', 'row', 'rule', 'severity'].sort(),
    )
    // A revision stored before findings lost their texts: message, messageEn and the labels.
    const legacy = {
      rule: 'change:members.total',
      code: 'period_change',
      row: 'members.total',
      related: [],
      severity: 'warning',
      params: {
        tt: '2',
        label: 'Tổng số đoàn viên',
        value: 90,
        previous: 30,
        threshold: 40,
        direction: 'up',
        changePercent: 200,
      },
      message: 'Dòng 2 "Tổng số đoàn viên": 90 so với kỳ trước 30 (tăng 200%), vượt ngưỡng 40%.',
      messageEn: 'Row 2 "Union members": 90 against 30 in the previous period (up 200%).',
    }
    await f.store.appendRevision({
      unit: 'G1',
      period: '2026-Y',
      form: 'B01',
      formVersion: '2026.1',
      values: b01(),
      warnings: [legacy] as unknown as Finding[],
      acknowledgedWarnings: ['change:members.total'],
      acknowledgementReason: null,
      submittedAt: '2026-11-23T03:00:00.000Z',
      submittedBy: 'G1',
      audit: { actor: 'G1', address: null, action: 'submission.create', target: 'G1', details: {} },
    })
    const read = (await (
      await f.request('GET', reportPath('G1'), { token })
    ).json()) as SubmissionResponseBody
    expect(read.submission.warnings).toEqual([
      {
        rule: 'change:members.total',
        code: 'period_change',
        row: 'members.total',
        related: [],
        severity: 'warning',
        params: { value: 90, previous: 30, threshold: 40, direction: 'up', changePercent: 200 },
        acknowledged: true,
        reason: null,
      },
    ])
  })

  it('gives every refused finding its text in both languages, naming the row', async () => {
    const f = await fixture()
    const response = await f.request('PUT', reportPath('G1'), {
      token: await f.token('G1'),
      body: put(b01({ 'workers.total': 'nhiều' })),
    })
    const body = (await response.json()) as {
      error: { details: { rule: string; message: string; messageEn: string }[] }
    }
    const finding = body.error.details.find((d) => d.rule === 'number:workers.total')
    expect(finding?.message).toMatch(/^Dòng \S+ "Tổng số lao động": "nhiều" không phải là số\.$/)
    expect(finding?.messageEn).toMatch(/"nhiều" is not a number\.$/)
  })

  it('warns about a jump against the same period kind of the year before', async () => {
    const f = await fixture()
    await f.store.savePeriod(
      { id: CLOSED, cutoff: '2025-11-30', deadline: '2025-12-15', open: true },
      { actor: 'admin', address: null, action: 'period.open', target: CLOSED, details: {} },
    )
    const token = await f.token('G1')
    expect((await f.request('PUT', reportPath('G1', CLOSED), { token, body: put() })).status).toBe(
      201,
    )
    const response = await f.request('PUT', reportPath('G1'), {
      token,
      body: put(b01({ 'members.total': 40, 'members.women': 20, 'members.new': 1 })),
    })
    expect(response.status).toBe(201)
    const created = (await response.json()) as SubmissionCreated
    expect(created.warnings.map((w) => w.rule)).toContain('change:members.total')
  })

  it('answers with exactly the values it stored, whatever a text row holds', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const text = 'x","values":"values written by the store" $& $1 \\" }'
    const response = await f.request('PUT', reportPath('G1'), {
      token,
      body: put(b01({ 'notes.other': text })),
    })
    expect(response.status).toBe(201)
    const created = (await response.json()) as SubmissionCreated
    const stored = (await (
      await f.request('GET', reportPath('G1'), { token })
    ).json()) as SubmissionResponseBody
    expect(created.submission.values['notes.other']).toBe(text)
    expect(created.submission).toEqual(stored.submission)
  })

  it('returns the first result for a retried Idempotency-Key and makes no new revision', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const headers = { 'idempotency-key': 'receipt-7f3a' }
    const first = await f.request('PUT', reportPath('G1'), { token, headers, body: put() })
    const second = await f.request('PUT', reportPath('G1'), { token, headers, body: put() })
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    expect(await second.json()).toEqual(await first.json())
    const history = (await (
      await f.request('GET', `${reportPath('G1')}?history=1`, { token })
    ).json()) as SubmissionResponseBody
    expect(history.revisions).toHaveLength(1)
  })

  it('replays the first body even after the report was reviewed', async () => {
    const f = await fixture()
    const headers = { 'idempotency-key': 'k-1' }
    const first: unknown = await (
      await f.request('PUT', reportPath('G1'), { token: await f.token('G1'), headers, body: put() })
    ).json()
    await f.request('POST', `${reportPath('G1')}/review`, {
      token: await f.token('U1'),
      body: { decision: 'return', comment: 'Sửa số nữ' },
    })
    const retry = await f.request('PUT', reportPath('G1'), {
      token: await f.token('G1'),
      headers,
      body: put(),
    })
    expect(retry.status).toBe(201)
    expect(await retry.json()).toEqual(first)
  })

  it('replays a stored submission even after its period was closed', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const headers = { 'idempotency-key': 'queued-before-closing' }
    const first = await f.request('PUT', reportPath('G1'), { token, headers, body: put() })
    await f.store.savePeriod(
      { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: false },
      { actor: 'admin', address: null, action: 'period.close', target: '2026-Y', details: {} },
    )
    const retry = await f.request('PUT', reportPath('G1'), { token, headers, body: put() })
    expect(retry.status).toBe(201)
    expect(await retry.json()).toEqual(await first.json())
    const fresh = await f.request('PUT', reportPath('G1'), {
      token,
      headers: { 'idempotency-key': 'after-closing' },
      body: put(),
    })
    expect([fresh.status, await errorCode(fresh)]).toEqual([409, 'PERIOD_CLOSED'])
  })

  it('refuses the same Idempotency-Key with a different body (409)', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const headers = { 'idempotency-key': 'same' }
    await f.request('PUT', reportPath('G1'), { token, headers, body: put() })
    const other = await f.request('PUT', reportPath('G1'), {
      token,
      headers,
      body: put(b01({ 'members.total': 70 })),
    })
    expect(other.status).toBe(409)
    expect(await errorCode(other)).toBe('IDEMPOTENCY_KEY_REUSED')
  })

  it('checks If-Match against the latest revision', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    expect(
      (
        await f.request('PUT', reportPath('G1'), {
          token,
          headers: { 'if-match': '0' },
          body: put(),
        })
      ).status,
    ).toBe(201)
    const stale = await f.request('PUT', reportPath('G1'), {
      token,
      headers: { 'if-match': '0' },
      body: put(),
    })
    expect(stale.status).toBe(409)
    expect(await errorCode(stale)).toBe('REVISION_CONFLICT')
    const fresh = await f.request('PUT', reportPath('G1'), {
      token,
      headers: { 'if-match': '"1"' },
      body: put(),
    })
    expect(fresh.status).toBe(201)
    const bad = await f.request('PUT', reportPath('G1'), {
      token,
      headers: { 'if-match': 'abc' },
      body: put(),
    })
    expect(bad.status).toBe(400)
  })

  it('refuses writes to a closed period with 409', async () => {
    const f = await fixture()
    const response = await f.request('PUT', reportPath('G1', CLOSED), {
      token: await f.token('G1'),
      body: put(),
    })
    expect(response.status).toBe(409)
    expect(await errorCode(response)).toBe('PERIOD_CLOSED')
  })

  it('knows unknown forms, periods and units (404), and forms of another level or version (422)', async () => {
    const f = await fixture()
    const token = await f.token('P')
    const cases: [string, unknown, number, string][] = [
      [reportPath('G1', '2027-Y'), put(), 404, 'PERIOD_NOT_FOUND'],
      [reportPath('G1', '2026-Y', 'B99'), put(), 404, 'FORM_NOT_FOUND'],
      [reportPath('NOPE'), put(), 404, 'UNIT_NOT_FOUND'],
      [reportPath('G1', '2026-Y', 'B02'), put(), 422, 'FORM_NOT_FOR_UNIT'],
      [reportPath('U1', '2026-Y', 'B01'), put(), 422, 'FORM_NOT_FOR_UNIT'],
      [reportPath('G1'), { formVersion: '1999.9', values: b01() }, 422, 'UNKNOWN_FORM_VERSION'],
    ]
    for (const [path, body, status, code] of cases) {
      const response = await f.request('PUT', path, { token, body })
      expect([path, response.status, await errorCode(response)]).toEqual([path, status, code])
    }
  })

  it('lets an upper union enter a report on behalf of a unit below (nhập hộ)', async () => {
    const f = await fixture()
    const response = await f.request('PUT', reportPath('G1M'), {
      token: await f.token('U1'),
      body: put(),
    })
    expect(response.status).toBe(201)
    expect(((await response.json()) as SubmissionCreated).submission.submittedBy).toBe('U1')
  })

  it('locks an accepted report until it is returned', async () => {
    const f = await fixture()
    await f.request('PUT', reportPath('G2'), { token: await f.token('G2'), body: put() })
    await f.request('POST', `${reportPath('G2')}/review`, {
      token: await f.token('U1'),
      body: { decision: 'accept' },
    })
    const locked = await f.request('PUT', reportPath('G2'), {
      token: await f.token('G2'),
      body: put(),
    })
    expect(locked.status).toBe(409)
    expect(await errorCode(locked)).toBe('REPORT_ACCEPTED')
  })
})

describe('bad input never makes a 500', () => {
  it('malformed JSON is a 400 MALFORMED_JSON', async () => {
    const f = await fixture()
    const response = await f.request('PUT', reportPath('G1'), {
      token: await f.token('G1'),
      headers: { 'content-type': 'application/json' },
      raw: '{"formVersion": "2026.1", "values": {',
    })
    expect(response.status).toBe(400)
    expect(await errorCode(response)).toBe('MALFORMED_JSON')
  })

  it('a body of the wrong shape is a 400 with the fields named', async () => {
    const f = await fixture()
    const response = await f.request('PUT', reportPath('G1'), {
      token: await f.token('G1'),
      body: { formVersion: 2026, values: [1, 2] },
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { details: { path: string }[] } }
    expect(body.error.details.map((d) => d.path).sort()).toEqual(['formVersion', 'values'])
  })

  it('an Idempotency-Key too long is a 400 naming the header, and nothing is stored', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const response = await f.request('PUT', reportPath('G1'), {
      token,
      headers: { 'Idempotency-Key': 'k'.repeat(201) },
      body: put(),
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as {
      error: { code: string; details: { in: string; path: string; message: string }[] }
    }
    expect(body.error.code).toBe('INVALID_REQUEST')
    expect(body.error.details).toEqual([
      expect.objectContaining({ in: 'header', path: 'idempotency-key' }),
    ])
    expect((await f.request('GET', reportPath('G1'), { token })).status).toBe(404)
  })

  it('a body over 1 MiB is a 413, by Content-Length and by streamed size', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const big = JSON.stringify(put(b01({ 'notes.other': 'x'.repeat(1_100_000) })))
    const declared = await f.request('PUT', reportPath('G1'), {
      token,
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      raw: big,
    })
    expect(declared.status).toBe(413)
    expect(await errorCode(declared)).toBe('PAYLOAD_TOO_LARGE')
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
        for (let i = 0; i < 20; i++) {
          controller.enqueue(chunk)
        }
        controller.close()
      },
    })
    const streamed = await f.app.request(reportPath('G1'), {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
  })

  it('an unknown path is a 404 with the error body', async () => {
    const f = await fixture()
    const response = await f.request('GET', '/api/v1/nothing')
    expect(response.status).toBe(404)
    expect(await errorCode(response)).toBe('NOT_FOUND')
  })
})

describe('upload a filled template', () => {
  it('reads the values by row code and stores them like a PUT, naming the revision in ETag', async () => {
    const f = await fixture()
    const bytes = await filledTemplate(f, {
      'workers.total': '1.250',
      'members.total': 1000,
      'members.women': 400,
    })
    const response = await f.request('POST', `${reportPath('G1')}/upload`, {
      token: await f.token('G1'),
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      raw: bytes,
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('etag')).toBe('"1"')
    const body = (await response.json()) as SubmissionCreated
    expect(body.submission.values).toMatchObject({
      'workers.total': 1250,
      'members.total': 1000,
      'members.rate': 80,
    })
  })

  it('reports the findings of a filled template with errors (422)', async () => {
    const f = await fixture()
    const bytes = await filledTemplate(f, { 'workers.total': 10, 'members.total': 20 })
    const response = await f.request('POST', `${reportPath('G1')}/upload`, {
      token: await f.token('G1'),
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      raw: bytes,
    })
    expect(response.status).toBe(422)
    expect(await errorCode(response)).toBe('VALIDATION_FAILED')
  })

  it('refuses a template of another unit (422) and a file that is not a workbook (400)', async () => {
    const f = await fixture()
    const bytes = await filledTemplate(f, { 'workers.total': 10, 'members.total': 5 })
    const token = await f.token('U1')
    const other = await f.request('POST', `${reportPath('G2')}/upload`, { token, raw: bytes })
    expect(other.status).toBe(422)
    expect(await errorCode(other)).toBe('TEMPLATE_MISMATCH')
    const garbage = await f.request('POST', `${reportPath('G2')}/upload`, {
      token,
      raw: 'not a zip',
    })
    expect(garbage.status).toBe(400)
    expect(await errorCode(garbage)).toBe('MALFORMED_WORKBOOK')
  })

  it('refuses a workbook that would unpack to more than 64 MiB (413), before unpacking it', async () => {
    const f = await fixture()
    const bytes = await filledTemplate(f, { 'workers.total': 30, 'members.total': 25 })
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    for (let i = 0; i + 4 <= bytes.byteLength; i++) {
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 100 * 1024 * 1024, true)
        break
      }
    }
    const response = await f.request('POST', `${reportPath('G1')}/upload`, {
      token: await f.token('G1'),
      raw: bytes,
    })
    expect(response.status).toBe(413)
    expect(await errorCode(response)).toBe('WORKBOOK_TOO_LARGE')
  })

  it('takes the workbook as multipart form data too', async () => {
    const f = await fixture()
    const bytes = await filledTemplate(f, { 'workers.total': 30, 'members.total': 25 })
    const form = new FormData()
    form.set('file', new Blob([bytes]), 'bao-cao.xlsx')
    const response = await f.app.request(`${reportPath('G1')}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await f.token('G1')}` },
      body: form,
    })
    expect(response.status).toBe(201)
  })
})
