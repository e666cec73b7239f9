/**
 * @module The files as a clerk prints them: the template, blank and named, printed to PDF by
 * LibreOffice and read back with pdftotext: A4, one page wide, the official header, the period,
 * the signature block, the column headers on every page, no label spilling over its row; and the
 * demo province's rollup export (a 750-unit province) on A4, its totals on at most two pages.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { DOTTED, NATIONAL_MOTTO, NATIONAL_NAME } from '../../shared/sheet-layout.ts'
import { templateWorkbook } from '../../worker/xlsx/template.ts'
import { createApp } from '../../worker/app.ts'
import { checkedByContract } from './contract.ts'
import { seedDemo } from '../../worker/demo.ts'
import { openSqliteStore } from '../../worker/store/sqlite/store.ts'
import { CHEAP, fixture, OPEN } from './helpers.ts'
import {
  cleanScratch,
  printed,
  printingTools,
  type PdfWord,
  type PrintedPdf,
} from './libreoffice.ts'

afterAll(cleanScratch)

const A4: [number, number] = [595, 842]

/**
 * Every form row's TT printed at the left, and the words printed in the label column between the
 * TT above and the TT below it: a label that spills over its row mixes into its neighbours' words.
 */
function labelsAsPrinted(pdf: PrintedPdf, form: FormDefinition): Map<string, string> {
  const header = pdf.words.find((word) => word.text === 'TT')
  const unit = pdf.words.find((word) => word.text === 'Đơn')
  if (!header || !unit) {
    throw new Error('no table header printed')
  }
  // Column headers are centred: the TT column is about 35 points wide, Đơn vị tính about 50.
  const ttRight = (header.xMin + header.xMax) / 2 + 15
  const labelRight = (unit.xMin + unit.xMax) / 2 - 20
  const at = (word: PdfWord) => word.page * 10_000 + (word.yMin + word.yMax) / 2
  const headerBottom = new Map<number, number>()
  for (const word of pdf.words.filter((w) => w.text === 'TT')) {
    headerBottom.set(word.page, word.yMax)
  }
  const footerTop = new Map<number, number>()
  // The signature block's first line ends the table on its page.
  const signature = (w: PdfWord) =>
    w.text === 'ngày' && w.yMin > (headerBottom.get(w.page) ?? Infinity)
  for (const word of pdf.words.filter((w) => w.text === 'Trang' || signature(w))) {
    footerTop.set(word.page, Math.min(footerTop.get(word.page) ?? Infinity, word.yMin))
  }
  const tts = pdf.words
    .filter((word) => word.xMax < ttRight && word.yMin > (headerBottom.get(word.page) ?? Infinity))
    .sort((a, b) => at(a) - at(b))
  const labels = new Map<string, string>()
  let i = 0
  for (const row of form.rows) {
    while (i < tts.length && tts[i]?.text !== row.tt) {
      i++
    }
    const tt = tts[i]
    if (!tt) {
      throw new Error(`TT ${row.tt} not printed`)
    }
    const above = tts[i - 1]
    const below = tts[i + 1]
    const words = pdf.words.filter(
      (word) =>
        word.xMin >= ttRight &&
        word.xMax <= labelRight &&
        word.page === tt.page &&
        word.yMin > (headerBottom.get(tt.page) ?? 0) &&
        word.yMax < (footerTop.get(tt.page) ?? Infinity) &&
        (above?.page !== tt.page || word.yMin > above.yMax) &&
        (below?.page !== tt.page || word.yMax < below.yMin),
    )
    labels.set(row.code, words.map((word) => word.text).join(' '))
    i++
  }
  return labels
}

/** The demo province in a store of its own, its app, and a token of `unit`'s demo key. */
async function demoSignedIn(unit: string) {
  const store = openSqliteStore({ path: ':memory:' })
  const catalog = defaultCatalog()
  const keys = await seedDemo(store, catalog, { secret: 'demo-secret', cost: CHEAP })
  const app = checkedByContract(
    createApp({ store, catalog, secrets: { tokenSecret: 'demo-secret' } }),
  )
  const signIn = await app.request('/api/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ unit, key: keys[unit] }),
  })
  const { token } = (await signIn.json()) as { token: string }
  return { store, app, token }
}

