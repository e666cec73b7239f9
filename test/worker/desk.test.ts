/**
 * @module Tests of what the upper union's desk asks of the worker: per-row notes and per-warning
 * reasons kept with a revision, status rows that say who entered a report, its warnings and its
 * review, the children's latest reports for "Nhập hộ", and a review that names the revision read.
 */
import { describe, expect, it } from 'vitest'
import type { ChildReportsResponse, StatusResponse } from '../../shared/api-schemas.ts'
import { b01, errorCode, filledTemplate, fixture, OPEN, reportPath } from './helpers.ts'
import type { SubmissionCreated, SubmissionResponseBody } from './types.ts'
import { checkUnitLines, parseUnitsFile, type UnitLine } from '../../worker/admin/units-file.ts'

const body = { formVersion: '2026.1', values: b01() }

/** G1 last year had 50 workers: this year's 100 is a period-over-period warning. */
async function withLastYear(f: Awaited<ReturnType<typeof fixture>>): Promise<void> {
  await f.store.appendRevision({
    unit: 'G1',
    period: '2025-Y',
    form: 'B01',
    formVersion: '2026.1',
    values: b01({ 'workers.total': 50, 'workers.women': 30, 'members.total': 45 }),
    warnings: [],
    acknowledgedWarnings: [],
    submittedAt: '2025-12-01T00:00:00Z',
    submittedBy: 'G1',
    audit: { actor: 'admin', address: null, action: 'seed', target: 'G1', details: {} },
  })
}

describe('notes and warning reasons travel with the report', () => {
  it('keeps each row’s Ghi chú and each confirmed warning’s reason, and returns them', async () => {
    const f = await fixture()
    await f.store.savePeriod(
      { id: '2025-Y', cutoff: '2025-11-30', deadline: '2025-12-15', open: true },
      { actor: 'admin', address: null, action: 'period.open', target: '2025-Y', details: {} },
    )
    await withLastYear(f)
    const g1 = await f.token('G1')
    const put = await f.request('PUT', reportPath('G1'), {
      token: g1,
      body: {
        ...body,
        notes: { 'workers.total': 'Gồm 4 hợp đồng thời vụ', 'members.total': '  ', nope: 'x' },
        acknowledgedWarnings: ['change:workers.total'],
        warningReasons: { 'change:workers.total': 'Trường mở thêm 4 lớp' },
      },
    })
    expect(put.status).toBe(201)
    const seen = (await (
      await f.request('GET', reportPath('G1'), { token: await f.token('U1') })
    ).json()) as SubmissionResponseBody
    expect(seen.submission.notes).toEqual({ 'workers.total': 'Gồm 4 hợp đồng thời vụ' })
    const warning = seen.submission.warnings.find((w) => w.rule === 'change:workers.total')
    expect(warning).toMatchObject({ acknowledged: true, reason: 'Trường mở thêm 4 lớp' })
  })

  it('an upload reads the notes from the template’s Ghi chú column', async () => {
    const f = await fixture()
    const xlsx = await filledTemplate(f, b01())
    const ExcelJS = (await import('exceljs')).default
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    let codeColumn = 0
    let noteColumn = 0
    sheet.eachRow((row) =>
      row.eachCell((cell, col) => {
        if (cell.value === 'Mã dòng') {
          codeColumn ||= col
        }
        if (cell.value === 'Ghi chú') {
          noteColumn ||= col
        }
      }),
    )
    sheet.eachRow((row) => {
      if (row.getCell(codeColumn).value === 'members.new') {
        row.getCell(noteColumn).value = 'Kết nạp đợt 3/2'
      }
    })
    const upload = await f.request('POST', `${reportPath('G1')}/upload`, {
      token: await f.token('G1'),
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      raw: Buffer.from(await workbook.xlsx.writeBuffer()),
    })
    expect(upload.status).toBe(201)
    const created = (await upload.json()) as SubmissionCreated
    expect(created.submission.notes).toEqual({ 'members.new': 'Kết nạp đợt 3/2' })
  })
})

