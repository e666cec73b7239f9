/** @module Tests of forms, templates, periods, units, the audit log, docs and the add-in files. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { b01, errorCode, fixture } from './helpers.ts'
import { isIsoDate } from '../../shared/periods.ts'

describe('forms, periods and units', () => {
  it('lists the forms and serves one with its rows and rules, any version', async () => {
    const f = await fixture()
    const list = (await (await f.request('GET', '/api/v1/forms')).json()) as {
      forms: { id: string; versions: string[] }[]
    }
    expect(list.forms.map((form) => form.id)).toEqual(['B01', 'B02'])
    const b01 = await f.request('GET', '/api/v1/forms/B01')
    expect(b01.status).toBe(200)
    const form = (await b01.json()) as { rows: { code: string }[]; rules: unknown[] }
    expect(form.rows.map((r) => r.code)).toContain('members.rate')
    expect(form.rules.length).toBeGreaterThan(0)
    expect((await f.request('GET', '/api/v1/forms/B01?version=2026.1')).status).toBe(200)
    const noVersion = await f.request('GET', '/api/v1/forms/B01?version=1.0')
    expect([noVersion.status, await errorCode(noVersion)]).toEqual([404, 'FORM_VERSION_NOT_FOUND'])
    expect((await f.request('GET', '/api/v1/forms/B77')).status).toBe(404)
    expect((await f.request('GET', '/api/v1/forms/b01')).status).toBe(400)
  })

  it('the template: header, the five columns, a hidden code column, ratio formulas, locked labels', async () => {
    const f = await fixture()
    const response = await f.request('GET', '/api/v1/forms/B01/template.xlsx')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    const sheet = workbook.worksheets[0]
    expect(sheet).toBeDefined()
    if (!sheet) {
      return
    }
    expect(sheet.getCell('C1').value).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')
    expect(sheet.getCell('A2').value).toBe('……………………………………')
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1 })
    expect([1, 2, 3, 4, 5, 6].map((c) => sheet.getRow(9).getCell(c).value)).toEqual([
      'TT',
      'Nội dung',
      'Đơn vị tính',
      'Số lượng',
      'Ghi chú',
      'Mã dòng',
    ])
    expect(sheet.getColumn(6).hidden).toBe(true)
    let rate: ExcelJS.Row | undefined
    sheet.eachRow((row) => {
      if (row.getCell(6).value === 'members.rate') {
        rate = row
      }
    })
    expect(rate?.getCell(4).formula).toMatch(/ROUND\(D\d+\/D\d+\*100,2\)/)
    expect(rate?.getCell(4).numFmt).toBe('0.00')
    expect(sheet.getCell('B11').protection?.locked).not.toBe(false)
  })

  it('the template checks typed counts as Excel does, one rule per range, no two ranges overlapping', async () => {
    const f = await fixture()
    const bytes = new Uint8Array(
      await (await f.request('GET', '/api/v1/forms/B01/template.xlsx')).arrayBuffer(),
    )
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(bytes.buffer)
    const sheet = book.worksheets[0]!
    const codes = sheet.getColumn('F').values
    const workers = codes.indexOf('workers.total')
    expect(sheet.getCell(`D${workers}`).dataValidation).toMatchObject({
      type: 'whole',
      operator: 'greaterThanOrEqual',
      formulae: [0],
    })
    const ranges = [...zipEntry(bytes, 'xl/worksheets/sheet1.xml').matchAll(/sqref="([^"]+)"/g)]
      .flatMap((m) => m[1]!.split(' '))
      .map((range) => range.split(':').map((cell) => Number(cell.replace(/^[A-Z]+/, ''))))
      .map(([from, to]) => [from!, to ?? from!] as const)
      .sort((a, b) => a[0] - b[0])
    expect(ranges.length).toBeGreaterThan(1)
    for (let i = 1; i < ranges.length; i++) {
      expect(ranges[i]![0]).toBeGreaterThan(ranges[i - 1]![1])
    }
  })

  it('fills the unit, its upper union and the period into a template asked for them', async () => {
    const f = await fixture()
    const response = await f.request('GET', '/api/v1/forms/B01/template.xlsx?unit=G1&period=2026-Y')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    const sheet = workbook.worksheets[0]
    expect(sheet?.getCell('A1').value).toBe('CÔNG ĐOÀN NGÀNH GIÁO DỤC')
    expect(sheet?.getCell('A2').value).toBe('CĐCS TRƯỜNG TIỂU HỌC BẰNG VÂN')
    expect(sheet?.getCell('A6').value).toBe('Kỳ báo cáo: Năm 2026')
    expect(sheet?.getCell('A7').value).toBe('Số liệu tính đến ngày 30/11/2026')
    expect((await f.request('GET', '/api/v1/forms/B01/template.xlsx?unit=NOPE')).status).toBe(404)
    expect((await f.request('GET', '/api/v1/forms/B01/template.xlsx?period=2031-Y')).status).toBe(
      404,
    )
  })

  it('lists the periods newest first', async () => {
    const f = await fixture()
    const body = (await (await f.request('GET', '/api/v1/periods')).json()) as {
      periods: unknown[]
    }
    expect(body.periods).toEqual([
      { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
      { id: '2025-Y', cutoff: '2025-11-30', deadline: '2025-12-15', open: false },
    ])
  })

  it('a unit with its upper union and form; its children', async () => {
    const f = await fixture()
    const token = await f.token('U1')
    const unit = (await (await f.request('GET', '/api/v1/units/G1', { token })).json()) as {
      unit: unknown
    }
    expect(unit.unit).toEqual({
      code: 'G1',
      name: 'CĐCS Trường Tiểu học Bằng Vân',
      level: 'grassroots',
      parent: 'U1',
      parentName: 'Công đoàn ngành Giáo dục',
      validFrom: null,
      validTo: null,
      childCount: 1,
      form: 'B01',
    })
    const children = (await (
      await f.request('GET', '/api/v1/units/U1/children', { token })
    ).json()) as { children: { code: string }[] }
    expect(children.children.map((c) => c.code)).toEqual(['G1', 'G2'])
    expect((await f.request('GET', '/api/v1/units/NOPE', { token })).status).toBe(404)
  })
})

describe('the audit log', () => {
  it('records submissions and reviews with who and what, for the root unit only', async () => {
    const f = await fixture()
    await f.request('PUT', '/api/v1/units/G2/periods/2026-Y/forms/B01', {
      token: await f.token('U1'),
      body: { formVersion: '2026.1', values: { 'workers.total': 10, 'members.total': 8 } },
    })
    const response = await f.request('GET', '/api/v1/audit?limit=5', { token: await f.token('P') })
    expect(response.status).toBe(200)
    const { entries } = (await response.json()) as {
      entries: { actor: string; action: string; target: string }[]
    }
    expect(entries[0]).toMatchObject({
      actor: 'U1',
      action: 'submission.create',
      target: 'G2/2026-Y/B01',
    })
    const notRoot = await f.request('GET', '/api/v1/audit', { token: await f.token('U1') })
    expect([notRoot.status, await errorCode(notRoot)]).toEqual([403, 'ROOT_ONLY'])
  })
})

describe('the contract and the add-in files', () => {
  it('serves the OpenAPI document and the docs page from the same schemas', async () => {
    const f = await fixture()
    const doc = (await (await f.request('GET', '/openapi.json')).json()) as {
      paths: Record<string, unknown>
      components: { schemas: Record<string, unknown> }
    }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/token',
        '/api/v1/units/{unit}/periods/{period}/forms/{form}',
        '/api/v1/units/{unit}/periods/{period}/forms/{form}/rollup',
        '/api/v1/units/{unit}/periods/{period}/status',
      ]),
    )
    expect(doc.components.schemas).toHaveProperty('SubmissionRequest')
    const docs = await f.request('GET', '/docs')
    expect(docs.status).toBe(200)
    expect(await docs.text()).toContain('swagger')
  })

  it('says to run the build when the add-in is not built', async () => {
    const f = await fixture({ addinDir: path.join(tmpdir(), 'no-such-addin-dir') })
    const response = await f.request('GET', '/addin/taskpane.html')
    expect(response.status).toBe(404)
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('ADDIN_NOT_BUILT')
    expect(body.error.message).toContain('npm run build')
  })

  it('serves built files with their types and cache rules, and never outside the directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'addin-'))
    mkdirSync(path.join(dir, 'assets'))
    writeFileSync(path.join(dir, 'taskpane.html'), '<!doctype html><title>Báo cáo</title>')
    writeFileSync(path.join(dir, 'taskpane.3f9a1c2b.js'), 'console.log(1)')
    writeFileSync(path.join(dir, 'chunk-G7SZJ2HO.js'), 'export const a = 1')
    writeFileSync(path.join(dir, 'assets', 'icon-16.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    const f = await fixture({ addinDir: dir })
    const html = await f.request('GET', '/addin/taskpane.html')
    expect([
      html.status,
      html.headers.get('content-type'),
      html.headers.get('cache-control'),
    ]).toEqual([200, 'text/html; charset=utf-8', 'no-cache'])
    const js = await f.request('GET', '/addin/taskpane.3f9a1c2b.js')
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('cache-control')).toContain('immutable')
    const chunk = await f.request('GET', '/addin/chunk-G7SZJ2HO.js')
    expect(chunk.headers.get('cache-control')).toContain('immutable')
    const icon = await f.request('GET', '/addin/assets/icon-16.png')
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/png'])
    expect((await f.request('GET', '/assets/icon-16.png')).status).toBe(200)
    expect((await f.request('GET', '/addin/..%2f..%2fetc%2fpasswd')).status).toBe(404)
    expect((await f.request('GET', '/addin/missing.js')).status).toBe(404)
  })

  it('serves the manifest with the public origin in place of the development one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'manifest-'))
    const manifest = path.join(dir, 'manifest.xml')
    writeFileSync(
      manifest,
      '<OfficeApp><SourceLocation DefaultValue="https://localhost:8787/addin/taskpane.html"/></OfficeApp>',
    )
    const f = await fixture({ manifestPath: manifest, publicUrl: 'https://baocao.example.vn/' })
    const response = await f.request('GET', '/manifest.xml')
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    expect(await response.text()).toContain('https://baocao.example.vn/addin/taskpane.html')
  })

  it('serves the manifest for the origin it was reached at, whatever PORT is', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'manifest-'))
    const manifest = path.join(dir, 'manifest.xml')
    writeFileSync(
      manifest,
      '<OfficeApp><SourceLocation DefaultValue="https://localhost:8787/addin/taskpane.html"/></OfficeApp>',
    )
    const f = await fixture({ manifestPath: manifest })
    const plain = await f.app.request('http://localhost:3000/manifest.xml')
    expect(await plain.text()).toContain('"http://localhost:3000/addin/taskpane.html"')
    const tls = await f.app.request('https://baocao.lan:8443/manifest.xml')
    expect(await tls.text()).toContain('"https://baocao.lan:8443/addin/taskpane.html"')
    // A forwarded host is believed only behind a trusted proxy.
    const forwarded = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }
    const untrusted = await f.app.request('http://localhost:3000/manifest.xml', {
      headers: forwarded,
    })
    expect(await untrusted.text()).not.toContain('evil.example')
    const proxied = await fixture({ manifestPath: manifest, trustProxy: true })
    const behind = await proxied.app.request('http://10.0.0.5:8787/manifest.xml', {
      headers: { 'x-forwarded-host': 'baocao.example.vn', 'x-forwarded-proto': 'https' },
    })
    expect(await behind.text()).toContain('"https://baocao.example.vn/addin/taskpane.html"')
  })
})

describe('/docs', () => {
  it('works offline: the page loads Swagger UI from this worker only, pinned by version', async () => {
    const f = await fixture()
    const page = await f.request('GET', '/docs')
    expect(page.status).toBe(200)
    const html = await page.text()
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '')
    expect(sources.length).toBeGreaterThanOrEqual(3)
    for (const source of sources) {
      expect(source, source).toMatch(/^\/docs\/assets\/\d+\.\d+\.\d+\//)
      const asset = await f.request('GET', source)
      expect(asset.status, source).toBe(200)
      expect(asset.headers.get('cache-control')).toContain('immutable')
    }
    expect(
      (
        await f.request(
          'GET',
          sources.find((s) => s.endsWith('init.js'))!,
        )
      ).status,
    ).toBe(200)
    expect((await f.request('GET', '/docs/assets/5.35.0/package.json')).status).toBe(404)
  })

  it('gives every patterned field an example that matches its pattern and is a real value', async () => {
    const f = await fixture()
    const doc = (await (await f.request('GET', '/openapi.json')).json()) as unknown
    const found: { path: string; pattern: string; example: unknown }[] = []
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) {
        node.forEach((item, i) => walk(item, `${at}/${i}`))
        return
      }
      if (node === null || typeof node !== 'object') {
        return
      }
      const schema = node as Record<string, unknown>
      if (typeof schema.pattern === 'string') {
        found.push({ path: at, pattern: schema.pattern, example: schema.example })
      }
      for (const [key, value] of Object.entries(schema)) {
        walk(value, `${at}/${key}`)
      }
    }
    walk(doc, '')
    expect(found.length).toBeGreaterThan(5)
    for (const { path: at, pattern, example } of found) {
      expect(typeof example, at).toBe('string')
      expect(new RegExp(pattern).test(example as string), `${at}: ${String(example)}`).toBe(true)
      if (/^\d{4}-\d{2}-\d{2}$/.test(example as string)) {
        expect(isIsoDate(example as string), at).toBe(true)
      }
    }
  })
})

describe('calls from another origin', () => {
  it('answers the CORS preflight of a PUT with an Idempotency-Key', async () => {
    const f = await fixture()
    const response = await f.app.request('/api/v1/units/G1/periods/2026-Y/forms/B01', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://excel.officeapps.live.com',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/)
  })

  it("lets the other origin's page read the ETag of a stored report", async () => {
    const f = await fixture()
    const response = await f.app.request('/api/v1/units/G1/periods/2026-Y/forms/B01', {
      method: 'PUT',
      headers: {
        origin: 'https://excel.officeapps.live.com',
        authorization: `Bearer ${await f.token('G1')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ formVersion: '2026.1', values: b01() }),
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-expose-headers')).toMatch(/ETag/)
    expect(response.headers.get('etag')).toBe('"1"')
    expect(Number(response.headers.get('content-length'))).toBe(
      (await response.arrayBuffer()).byteLength,
    )
  })
})

/** One file of a zip archive (an .xlsx), read through its central directory. */
function zipEntry(zip: Uint8Array, name: string): string {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  const end = zip.lastIndexOf(0x50, zip.length - 22)
  let at = view.getUint32(end + 16, true)
  for (let i = view.getUint16(end + 10, true); i > 0; i--) {
    const nameLength = view.getUint16(at + 28, true)
    const entry = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength))
    if (entry === name) {
      const local = view.getUint32(at + 42, true)
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true)
      const data = zip.subarray(start, start + view.getUint32(at + 20, true))
      return (
        view.getUint16(at + 10, true) === 8 ? inflateRawSync(data) : Buffer.from(data)
      ).toString()
    }
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
  }
  throw new Error(`${name} is not in the archive`)
}
