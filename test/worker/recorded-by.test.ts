/**
 * @module Recorded by person: a report sent or reviewed by a person signed in shows their name
 * wherever a clerk looks (the report's history, the status view and its sheet, the audit log, the
 * printed form), and one sent or reviewed with a unit key says "khóa đơn vị" (a dotted line on
 * the printed form); uploads, imports and entries on behalf record the person the same way.
 */
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import {
  b01,
  filledTemplate,
  fixture,
  OPEN,
  reportPath,
  signedInPerson,
  type Fixture,
} from './helpers.ts'
import type { AuditEntry, StatusResponse, SubmissionResponse } from '../../shared/api-schemas.ts'
import { STATUS_HEADER, statusTableRows } from '../../addin/status-table.ts'
import { DOTTED } from '../../shared/sheet-layout.ts'
import { cleanScratch, printed, printingTools } from './libreoffice.ts'

afterAll(cleanScratch)

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const LAN = { login: 'lan@g1.vn', name: 'Nguyễn Thị Lan' }
const BINH = { login: 'binh@u1.vn', name: 'Trần Văn Bình' }
const body = { formVersion: '2026.1', values: b01() }

interface People {
  f: Fixture
  /** G1's clerk (lập biểu). */
  lan: string
  /** U1's reviewer (duyệt). */
  binh: string
}

async function people(): Promise<People> {
  const f = await fixture()
  return {
    f,
    lan: await signedInPerson(f, 'G1', LAN.login, ['lập-biểu'], { name: LAN.name }),
    binh: await signedInPerson(f, 'U1', BINH.login, ['duyệt'], { name: BINH.name }),
  }
}

