/**
 * @module Tests of importing e-mailed templates (worker/reports-import.ts): each file matched to
 * its unit, checked, stored as entered by the importing union, one line per file; a second run
 * stores nothing new; and the same over HTTP for the pane.
 */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { importReportFiles, unitFromFileName } from '../../worker/reports-import.ts'
import { treeAt } from '../../shared/unit-tree.ts'
import { b01, fixture, OPEN, UNITS, type Fixture } from './helpers.ts'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A template from the worker (named for `unit` and `period`, or blank), filled in with ExcelJS. */
async function template(
  f: Fixture,
  values: Record<string, number | string>,
  query = '',
): Promise<Uint8Array> {
  const response = await f.request('GET', `/api/v1/forms/B01/template.xlsx${query}`)
  expect(response.status).toBe(200)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(await response.arrayBuffer())
  const sheet = workbook.worksheets[0]!
  sheet.eachRow((row) => {
    const code = row.getCell(6).value
    if (typeof code === 'string' && code in values) {
      row.getCell(4).value = values[code] ?? null
    }
  })
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

async function folder(f: Fixture) {
  const plain = new ExcelJS.Workbook()
  plain.addWorksheet('Sheet1').getCell('A1').value = 'Danh sách đoàn viên'
  const files = [
    { file: 'G1.xlsx', bytes: await template(f, b01(), `?unit=G1&period=${OPEN}`) },
    {
      file: 'G2 - Trường THCS Cốc Đán.xlsx',
      bytes: await template(f, b01({ 'workers.total': 300 })),
    },
    { file: 'bao cao.xlsx', bytes: await template(f, b01()) },
    {
      file: 'danh-sach.xlsx',
      bytes: new Uint8Array(await plain.xlsx.writeBuffer()),
    },
    { file: 'G3.xlsx', bytes: await template(f, b01(), `?unit=G3&period=${OPEN}`) },
    {
      file: 'G1M loi.xlsx',
      bytes: await template(f, b01({ 'members.women': 999_999 }), `?unit=G1M&period=${OPEN}`),
    },
    { file: 'G2 cu.xlsx', bytes: await template(f, b01(), '?unit=G2&period=2025-Y') },
  ]
  return files.map(({ file, bytes }) => ({ file, bytes: () => bytes }))
}

describe('reports:import', () => {
  it('matches, checks and stores each file as entered by the importing union, one line each', async () => {
    const f = await fixture()
    const files = await folder(f)
    const printed: string[] = []
    const lines = await importReportFiles(
      f.services,
      { by: 'U1', period: OPEN, address: null },
      files,
      (line) => printed.push(line.file),
    )
    expect(printed).toEqual(files.map((file) => file.file))
    expect(lines.map((line) => [line.file, line.outcome, line.unit ?? null])).toEqual([
      ['G1.xlsx', 'stored', 'G1'],
      ['G2 - Trường THCS Cốc Đán.xlsx', 'stored', 'G2'],
      ['bao cao.xlsx', 'noUnit', null],
      ['danh-sach.xlsx', 'notTemplate', null],
      ['G3.xlsx', 'notYours', 'G3'],
      ['G1M loi.xlsx', 'refused', 'G1M'],
      ['G2 cu.xlsx', 'otherPeriod', null],
    ])
    expect(lines[0]?.revision).toBe(1)
    expect(lines[5]?.findings?.some((finding) => finding.row === 'members.women')).toBe(true)
    expect(lines[2]?.message).toContain('mã đơn vị')
    const stored = await f.store.latestRevision('G2', OPEN, 'B01')
    expect(stored?.submittedBy).toBe('U1')
    expect(stored?.values['workers.total']).toBe(300)
  })

  it('stores nothing new on a second run over the same folder', async () => {
    const f = await fixture()
    const files = await folder(f)
    const request = { by: 'U1', period: OPEN, address: null }
    await importReportFiles(f.services, request, files, () => undefined)
    const again = await importReportFiles(f.services, request, files, () => undefined)
    expect(again.filter((line) => line.outcome === 'stored')).toEqual([])
    expect(again.filter((line) => line.outcome === 'duplicate').map((l) => l.revision)).toEqual([
      1, 1,
    ])
    expect((await f.store.revisions('G1', OPEN, 'B01')).length).toBe(1)
  })

  it('finds the unit code a file name starts with, the longest one the tree has', () => {
    const tree = treeAt(UNITS, '2026-11-30')
    expect(unitFromFileName('G1M - CĐCS thành viên.xlsx', tree)).toBe('G1M')
    expect(unitFromFileName('g1_bao-cao-2026.xlsx', tree)).toBe('G1')
    expect(unitFromFileName('thu muc/G2 (sua).xlsx', tree)).toBe('G2')
    expect(unitFromFileName('G12.xlsx', tree)).toBeUndefined()
    expect(unitFromFileName('Báo cáo G1.xlsx', tree)).toBeUndefined()
  })

  it('takes one file over HTTP for the pane, its name in X-File-Name, and answers its line', async () => {
    const f = await fixture()
    const token = await f.token('U1')
    const bytes = await template(f, b01({ 'workers.total': 310 }))
    const post = () =>
      f.request('POST', `/api/v1/units/U1/periods/${OPEN}/imports`, {
        token,
        headers: { 'content-type': XLSX, 'x-file-name': encodeURIComponent('G2 Cốc Đán.xlsx') },
        raw: bytes as Uint8Array<ArrayBuffer>,
      })
    const first = await post()
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({
      file: 'G2 Cốc Đán.xlsx',
      outcome: 'stored',
      unit: 'G2',
      revision: 1,
    })
    expect(await (await post()).json()).toMatchObject({ outcome: 'duplicate', revision: 1 })
    const outside = await f.request('POST', `/api/v1/units/U2/periods/${OPEN}/imports`, {
      token,
      headers: { 'content-type': XLSX },
      raw: bytes as Uint8Array<ArrayBuffer>,
    })
    expect(outside.status).toBe(403)
  })
})