describe('the status rows of the desk', () => {
  it('say who entered each report, its warnings, the unconfirmed ones, the review and contacts', async () => {
    const f = await fixture()
    await f.store.importUnits(
      [
        {
          code: 'G2',
          name: 'CĐCS Trường THCS Cốc Đán',
          parent: 'U1',
          level: 'grassroots',
          phone: '0209 3870 123',
          email: 'cd.cocdan@example.vn',
        },
      ],
      { actor: 'admin', address: null, action: 'units.import', target: 't', details: {} },
    )
    await f.store.savePeriod(
      { id: '2025-Y', cutoff: '2025-11-30', deadline: '2025-12-15', open: true },
      { actor: 'admin', address: null, action: 'period.open', target: '2025-Y', details: {} },
    )
    await withLastYear(f)
    await f.request('PUT', reportPath('G1'), { token: await f.token('G1'), body })
    await f.request('POST', `${reportPath('G1')}/review`, {
      token: await f.token('U1'),
      body: { decision: 'return', comment: 'Kiểm tra số lao động' },
    })
    const status = (await (
      await f.request('GET', `/api/v1/units/U1/periods/${OPEN}/status`, {
        token: await f.token('U1'),
      })
    ).json()) as StatusResponse
    const g1 = status.units.find((u) => u.unit === 'G1')
    const stored = await f.store.latestRevision('G1', OPEN, 'B01')
    expect(stored?.warnings.length).toBeGreaterThan(0)
    expect(g1).toMatchObject({
      parentName: 'Công đoàn ngành Giáo dục',
      submittedBy: 'G1',
      warnings: stored?.warnings.length,
      unconfirmed: stored?.warnings.length,
      reviewer: 'U1',
      decision: 'return',
    })
    const g2 = status.units.find((u) => u.unit === 'G2')
    expect(g2).toMatchObject({
      status: 'none',
      submittedBy: null,
      reviewer: null,
      phone: '0209 3870 123',
      email: 'cd.cocdan@example.vn',
    })
  })

  it('units:import reads optional phone and email columns, and refuses a bad one on its line', async () => {
    const csv = [
      'code,name,parent,level,phone,email',
      'BK,LĐLĐ tỉnh Bắc Kạn,,province,,',
      'BK.A,CĐCS A,BK,grassroots,0912 345 678,a@example.vn',
      'BK.B,CĐCS B,BK,grassroots,gọi chị Hà,',
    ].join('\n')
    const checked = checkUnitLines(
      (await parseUnitsFile(new TextEncoder().encode(csv), 'csv')) as UnitLine[],
      [],
    )
    expect(checked.ok ? [] : checked.problems.map((p) => p.line)).toEqual([4])
    const good = checkUnitLines(
      (await parseUnitsFile(
        new TextEncoder().encode(csv.split('\n').slice(0, 3).join('\n')),
        'csv',
      )) as UnitLine[],
      [],
    )
    expect(good.ok && good.units[1]).toMatchObject({ phone: '0912 345 678', email: 'a@example.vn' })
  })
})

describe('GET …/forms/B01/children', () => {
  it('gives the latest report of each child that sent one, with who entered it', async () => {
    const f = await fixture()
    await f.request('PUT', reportPath('G1'), {
      token: await f.token('G1'),
      body: { ...body, notes: { 'workers.total': 'ghi chú' } },
    })
    const response = await f.request('GET', `${reportPath('U1')}/children`, {
      token: await f.token('U1'),
    })
    expect(response.status).toBe(200)
    const children = (await response.json()) as ChildReportsResponse
    expect(children.reports.map((r) => [r.unit, r.revision, r.submittedBy])).toEqual([
      ['G1', 1, 'G1'],
    ])
    expect(children.reports[0]?.notes).toEqual({ 'workers.total': 'ghi chú' })
    const sibling = await f.request('GET', `${reportPath('U1')}/children`, {
      token: await f.token('U2'),
    })
    expect(sibling.status).toBe(403)
  })
})

describe('a review names the revision it read (If-Match)', () => {
  it('is refused with 409 REVIEW_CONFLICT when the report changed meanwhile', async () => {
    const f = await fixture()
    const g1 = await f.token('G1')
    const u1 = await f.token('U1')
    await f.request('PUT', reportPath('G1'), { token: g1, body })
    await f.request('PUT', reportPath('G1'), {
      token: g1,
      body: { ...body, values: b01({ 'maiam.houses': 2 }) },
    })
    const stale = await f.request('POST', `${reportPath('G1')}/review`, {
      token: u1,
      headers: { 'if-match': '"1"' },
      body: { decision: 'accept' },
    })
    expect(stale.status).toBe(409)
    expect(await errorCode(stale)).toBe('REVIEW_CONFLICT')
    expect((await f.store.latestRevision('G1', OPEN, 'B01'))?.status).toBe('submitted')
    const fresh = await f.request('POST', `${reportPath('G1')}/review`, {
      token: u1,
      headers: { 'if-match': '"2"' },
      body: { decision: 'accept' },
    })
    expect(fresh.status).toBe(200)
  })
})