async function history(f: Fixture, unit: string) {
  const response = await f.request('GET', `${reportPath(unit)}?history=1`, {
    token: await f.token('P'),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as SubmissionResponse
}

async function statusRow(f: Fixture, unit: string) {
  const response = await f.request('GET', `/api/v1/units/U1/periods/${OPEN}/status`, {
    token: await f.token('U1'),
  })
  const status = (await response.json()) as StatusResponse
  const row = status.units.find((u) => u.unit === unit)
  if (!row) {
    throw new Error(`${unit} is not in U1's status`)
  }
  return row
}

async function audit(f: Fixture, action: string): Promise<AuditEntry | undefined> {
  const response = await f.request('GET', '/api/v1/audit', { token: await f.token('P') })
  const { entries } = (await response.json()) as { entries: AuditEntry[] }
  return entries.find((entry) => entry.action === action)
}

/** The printed form's bytes, and the texts of its cells as a list (ExcelJS, no LibreOffice). */
async function printedForm(f: Fixture, unit: string, query = '') {
  const response = await f.request('GET', `${reportPath(unit)}/print.xlsx${query}`, {
    token: await f.token('U1'),
  })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe(XLSX)
  const bytes = new Uint8Array(await response.arrayBuffer())
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes.slice().buffer)
  const texts: string[] = []
  workbook.worksheets[0]?.eachRow((row) =>
    row.eachCell((cell) => {
      if (typeof cell.value === 'string') {
        texts.push(cell.value)
      }
    }),
  )
  return { bytes, texts }
}

/** The words printed under "NGƯỜI LẬP BIỂU", in its column, down to the page's footer. */
function underPreparer(pdf: Awaited<ReturnType<typeof printed>>): string {
  const heading = pdf.words.find((w) => w.text === 'LẬP')
  if (!heading) {
    throw new Error('no NGƯỜI LẬP BIỂU printed')
  }
  const middle = pdf.size[0] / 2
  return pdf.words
    .filter(
      (w) =>
        w.page === heading.page &&
        w.yMin > heading.yMax + 20 &&
        w.xMax < middle &&
        !/^Trang|^\d+\/\d+$/.test(w.text),
    )
    .map((w) => w.text)
    .join(' ')
}

describe('recorded by person', () => {
  it('a person’s report shows their name in its history, the status view and sheet, and the audit log', async () => {
    const { f, lan } = await people()
    const sent = await f.request('PUT', reportPath('G1'), { token: lan, body })
    expect(sent.status).toBe(201)
    const { revisions } = await history(f, 'G1')
    expect(revisions?.map((r) => [r.submittedBy, r.submittedByPerson])).toEqual([['G1', LAN]])
    const row = await statusRow(f, 'G1')
    expect(row.submittedByPerson).toEqual(LAN)
    const [sheetRow] = statusTableRows([row])
    expect(sheetRow?.[STATUS_HEADER.indexOf('Người nhập')]).toBe('Đơn vị tự nhập: Nguyễn Thị Lan')
    expect(await audit(f, 'submission.create')).toMatchObject({
      actor: 'G1',
      person: 'Nguyễn Thị Lan <lan@g1.vn>',
    })
    const { texts } = await printedForm(f, 'G1')
    expect(texts).toContain('Nguyễn Thị Lan')
    expect(texts.some((text) => text.includes('Chờ cấp trên duyệt'))).toBe(true)
  })

  it('a unit key’s report says "khóa đơn vị", and its printed form leaves a dotted line for the name', async () => {
    const { f } = await people()
    await f.request('PUT', reportPath('G1'), { token: await f.token('G1'), body })
    const { submission } = await history(f, 'G1')
    expect(submission.submittedByPerson).toBeNull()
    const row = await statusRow(f, 'G1')
    expect(row.submittedByPerson).toBeNull()
    const [sheetRow] = statusTableRows([row])
    expect(sheetRow?.[STATUS_HEADER.indexOf('Người nhập')]).toBe('Đơn vị tự nhập: khóa đơn vị')
    expect((await audit(f, 'submission.create'))?.person).toBeNull()
    const { texts } = await printedForm(f, 'G1')
    expect(texts).toContain(DOTTED)
  })

  it('a review by a person names the reviewer in the history, the status, the audit and the printed form', async () => {
    const { f, lan, binh } = await people()
    await f.request('PUT', reportPath('G1'), { token: lan, body })
    const returned = await f.request('POST', `${reportPath('G1')}/review`, {
      token: binh,
      body: { decision: 'return', comment: 'Số nữ chưa khớp' },
    })
    expect(returned.status).toBe(200)
    const { submission } = await history(f, 'G1')
    expect(submission.review).toMatchObject({ reviewer: 'U1', reviewerPerson: BINH })
    const row = await statusRow(f, 'G1')
    expect(row).toMatchObject({ reviewer: 'U1', reviewerPerson: BINH, decision: 'return' })
    expect(statusTableRows([row])[0]?.[STATUS_HEADER.indexOf('Người duyệt')]).toBe(
      'U1: Trần Văn Bình',
    )
    expect((await audit(f, 'review.return'))?.person).toBe('Trần Văn Bình <binh@u1.vn>')
    const { texts } = await printedForm(f, 'G1')
    expect(texts).toContain('Nguyễn Thị Lan')
    expect(
      texts.find((text) => text.includes('Trả lại: Trần Văn Bình (Công đoàn ngành Giáo dục)')),
    ).toContain('Nhận xét: Số nữ chưa khớp')
    // Sent again with the unit key and accepted with U1's key: the status row forgets both people.
    await f.request('PUT', reportPath('G1'), { token: await f.token('G1'), body })
    await f.request('POST', `${reportPath('G1')}/review`, {
      token: await f.token('U1'),
      body: { decision: 'accept', comment: '' },
    })
    expect(await statusRow(f, 'G1')).toMatchObject({
      submittedByPerson: null,
      reviewerPerson: null,
      decision: 'accept',
    })
    const accepted = await printedForm(f, 'G1')
    expect(
      accepted.texts.some((t) => t.includes('Đã duyệt: Công đoàn ngành Giáo dục (khóa đơn vị)')),
    ).toBe(true)
    // The first revision still prints as Lan sent it and Bình returned it.
    const first = await printedForm(f, 'G1', '?revision=1')
    expect(first.texts).toContain('Nguyễn Thị Lan')
    expect(first.texts.some((t) => t.includes('Trả lại: Trần Văn Bình'))).toBe(true)
    const missing = await f.request('GET', `${reportPath('G1')}/print.xlsx?revision=9`, {
      token: await f.token('U1'),
    })
    expect(missing.status).toBe(404)
  })

  it('an entry on behalf, an upload and an import record the person beside the unit', async () => {
    const { f, lan, binh } = await people()
    const onBehalf = await f.request('PUT', reportPath('G2'), { token: binh, body })
    expect(onBehalf.status).toBe(201)
    expect((await history(f, 'G2')).submission).toMatchObject({
      submittedBy: 'U1',
      submittedByPerson: BINH,
    })
    const [sheetRow] = statusTableRows([await statusRow(f, 'G2')])
    expect(sheetRow?.[STATUS_HEADER.indexOf('Người nhập')]).toBe(
      'Cấp trên nhập (U1): Trần Văn Bình',
    )

    const uploaded = await f.request('POST', `${reportPath('G1')}/upload`, {
      token: lan,
      headers: { 'content-type': XLSX },
      raw: (await filledTemplate(f, b01())) as Uint8Array<ArrayBuffer>,
    })
    expect(uploaded.status).toBe(201)
    expect((await history(f, 'G1')).submission.submittedByPerson).toEqual(LAN)

    const imported = await f.request('POST', `/api/v1/units/U1/periods/${OPEN}/imports`, {
      token: binh,
      headers: { 'content-type': XLSX, 'x-file-name': 'G1.xlsx' },
      raw: (await filledTemplate(f, b01({ 'workers.total': 120 }))) as Uint8Array<ArrayBuffer>,
    })
    expect(await imported.json()).toMatchObject({ outcome: 'stored', unit: 'G1', revision: 2 })
    expect((await history(f, 'G1')).revisions?.map((r) => r.submittedByPerson)).toEqual([LAN, BINH])
  })

  it('the rollup workbook names who sent and who reviewed each unit’s report', async () => {
    const { f, lan, binh } = await people()
    await f.request('PUT', reportPath('G1'), { token: lan, body })
    await f.request('POST', `${reportPath('G1')}/review`, {
      token: binh,
      body: { decision: 'accept', comment: '' },
    })
    await f.request('PUT', reportPath('G2'), { token: await f.token('G2'), body })
    const response = await f.request('GET', `${reportPath('U1')}/rollup?format=xlsx`, {
      token: await f.token('U1'),
    })
    expect(response.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    const sheet = workbook.getWorksheet('Đơn vị')
    const rows: string[][] = []
    sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map(String)))
    const header = rows.find((row) => row.includes('Người lập')) ?? []
    const of = (unit: string) => {
      const row = rows.find((r) => r[0] === unit) ?? []
      return [row[header.indexOf('Người lập')] ?? '', row[header.indexOf('Người duyệt')] ?? '']
    }
    expect(of('G1')).toEqual(['Nguyễn Thị Lan', 'Trần Văn Bình (U1)'])
    expect(of('G2')).toEqual(['khóa đơn vị', ''])
  })

  it('a key issued by a person names them in the audit log', async () => {
    const { f } = await people()
    const admin = await signedInPerson(f, 'P', 'hoa@bk.vn', ['quản-trị'], { name: 'Lê Thị Hoa' })
    const issued = await f.request('POST', '/api/v1/units/G1/keys', { token: admin })
    expect(issued.status).toBe(201)
    expect(await audit(f, 'key.issue')).toMatchObject({
      actor: 'P',
      person: 'Lê Thị Hoa <hoa@bk.vn>',
      target: 'G1',
    })
  })
})

