/**
 * @module Tests of the template and the rollup export in a real spreadsheet engine: a unit without
 * the add-in fills the template, LibreOffice opens, recalculates and saves it, and the upload gives
 * the same submission as the add-in would.
 */
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import { ratioPercent } from '../../shared/quotient.ts'
import { CODE_HEADER, VALUE_HEADER, formSheetLayout } from '../../shared/sheet-layout.ts'
import { b01, fixture, OPEN, reportPath, type Fixture } from './helpers.ts'
import { SOFFICE, cleanScratch, printingTools, throughLibreOffice } from './libreoffice.ts'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const HEADER_ROW = formSheetLayout(defaultCatalog().get('B01')!).headerRow

type Bytes = Uint8Array<ArrayBuffer>

afterAll(cleanScratch)

async function loadBook(bytes: Bytes | ArrayBuffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes instanceof Uint8Array ? bytes.slice().buffer : bytes)
  return workbook
}

interface FormSheet {
  sheet: ExcelJS.Worksheet
  codeColumn: number
  valueColumn: number
  /** Row code → sheet row number. */
  rows: Map<string, number>
}

/** Finds the rows of the form sheet by the hidden code column, as the server's reader does. */
function formSheet(workbook: ExcelJS.Workbook): FormSheet {
  const sheet = workbook.getWorksheet('B01')
  if (!sheet) {
    throw new Error('no sheet B01')
  }
  let codeColumn = 0
  let valueColumn = 0
  sheet.getRow(HEADER_ROW).eachCell((cell, col) => {
    if (cell.value === CODE_HEADER) {
      codeColumn = col
    }
    if (cell.value === VALUE_HEADER) {
      valueColumn = col
    }
  })
  const rows = new Map<string, number>()
  sheet.eachRow((row, n) => {
    const code = row.getCell(codeColumn).value
    if (n > HEADER_ROW && typeof code === 'string') {
      rows.set(code, n)
    }
  })
  return { sheet, codeColumn, valueColumn, rows }
}

function valueCell(form: FormSheet, code: string): ExcelJS.Cell {
  const n = form.rows.get(code)
  if (n === undefined) {
    throw new Error(`no row ${code}`)
  }
  return form.sheet.getRow(n).getCell(form.valueColumn)
}

