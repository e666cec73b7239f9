/** @module Tests of rollups and status views: sums checked by hand, views, CSV and .xlsx. */
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { b01, fixture, reportPath, type Fixture } from './helpers.ts'

const figures: Record<string, Record<string, number | string | null>> = {
  G1: b01({
    'workers.total': 120,
    'workers.women': 80,
    'members.total': 100,
    'members.women': 70,
    'wage.persons': 120,
    'wage.average': 9_000_000,
    'welfare.amount': 3_000_000,
  }),
  G1M: b01({
    'workers.total': 15,
    'workers.women': 9,
    'members.total': 15,
    'members.women': 9,
    'wage.persons': 15,
    'wage.average': 6_000_000,
    'welfare.amount': 500_000,
  }),
  G2: b01({
    'workers.total': 40,
    'workers.women': 30,
    'members.total': 31,
    'members.women': 25,
    'wage.persons': 40,
    'wage.average': 7_500_000,
    'welfare.amount': 1_250_000,
  }),
  G3: b01({
    'workers.total': 300,
    'workers.women': 150,
    'members.total': 210,
    'members.women': 100,
    'wage.persons': 300,
    'wage.average': 7_000_000,
    'welfare.amount': 9_000_000,
  }),
}

async function submitAll(f: Fixture, units = Object.keys(figures)) {
  for (const unit of units) {
    const r = await f.request('PUT', reportPath(unit), {
      token: await f.token(unit),
      body: { formVersion: '2026.1', values: figures[unit] },
    })
    expect(r.status).toBe(201)
  }
}

interface RollupBody {
  values: Record<string, number | null>
  coverage: {
    expected: number
    submitted: number
    accepted: number
    missing: string[]
    counted: number
  }
  children: { unit: string; values: Record<string, number | null> }[]
}

const sum = (units: string[], code: string) =>
  units.reduce((total, unit) => total + Number(figures[unit]?.[code] ?? 0), 0)