describe.skipIf(!printingTools || process.env.TEST_STORE === 'postgres')(
  'the printed form, printed by LibreOffice',
  { timeout: 180_000 },
  () => {
    it('prints the submitter’s name under NGƯỜI LẬP BIỂU and the reviewer below; a dotted line for a unit key', async () => {
      const { f, lan, binh } = await people()
      await f.request('PUT', reportPath('G1'), { token: lan, body })
      await f.request('POST', `${reportPath('G1')}/review`, {
        token: binh,
        body: { decision: 'accept', comment: '' },
      })
      const byLan = await printed((await printedForm(f, 'G1')).bytes, 'bao-cao-G1.xlsx')
      expect(byLan.size.map(Math.round)).toEqual([595, 842])
      expect(underPreparer(byLan)).toContain('Nguyễn Thị Lan')
      const last =
        byLan.text
          .split('\f')
          .filter((page) => page.trim() !== '')
          .at(-1) ?? ''
      expect(last).toMatch(/Đã duyệt: Trần Văn Bình \(Công đoàn ngành\s+Giáo dục\)/)
      expect(byLan.text).toContain('CĐCS TRƯỜNG TIỂU HỌC BẰNG VÂN')

      await f.request('PUT', reportPath('G2'), { token: await f.token('G2'), body })
      const byKey = await printed((await printedForm(f, 'G2')).bytes, 'bao-cao-G2.xlsx')
      expect(underPreparer(byKey)).toContain(DOTTED)
      expect(byKey.text).toContain('Chờ cấp trên duyệt')
    })
  },
)