const present = printingTools
const suite = present
  ? 'the template printed by LibreOffice'
  : 'the template printed by LibreOffice (skipped: install libreoffice-calc-nogui and poppler-utils)'

describe.skipIf(!present)(suite, { timeout: 180_000 }, () => {
  const catalog = defaultCatalog()

  it('prints the blank B01 like an official form, with dotted lines to write on', async () => {
    const form = catalog.get('B01')!
    const pdf = await printed(await templateWorkbook(form), 'mau-B01.xlsx')
    expect(pdf.size.map(Math.round)).toEqual(A4)
    expect(pdf.pages).toBeLessThanOrEqual(3)
    const first = pdf.text.split('\f')[0] ?? ''
    expect(first).toContain(NATIONAL_NAME)
    expect(first).toContain(NATIONAL_MOTTO)
    expect(first).toContain(DOTTED)
    expect(first).toContain('BÁO CÁO HOẠT ĐỘNG CÔNG ĐOÀN CƠ SỞ')
    expect(first).toContain(`Kỳ báo cáo: ${DOTTED}`)
    expect(first).toContain('Số liệu tính đến ngày ……/……/…………')
    const last =
      pdf.text
        .split('\f')
        .filter((page) => page.trim() !== '')
        .at(-1) ?? ''
    for (const text of [
      'ngày …… tháng …… năm ……',
      'NGƯỜI LẬP BIỂU',
      'TM. BAN CHẤP HÀNH',
      'CHỦ TỊCH',
      '(Ký, ghi rõ họ tên)',
      '(Ký, ghi rõ họ tên, đóng dấu)',
    ]) {
      expect(last).toContain(text)
    }
    // The column headers on every page, and the page's number at its foot.
    pdf.text
      .split('\f')
      .filter((page) => page.trim() !== '')
      .forEach((page, n) => {
        expect(page, `page ${n + 1}`).toMatch(/TT\s+Nội dung/)
        expect(page, `page ${n + 1}`).toContain(`Trang ${n + 1}/${pdf.pages}`)
      })
    // One page wide: nothing of the table is printed on a page of its own to the right.
    const rightmost = Math.max(...pdf.words.map((word) => word.xMax))
    expect(rightmost).toBeLessThan(A4[0])
    const labels = labelsAsPrinted(pdf, form)
    for (const row of form.rows) {
      expect(labels.get(row.code), `${row.tt} ${row.code}`).toBe(row.label)
    }
  })

  it('prints a named template with its organisation, period in words and cut-off', async () => {
    const f = await fixture()
    const response = await f.request(
      'GET',
      `/api/v1/forms/B01/template.xlsx?unit=G1&period=${OPEN}`,
    )
    expect(response.status).toBe(200)
    const pdf = await printed(new Uint8Array(await response.arrayBuffer()), 'mau-B01-G1.xlsx')
    const first = pdf.text.split('\f')[0] ?? ''
    expect(first).toContain('CÔNG ĐOÀN NGÀNH GIÁO DỤC')
    expect(first).toContain('CĐCS TRƯỜNG TIỂU HỌC BẰNG VÂN')
    expect(first).toContain('Kỳ báo cáo: Năm 2026')
    expect(first).toContain('Số liệu tính đến ngày 30/11/2026')
    expect(first).not.toContain(DOTTED)
  })

  it('prints B02 for an upper union, signed for its standing committee', async () => {
    const form = catalog.get('B02')!
    const pdf = await printed(await templateWorkbook(form), 'mau-B02.xlsx')
    expect(pdf.size.map(Math.round)).toEqual(A4)
    expect(pdf.text).toContain('TM. BAN THƯỜNG VỤ')
    const labels = labelsAsPrinted(pdf, form)
    for (const row of form.rows) {
      expect(labels.get(row.code), `${row.tt} ${row.code}`).toBe(row.label)
    }
  })

  it('prints a demo report sent by a person: their name under NGƯỜI LẬP BIỂU, the reviewer below', async () => {
    const { store, app, token } = await demoSignedIn('BK.GD')
    const response = await app.request(
      '/api/v1/units/BK.GD.001/periods/2025-Y/forms/B01/print.xlsx',
      { headers: { authorization: `Bearer ${token}` } },
    )
    await store.close()
    expect(response.status).toBe(200)
    const pdf = await printed(new Uint8Array(await response.arrayBuffer()), 'in-B01.xlsx')
    expect(pdf.size.map(Math.round)).toEqual(A4)
    const pages = pdf.text.split('\f').slice(0, pdf.pages)
    expect(pages.length).toBeLessThanOrEqual(3)
    // The form's own row and the signature agree on who prepared it; the reviewer is named.
    const last = pages.at(-1) ?? ''
    expect(last).toMatch(/Người lập biểu\s+Đặng Thu Hà/)
    const lines = last.split('\n')
    const heading = lines.findIndex((line) => line.includes('NGƯỜI LẬP BIỂU'))
    const signed = lines.findIndex((line) => line.trim() === 'Đặng Thu Hà')
    expect(heading).toBeGreaterThan(0)
    expect(signed).toBeGreaterThan(heading)
    expect(last.replace(/\s+/g, ' ')).toContain(
      'Đã duyệt: Hoàng Văn Hùng (Công đoàn ngành Giáo dục',
    )
  })

  it("prints the demo province's rollup on A4: totals on two pages, every unit named on its line", async () => {
    const { store, app, token } = await demoSignedIn('BK')
    const headers = { authorization: `Bearer ${token}` }
    const path = '/api/v1/units/BK/periods/2026-Y/forms/B01/rollup'
    const rollup = (await (await app.request(path, { headers })).json()) as {
      coverage: { expected: number; missing: string[] }
      missingUnits: { unit: string; name: string; parentName: string }[]
    }
    expect(rollup.coverage.expected).toBeGreaterThan(700)
    expect(rollup.coverage.missing.length).toBeGreaterThan(100)
    const xlsx = await app.request(`${path}?format=xlsx`, { headers })
    expect(xlsx.status).toBe(200)
    const pdf = await printed(new Uint8Array(await xlsx.arrayBuffer()), 'tong-hop-BK.xlsx')
    await store.close()
    expect(pdf.size.map(Math.round)).toEqual(A4)
    const pages = pdf.text.split('\f').slice(0, pdf.pages)
    // The sheets print one after the other; each starts with its title.
    let kind = 'totals'
    const kinds = pages.map((page) => {
      if (page.includes('THEO ĐƠN VỊ TRỰC THUỘC')) {
        kind = 'units'
      } else if (page.includes('CHƯA CÓ SỐ LIỆU TRONG TỔNG HỢP')) {
        kind = 'missing'
      }
      return kind
    })
    const kindOf = (page: string) => kinds[pages.indexOf(page)]
    const totals = pages.filter((page) => kindOf(page) === 'totals')
    expect(totals.length).toBeLessThanOrEqual(2)
    // Labels and their figures on the same line of the same page.
    expect(totals.join('\n')).toMatch(/Tổng số lao động\s+người\s+[\d.,]+\s+\d+/)
    const units = pages.filter((page) => kindOf(page) === 'units')
    expect(units.length).toBeGreaterThan(0)
    for (const page of units) {
      expect(page).toContain('Mã đơn vị')
      expect(page).toContain('Tên đơn vị')
      expect(page).toContain('Tổng cộng: Liên đoàn Lao động')
    }
    const missing = pages.filter((page) => kindOf(page) === 'missing').join('\n')
    for (const unit of rollup.missingUnits) {
      const line = missing
        .split('\n')
        .find((text) => new RegExp(`\\s${unit.unit.replace(/\./g, '\\.')}\\s`).test(text))
      expect(line, unit.unit).toBeDefined()
      expect(line).toContain(unit.name.slice(0, 20))
    }
    expect(pdf.pages).toBeLessThan(40)
  })
})