/** The blank template of G1, filled in with ExcelJS the way a clerk types into the cells. */
async function filledTemplate(f: Fixture, values: Record<string, number | string>): Promise<Bytes> {
  const response = await f.request('GET', `/api/v1/forms/B01/template.xlsx?unit=G1&period=${OPEN}`)
  expect(response.status).toBe(200)
  const workbook = await loadBook(await response.arrayBuffer())
  const form = formSheet(workbook)
  for (const [code, value] of Object.entries(values)) {
    valueCell(form, code).value = value
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

function upload(f: Fixture, token: string, bytes: Bytes): Promise<Response> {
  return f.request('POST', `${reportPath('G1')}/upload`, {
    token,
    headers: { 'content-type': XLSX_TYPE },
    raw: bytes,
  })
}

const typed = {
  'workers.total': 5240,
  'members.total': 2983,
  'members.women': 1500,
  'notes.preparedBy': 'Nguyễn Thị Hoà',
}

// CI installs LibreOffice (Debian's libreoffice-calc-nogui); elsewhere the suite name says why
// it is skipped.
const present = printingTools
const suite = present
  ? 'the template and exports in LibreOffice'
  : `the template and exports in LibreOffice (skipped: ${SOFFICE} not found; ` +
    'install libreoffice-calc-nogui)'

// Each test runs soffice once (a few seconds); the bound leaves room for a slow CI machine.
describe.skipIf(!present)(suite, { timeout: 120_000 }, () => {
  it('computes the ratio row by its formula, keeping labels, TT and the code column', async () => {
    const f = await fixture()
    const filled = await filledTemplate(f, typed)
    // The template carries the formula alone: any result read below is LibreOffice's own.
    expect(valueCell(formSheet(await loadBook(filled)), 'members.rate').result).toBeUndefined()
    const saved = await throughLibreOffice(filled, 'B01-G1.xlsx')
    const workbook = await loadBook(saved)
    const form = formSheet(workbook)
    const rate = valueCell(form, 'members.rate')
    expect(rate.type).toBe(ExcelJS.ValueType.Formula)
    expect(rate.formula).toContain('ROUND(')
    expect(rate.result).toBe(56.93)
    expect(rate.result).toBe(ratioPercent(2983, 5240))
    // A ratio whose sides are empty stays blank rather than showing #DIV/0!.
    const coverage = valueCell(form, 'agreement.coverage')
    expect(coverage.type).toBe(ExcelJS.ValueType.Formula)
    expect(coverage.result ?? '').toBe('')
    expect(valueCell(form, 'workers.total').value).toBe(5240)
    expect(valueCell(form, 'notes.preparedBy').value).toBe('Nguyễn Thị Hoà')

    const catalogForm = defaultCatalog().get('B01')
    expect(catalogForm).toBeDefined()
    for (const row of catalogForm?.rows ?? []) {
      const n = form.rows.get(row.code)
      expect(n, row.code).toBeDefined()
      const line = form.sheet.getRow(n ?? 0)
      expect(line.getCell(1).text, row.code).toBe(row.tt)
      expect(line.getCell(2).value, row.code).toBe(row.label)
    }
    expect(form.codeColumn).toBe(6)
    expect(form.sheet.getColumn(form.codeColumn).hidden).toBe(true)
    const meta = [1, 2, 3, 4].map((n) => form.sheet.getRow(n).getCell(form.codeColumn).value)
    expect(meta).toEqual(['form=B01', 'version=2026.1', 'unit=G1', `period=${OPEN}`])
  })

  it('takes the LibreOffice-saved workbook as the same submission the add-in makes', async () => {
    const f = await fixture()
    const token = await f.token('G1')
    const saved = await throughLibreOffice(await filledTemplate(f, typed), 'B01-G1.xlsx')
    const response = await upload(f, token, saved)
    expect(response.status).toBe(201)
    const body = (await response.json()) as {
      submission: { formVersion: string; values: Record<string, number | string | null> }
    }
    expect(body.submission.formVersion).toBe('2026.1')
    expect(body.submission.values).toMatchObject({ ...typed, 'members.rate': 56.93 })
    const stored = await f.request('GET', reportPath('G1'), { token })
    expect(((await stored.json()) as typeof body).submission.values).toEqual(body.submission.values)

    const put = await f.request('PUT', reportPath('G1'), {
      token,
      body: { formVersion: '2026.1', values: typed },
    })
    expect(put.status).toBe(201)
    const viaPut = (await put.json()) as typeof body
    expect(body.submission.values).toEqual(viaPut.submission.values)
  })

  it('reports a word in a number cell as a finding on that row, in Vietnamese (422)', async () => {
    const f = await fixture()
    const saved = await throughLibreOffice(
      await filledTemplate(f, { ...typed, 'workers.total': 'nhiều' }),
      'B01-G1.xlsx',
    )
    expect(valueCell(formSheet(await loadBook(saved)), 'workers.total').value).toBe('nhiều')
    const response = await upload(f, await f.token('G1'), saved)
    expect(response.status).toBe(422)
    const body = (await response.json()) as {
      error: { code: string; details: { row: string; severity: string; message: string }[] }
    }
    expect(body.error.code).toBe('VALIDATION_FAILED')
    const finding = body.error.details.find((d) => d.row === 'workers.total')
    expect(finding?.severity).toBe('error')
    expect(finding?.message).toContain('Tổng số lao động')
    expect(finding?.message).toContain('nhiều')
  })

  it('opens the rollup export and reads back the totals of the JSON rollup', async () => {
    const f = await fixture()
    const figures = {
      G1: b01({
        'workers.total': 5240,
        'workers.women': 3000,
        'members.total': 2983,
        'members.women': 1500,
        'wage.persons': 5240,
      }),
      G2: b01({
        'workers.total': 40,
        'workers.women': 30,
        'members.total': 31,
        'members.women': 25,
        'wage.persons': 40,
      }),
    }
    for (const [unit, values] of Object.entries(figures)) {
      const r = await f.request('PUT', reportPath(unit), {
        token: await f.token(unit),
        body: { formVersion: '2026.1', values },
      })
      expect(r.status, await r.clone().text()).toBe(201)
    }
    const token = await f.token('U1')
    const json = await f.request('GET', `${reportPath('U1')}/rollup`, { token })
    expect(json.status).toBe(200)
    const rollup = (await json.json()) as {
      values: Record<string, number | string | null>
      children: { unit: string; values: Record<string, number | string | null> }[]
    }
    const xlsx = await f.request('GET', `${reportPath('U1')}/rollup?format=xlsx`, { token })
    expect(xlsx.status).toBe(200)
    const saved = await throughLibreOffice(
      new Uint8Array(await xlsx.arrayBuffer()),
      'tong-hop-U1.xlsx',
    )
    const workbook = await loadBook(saved)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Đơn vị', 'Chưa nộp'])
    const summary = workbook.getWorksheet('Tổng hợp')
    const headerOf = (sheet: ExcelJS.Worksheet | undefined, first: string) => {
      let found = 0
      sheet?.eachRow((row, n) => {
        if (!found && row.getCell(1).value === first) {
          found = n
        }
      })
      return found
    }
    const totalsHeader = headerOf(summary, 'TT')
    const formRows = defaultCatalog().get('B01')?.rows ?? []
    const rows = formRows.filter((row) => row.kind !== 'text' || row.heading)
    expect(rows.length).toBeGreaterThan(0)
    rows.forEach((row, i) => {
      const line = summary?.getRow(totalsHeader + 1 + i)
      expect(line?.getCell(2).value, row.code).toBe(row.label)
      if (!row.heading) {
        expect(line?.getCell(4).value ?? null, row.code).toBe(rollup.values[row.code] ?? null)
      }
    })
    // Sheet "Đơn vị": totals, then one line per child unit, a column per value row after coverage
    // and who sent and who reviewed the unit's report (here a unit key, not reviewed).
    const units = workbook.getWorksheet('Đơn vị')
    const valueRows = formRows.filter((row) => !row.heading && row.kind !== 'text')
    const lines = [
      { unit: 'U1', values: rollup.values },
      ...rollup.children.map((child) => ({ unit: child.unit, values: child.values })),
    ]
    expect(lines.map((line) => line.unit)).toEqual(['U1', 'G1', 'G2'])
    lines.forEach((line, i) => {
      const sheetRow = units?.getRow(headerOf(units, 'Mã đơn vị') + 1 + i)
      expect(sheetRow?.getCell(1).value).toBe(line.unit)
      expect(sheetRow?.getCell(8).value ?? '').toBe(line.unit === 'U1' ? '' : 'khóa đơn vị')
      expect(sheetRow?.getCell(9).value ?? '').toBe('')
      valueRows.forEach((row, c) => {
        expect(sheetRow?.getCell(10 + c).value ?? null, `${line.unit} ${row.code}`).toBe(
          line.values[row.code] ?? null,
        )
      })
    })
    expect(rollup.values['workers.total']).toBe(5280)
    expect(rollup.values['members.rate']).toBe(ratioPercent(3014, 5280))
  })
})