describe('GET …/rollup', () => {
  it('sums the subtree, recomputes ratios and weighted means, and lists each child', async () => {
    const f = await fixture()
    await submitAll(f)
    const response = await f.request('GET', `${reportPath('P')}/rollup`, {
      token: await f.token('P'),
    })
    expect(response.status).toBe(200)
    const rollup = (await response.json()) as RollupBody
    const all = Object.keys(figures)
    expect(rollup.values['workers.total']).toBe(sum(all, 'workers.total'))
    expect(rollup.values['members.total']).toBe(sum(all, 'members.total'))
    expect(rollup.values['welfare.amount']).toBe(sum(all, 'welfare.amount'))
    const rate = Math.round((sum(all, 'members.total') / sum(all, 'workers.total')) * 10000) / 100
    expect(rollup.values['members.rate']).toBe(rate)
    const wageFund = all.reduce(
      (t, u) => t + Number(figures[u]?.['wage.average']) * Number(figures[u]?.['wage.persons']),
      0,
    )
    expect(rollup.values['wage.average']).toBeCloseTo(wageFund / sum(all, 'wage.persons'), 0)
    expect(rollup.coverage).toMatchObject({ expected: 4, submitted: 4, missing: [] })
    const u1 = rollup.children.find((c) => c.unit === 'U1')
    expect(u1?.values['members.total']).toBe(sum(['G1', 'G1M', 'G2'], 'members.total'))
  })

  it('shows missing units, and only accepted ones with ?view=accepted', async () => {
    const f = await fixture()
    await submitAll(f, ['G1', 'G2', 'G3'])
    await f.request('POST', `${reportPath('G2')}/review`, {
      token: await f.token('U1'),
      body: { decision: 'accept' },
    })
    const token = await f.token('P')
    const latest = (await (
      await f.request('GET', `${reportPath('P')}/rollup`, { token })
    ).json()) as RollupBody
    expect(latest.coverage.missing).toEqual(['G1M'])
    const accepted = (await (
      await f.request('GET', `${reportPath('P')}/rollup?view=accepted`, { token })
    ).json()) as RollupBody
    expect(accepted.values['members.total']).toBe(sum(['G2'], 'members.total'))
    expect(accepted.coverage.accepted).toBe(1)
  })

  it('serves fresh figures after a new submission (the cache follows writes)', async () => {
    const f = await fixture()
    await submitAll(f, ['G1'])
    const token = await f.token('U1')
    const before = (await (
      await f.request('GET', `${reportPath('U1')}/rollup`, { token })
    ).json()) as RollupBody
    await submitAll(f, ['G2'])
    const after = (await (
      await f.request('GET', `${reportPath('U1')}/rollup`, { token })
    ).json()) as RollupBody
    expect(Number(after.values['members.total']) - Number(before.values['members.total'])).toBe(31)
  })

  it('exports CSV with a BOM, Vietnamese headers and a neutralised formula-like name', async () => {
    const f = await fixture()
    await submitAll(f)
    const response = await f.request('GET', `${reportPath('U2')}/rollup`, {
      token: await f.token('U2'),
      headers: { accept: 'text/csv' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/)
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows: string[][] = parse(Buffer.from(bytes), { bom: true })
    expect(rows[0]?.slice(0, 3)).toEqual(['Mã đơn vị', 'Tên đơn vị', 'Phải báo cáo'])
    const g3 = rows.find((row) => row[0] === 'G3')
    expect(g3?.[1]).toBe(`'=HYPERLINK("http://evil.example","bấm")`)
    const header = rows[0] ?? []
    const members = header.findIndex((h) => h.includes('Tổng số đoàn viên'))
    expect(members).toBeGreaterThan(0)
    expect(Number(g3?.[members])).toBe(210)
  })

  it('exports CSV that a Vietnamese Excel, splitting on ";", still reads as text', async () => {
    const f = await fixture()
    const audit = {
      actor: 'admin',
      address: null,
      action: 'units.import',
      target: 't',
      details: {},
    }
    await f.store.importUnits(
      [{ code: 'G4', name: 'CĐCS Y;=1+2;', parent: 'U2', level: 'grassroots' }],
      audit,
    )
    const response = await f.request('GET', `${reportPath('U2')}/rollup`, {
      token: await f.token('U2'),
      headers: { accept: 'text/csv' },
    })
    const text = (await response.text()).replace(/^\uFEFF/, '')
    // The file is comma-separated: split on ";" the quotes fall mid-field and quote nothing.
    const pieces = text.split(/\r\n/).flatMap((line) => line.split(';'))
    expect(pieces.filter((piece) => /^"?\s*[=+\-@]/.test(piece))).toEqual([])
    expect(pieces).toContain("'=1+2")
    const byComma: string[][] = parse(text, { relax_column_count: true })
    expect(byComma.find((row) => row[0] === 'G4')?.[1]).toBe("CĐCS Y;'=1+2;")
  })

  it('exports .xlsx: totals with coverage, one row per child, number formats, text never a formula', async () => {
    const f = await fixture()
    await submitAll(f)
    const response = await f.request('GET', `${reportPath('P')}/rollup?format=xlsx`, {
      token: await f.token('P'),
    })
    expect(response.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Đơn vị', 'Chưa nộp'])
    const summary = workbook.getWorksheet('Tổng hợp')
    let members: ExcelJS.Cell | undefined
    summary?.eachRow((row) => {
      if (row.getCell(2).value === 'Tổng số đoàn viên công đoàn') {
        members = row.getCell(4)
      }
    })
    expect(members?.value).toBe(sum(Object.keys(figures), 'members.total'))
    expect(members?.numFmt).toBe('#,##0')
    let generated: ExcelJS.CellValue | undefined
    summary?.eachRow((row) => {
      const text = row.getCell(1).text
      if (text.startsWith('Lập lúc: ')) {
        generated = text.slice('Lập lúc: '.length)
      }
    })
    // The fixture's clock is 03:00 UTC: 10:00 in Hà Nội.
    expect(generated).toBe('23/11/2026 10:00')
    const units = workbook.getWorksheet('Đơn vị')
    let header = 0
    units?.eachRow((row, n) => {
      if (!header && row.getCell(1).value === 'Mã đơn vị') {
        header = n
      }
    })
    expect(units?.views[0]).toMatchObject({ state: 'frozen', ySplit: header, xSplit: 2 })
    expect(units?.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      printTitlesRow: `${header}:${header}`,
      printTitlesColumn: 'A:B',
    })
    expect(summary?.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1 })
    const names: ExcelJS.CellValue[] = []
    units?.eachRow((row, n) => {
      if (n > header) {
        names.push(row.getCell(2).value)
      }
    })
    expect(names).toEqual([
      'Tổng cộng: LĐLĐ tỉnh Thử Nghiệm',
      'Công đoàn ngành Giáo dục',
      'Công đoàn các Khu công nghiệp',
    ])

    const u2 = await f.request('GET', `${reportPath('U2')}/rollup?format=xlsx`, {
      token: await f.token('U2'),
    })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await u2.arrayBuffer())
    let g3: ExcelJS.Cell | undefined
    book.getWorksheet('Đơn vị')?.eachRow((row) => {
      if (row.getCell(1).value === 'G3') {
        g3 = row.getCell(2)
      }
    })
    expect(g3?.type).toBe(ExcelJS.ValueType.String)
    expect(g3?.value).toBe(`'=HYPERLINK("http://evil.example","bấm")`)
  })
})

describe('GET …/status', () => {
  it('lists every unit below with its status, revision and lateness', async () => {
    const f = await fixture()
    await submitAll(f, ['G1', 'G3'])
    f.clock.now = Date.parse('2026-12-15T17:30:00Z')
    const late = await f.request('PUT', reportPath('G2'), {
      token: await f.token('G2'),
      body: { formVersion: '2026.1', values: figures.G2 },
    })
    expect(late.status).toBe(201)
    await f.request('POST', `${reportPath('G1')}/review`, {
      token: await f.token('U1'),
      body: { decision: 'return', comment: 'Thiếu số liệu lương' },
    })
    const response = await f.request('GET', '/api/v1/units/P/periods/2026-Y/status', {
      token: await f.token('P'),
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      counts: Record<string, number>
      units: {
        unit: string
        form: string
        status: string
        revision: number | null
        late: boolean
      }[]
    }
    const row = (unit: string) => body.units.find((u) => u.unit === unit)
    expect(body.units.map((u) => u.unit)).toEqual(['U1', 'G1', 'G1M', 'G2', 'U2', 'G3'])
    expect(row('U1')).toMatchObject({ form: 'B02', status: 'none', revision: null })
    expect(row('G1')).toMatchObject({ form: 'B01', status: 'returned', revision: 1, late: false })
    expect(row('G2')).toMatchObject({ status: 'submitted', late: true })
    expect(row('G1M')).toMatchObject({ status: 'none', late: false })
    expect(body.counts).toEqual({
      expected: 6,
      none: 3,
      submitted: 3,
      accepted: 0,
      returned: 1,
      late: 1,
    })
  })
})
