/**
 * @module End to end, the province's analysis: the built pane and its CONGDOAN custom functions,
 * served by a real worker over the demo province, in headless Chromium with the simulated Excel
 * host. A sheet of 2,000 formulas recalculates with one request and equals the rollup API's
 * numbers; the same formulas offline come from the pane's copy, marked as such. Excel's separate
 * JavaScript-only runtime (a worker loading functions.js alone) gets the pane's session and copies
 * through OfficeRuntime.storage, and its cells refresh at sign-in and sign-out.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import type { RollupResponse } from '../../shared/api-schemas.ts'
import { seedDemo } from '../../worker/demo.ts'
import {
  hasChromium,
  shots,
  signInWithKey,
  startFunctionsRuntime,
  startHarness,
  TEST_COST,
  type Harness,
} from './harness.ts'
const PERIOD = '2026-Y'
const PREVIOUS = '2025-Y'
const FIGURES = '/api/v1/figures'

type Calculated = string | number | boolean | { error: string; message: string }

interface ChartRecord {
  type: string
  source: string
  title: string
  seriesNames: string[]
  categories: string[]
  anchor: string | null
}

/** The simulated host, as the page has it. */
type FakeWindow = {
  fakeExcel: {
    calculate(formulas: string[]): Promise<Calculated[]>
    sheetNames(): string[]
    rows(sheet: string): (string | number | boolean)[][]
    select(sheet: string, address: string): void
    charts(sheet: string): ChartRecord[]
  }
}

/** The functions' own runtime, as its worker has it (fake-runtime.ts). */
declare const fakeFunctions: {
  enter(list: string[]): Promise<Calculated[]>
  calculate(list: string[]): Promise<Calculated[]>
  shown(): Calculated[]
  recalculations(): number
}

/** A cell that says nobody is signed in: #N/A with the message. */
const notSignedIn = (cell: Calculated): boolean =>
  typeof cell === 'object' && cell.error === '#N/A' && /^Chưa đăng nhập/.test(cell.message)

const calculate = (list: string[]) => (window as unknown as FakeWindow).fakeExcel.calculate(list)

describe.skipIf(!hasChromium)('the province analysis in Chromium with a simulated Excel', () => {
  let h: Harness
  let base: string
  let context: BrowserContext
  let page: Page
  let pageErrors: string[] = []
  let keys: Record<string, string> = {}
  const metrics: Record<string, number> = {}
  const catalog = defaultCatalog()

  async function api<T>(path: string, unit = 'BK'): Promise<T> {
    const token = (await (
      await fetch(`${base}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ unit, key: keys[unit] }),
      })
    ).json()) as { token: string }
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${token.token}` },
    })
    expect(response.status).toBe(200)
    return (await response.json()) as T
  }

  beforeAll(async () => {
    h = await startHarness({
      name: 'e2e-analysis',
      contract: true,
      catalog,
      viewport: { width: 1280, height: 900 },
      seed: async (store) => {
        keys = await seedDemo(store, catalog, { secret: 'e2e-analysis', cost: TEST_COST })
      },
    })
    ;({ base, context, page, pageErrors } = h)
  }, 180_000)

  afterAll(async () => {
    writeFileSync(
      join(shots, 'analysis-metrics.json'),
      JSON.stringify({ ...metrics, pageErrors }, null, 2),
    )
    await h?.close()
  })

  it('fills 2,000 CONGDOAN formulas with one request, each equal to the rollup API', async () => {
    await page.goto(`${base}/addin/taskpane.html`)
    await page.locator('#unit-code input').fill('BK')
    await page.locator('#access-key input').fill(keys.BK ?? '')
    await page.locator('#sign-in-button').click()
    await expect.poll(() => page.locator('#main').isVisible(), { timeout: 15_000 }).toBe(true)

    const children = (
      await api<RollupResponse>(`/api/v1/units/BK/periods/${PERIOD}/forms/B01/rollup`)
    ).children.map((child) => child.unit)
    const units = ['BK', ...children]
    const now = new Map<string, RollupResponse>()
    const then = new Map<string, RollupResponse>()
    for (const unit of units) {
      now.set(
        unit,
        await api<RollupResponse>(`/api/v1/units/${unit}/periods/${PERIOD}/forms/B01/rollup`),
      )
      then.set(
        unit,
        await api<RollupResponse>(`/api/v1/units/${unit}/periods/${PREVIOUS}/forms/B01/rollup`),
      )
    }
    const b01 = catalog.get('B01')!
    const rows = b01.rows.filter((row) => !row.heading && row.kind !== 'text')
    const formulas: string[] = []
    const expected: (string | number)[] = []
    for (let i = 0; formulas.length < 2000; i++) {
      const unit = units[i % units.length]!
      const row = rows[Math.floor(i / units.length) % rows.length]!
      const kind = i % 3
      // By code, by TT, and last year's by code: the forms a clerk writes them in.
      const reference = kind === 1 ? row.tt : row.code
      const fn = kind === 2 ? 'SOKYTRUOC' : 'SO'
      formulas.push(`=CONGDOAN.${fn}("${unit}";"${PERIOD}";"${reference}")`)
      const source = (kind === 2 ? then : now).get(unit)!
      expected.push(source.values[row.code] ?? '')
    }
    const requests: string[] = []
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/figures')) {
        requests.push(request.url())
      }
    })
    const started = Date.now()
    const values = await page.evaluate(calculate, formulas)
    metrics.formulas2000Ms = Date.now() - started
    metrics.formulas2000Requests = requests.length
    expect(requests.length).toBe(1)
    expect(values).toEqual(expected)
    const rate = now.get('BK')!.values['members.rate']
    expect(typeof rate).toBe('number')

    // Coverage counts, and errors as Excel error values with the worker's message.
    const more = await page.evaluate(calculate, [
      `=CONGDOAN.NOP("BK";"${PERIOD}";"chưa nộp")`,
      `=CONGDOAN.NOP("BK";"${PERIOD}";"phải nộp")`,
      `=CONGDOAN.SO("BK";"${PERIOD}";"members.ghost")`,
      `=CONGDOAN.SO("ZZ";"${PERIOD}";"members.total")`,
      `=CONGDOAN.SOKYTRUOC("BK";"${PREVIOUS}";"members.total")`,
    ])
    const coverage = now.get('BK')!.coverage
    expect(more.slice(0, 2)).toEqual([coverage.missing.length, coverage.expected])
    expect(more[2]).toMatchObject({ error: '#REF!' })
    expect((more[2] as { message: string }).message).toContain('members.ghost')
    expect(more[3]).toMatchObject({ error: '#REF!' })
    expect(more[4]).toMatchObject({ error: '#REF!' })
    expect(requests.length).toBe(2)

    // Offline: the copies the pane kept, marked with the time they were read; the rest #N/A.
    await context.setOffline(true)
    const offline = await page.evaluate(calculate, [
      formulas[0]!,
      '=CONGDOAN.SO("BK";"2026-H1";"members.total")',
      '=CONGDOAN.CAPNHAT()',
    ])
    await context.setOffline(false)
    expect(offline[0]).toMatch(/ngoại tuyến, số liệu lúc \d\d\/\d\d\/\d{4} \d\d:\d\d\)$/)
    expect(offline[1]).toMatchObject({ error: '#N/A' })
    expect(offline[2]).toMatch(/^Ngoại tuyến/)
    expect(pageErrors).toEqual([])
  }, 180_000)

  it('answers the formulas with the pane closed, from the session the pane signed in', async () => {
    // The shared runtime: Excel loads the pane's page for the formulas, the pane never shown.
    const runtime = await context.newPage()
    runtime.on('pageerror', (error) => pageErrors.push(error.message))
    const hide = () => runtime.evaluate(() => Office.addin.hide())
    const show = () => runtime.evaluate(() => Office.addin.showAsTaskpane())
    await runtime.goto(`${base}/addin/taskpane.html`)
    await hide()
    const formulas = [
      `=CONGDOAN.SO("BK";"${PERIOD}";"members.total")`,
      `=CONGDOAN.SO("BK";"${PERIOD}";"members.rate")`,
      `=CONGDOAN.NOP("BK";"${PERIOD}";"đã duyệt")`,
    ]
    const before = await runtime.evaluate(calculate, formulas)
    for (const cell of before) {
      expect(cell).toMatchObject({ error: '#N/A' })
      expect((cell as { message: string }).message).toMatch(/^Chưa đăng nhập/)
    }

    // The clerk opens the pane, signs in, and closes it: the formulas use that session.
    await show()
    await runtime.locator('#unit-code input').fill('BK')
    await runtime.locator('#access-key input').fill(keys.BK ?? '')
    await runtime.locator('#sign-in-button').click()
    await expect.poll(() => runtime.locator('#main').isVisible(), { timeout: 15_000 }).toBe(true)
    await hide()
    expect(await runtime.locator('#main').isVisible()).toBe(false)
    const requests: string[] = []
    runtime.on('request', (request) => {
      if (request.url().endsWith('/api/v1/figures')) {
        requests.push(request.url())
      }
    })
    const rollup = await api<RollupResponse>(`/api/v1/units/BK/periods/${PERIOD}/forms/B01/rollup`)
    expect(await runtime.evaluate(calculate, formulas)).toEqual([
      rollup.values['members.total'],
      rollup.values['members.rate'],
      rollup.coverage.accepted,
    ])
    expect(requests).toHaveLength(1)

    // Signed out in the pane, the closed pane's formulas have no session either.
    await show()
    await runtime.locator('#sign-out').click()
    await expect.poll(() => runtime.locator('#sign-in').isVisible()).toBe(true)
    await hide()
    const after = await runtime.evaluate(calculate, formulas.slice(0, 1))
    expect(after[0]).toMatchObject({ error: '#N/A' })
    expect(requests).toHaveLength(1)
    await runtime.close()
    expect(pageErrors).toEqual([])
  }, 120_000)

  it('pulls the rollup beside last year with targets and charts, and traces a ratio to its units', async () => {
    // The province sets targets for its upper unions: new members, and the membership rate.
    const children = (
      await api<RollupResponse>(`/api/v1/units/BK/periods/${PERIOD}/forms/B01/rollup`)
    ).children
    const token = (await (
      await fetch(`${base}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ unit: 'BK', key: keys.BK }),
      })
    ).json()) as { token: string }
    const targets = children.flatMap((child) => [
      { unit: child.unit, row: 'members.new', value: 50 },
      { unit: child.unit, row: 'members.rate', value: 85 },
    ])
    const put = await fetch(`${base}/api/v1/units/BK/periods/${PERIOD}/forms/B01/targets`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ targets }),
    })
    expect(put.status).toBe(200)

    await page.setViewportSize({ width: 350 + 900, height: 900 })
    await page.locator('[data-tab="rollup"]').click()
    await page.locator('#rollup-unit').fill('BK')
    await page.locator('#rollup-form').selectOption('B01')
    await page.locator('#rollup-compare').check()
    await page.locator('#rollup-charts').check()
    await page.locator('#pull').click()
    await expect
      .poll(() => page.locator('#message').textContent())
      .toContain('Đã lấy số liệu tổng hợp')
    const names = await page.evaluate(() =>
      (window as unknown as FakeWindow).fakeExcel.sheetNames(),
    )
    const totals = names.find((name) => name === `TH BK ${PERIOD}`)!
    expect(names).toContain(`Chỉ tiêu BK ${PERIOD}`)

    // This year, last year and the change, against sums over the grassroots worked out here.
    const sumOf = async (period: string, code: string) => {
      const drill = await api<{ lines: { value: number | null; counted: boolean }[] }>(
        `/api/v1/units/BK/periods/${period}/forms/B01/rollup/breakdown?row=${code}`,
      )
      return drill.lines.filter((l) => l.counted).reduce((s, l) => s + (l.value ?? 0), 0)
    }
    const rows = await page.evaluate(
      (name) => (window as unknown as FakeWindow).fakeExcel.rows(name),
      totals,
    )
    const line = (code: string) => rows.find((row) => row[8] === code)!
    const membersNow = await sumOf(PERIOD, 'members.total')
    const membersThen = await sumOf(PREVIOUS, 'members.total')
    expect(line('members.total').slice(3, 6)).toEqual([
      membersNow,
      membersThen,
      membersNow - membersThen,
    ])

    // Each upper union's new members against its target of 50.
    const targetRows = await page.evaluate(
      (name) => (window as unknown as FakeWindow).fakeExcel.rows(name),
      `Chỉ tiêu BK ${PERIOD}`,
    )
    for (const child of children.slice(0, 3)) {
      const newMembers = await api<{ lines: { value: number | null; counted: boolean }[] }>(
        `/api/v1/units/${child.unit}/periods/${PERIOD}/forms/B01/rollup/breakdown?row=members.new`,
      )
      const achieved = newMembers.lines
        .filter((l) => l.counted)
        .reduce((s, l) => s + (l.value ?? 0), 0)
      const shown = targetRows.find((row) => row[1] === child.unit && row[10] === 'members.new')!
      expect(shown.slice(6, 10)).toEqual([
        50,
        achieved,
        Math.round((achieved / 50) * 10_000) / 100,
        achieved >= 50 ? 'Đạt' : 'Chưa đạt',
      ])
    }

    // Excel's own charts over the pulled cells: coverage by union, and new members by target.
    const coverageCharts = await page.evaluate(
      (name) => (window as unknown as FakeWindow).fakeExcel.charts(name),
      `TH đơn vị BK ${PERIOD}`,
    )
    expect(coverageCharts).toHaveLength(1)
    expect(coverageCharts[0]).toMatchObject({
      type: 'ColumnClustered',
      seriesNames: ['Đã nộp', 'Đã duyệt', 'Chưa nộp'],
    })
    const targetCharts = await page.evaluate(
      (name) => (window as unknown as FakeWindow).fakeExcel.charts(name),
      `Chỉ tiêu BK ${PERIOD}`,
    )
    expect(targetCharts[0]).toMatchObject({
      type: 'BarClustered',
      seriesNames: ['Chỉ tiêu', 'Thực hiện'],
    })

    // The first target row (new members) over the last periods of the same kind, as a line.
    const series = await page.evaluate(
      (name) => (window as unknown as FakeWindow).fakeExcel.rows(name),
      `Qua các kỳ BK ${PERIOD}`,
    )
    const newNow = await sumOf(PERIOD, 'members.new')
    const newThen = await sumOf(PREVIOUS, 'members.new')
    expect(series.filter((row) => /^\d{4}-Y$/.test(String(row[2])))).toEqual([
      ['Năm 2025', newThen, PREVIOUS],
      ['Năm 2026', newNow, PERIOD],
    ])
    const lineCharts = await page.evaluate(
      (name) => (window as unknown as FakeWindow).fakeExcel.charts(name),
      `Qua các kỳ BK ${PERIOD}`,
    )
    expect(lineCharts[0]).toMatchObject({ type: 'LineMarkers' })

    // Drill-down of the membership rate: numerators and denominators add up to the figure.
    const rateRow = rows.findIndex((row) => row[8] === 'members.rate')
    await page.evaluate(
      (address) => (window as unknown as FakeWindow).fakeExcel.select(`TH BK 2026-Y`, address),
      `D${rateRow + 1}`,
    )
    await page.locator('#drill-down').click()
    await expect.poll(() => page.locator('#message').textContent()).toContain('Đã liệt kê')
    await page.screenshot({ path: join(shots, 'analysis-drill-down.png') })
    const drillRows = await page.evaluate(
      (name) => (window as unknown as FakeWindow).fakeExcel.rows(name),
      `Truy nguyên BK ${PERIOD}`,
    )
    const header = drillRows.findIndex((row) => row[0] === 'STT')
    const units = drillRows.slice(header + 1)
    const counted = units.filter((row) => typeof row[5] === 'number' && typeof row[6] === 'number')
    const numerator = counted.reduce((s, row) => s + Number(row[5]), 0)
    const denominator = counted.reduce((s, row) => s + Number(row[6]), 0)
    expect(line('members.rate')[3]).toBe(Math.round((numerator / denominator) * 10_000) / 100)
    expect(units.some((row) => row[4] === 'Chưa nộp')).toBe(true)
    expect(pageErrors).toEqual([])
  }, 180_000)

  it("fills the functions' own runtime from the pane's session, and refreshes its cells at sign-in and sign-out", async () => {
    // Excel without a shared runtime: the pane in its page, the functions in a worker of their own.
    const pane = await context.newPage()
    pane.on('pageerror', (error) => pageErrors.push(error.message))
    await pane.goto(`${base}/addin/taskpane.html`)
    const { runtime, close } = await startFunctionsRuntime(h)
    // The worker is what Excel's JavaScript-only runtime is: no DOM, no web storage.
    expect(
      await runtime.evaluate(() => [typeof document, typeof localStorage, typeof sessionStorage]),
    ).toEqual(['undefined', 'undefined', 'undefined'])

    // A sheet of formulas over the province and its upper unions, and what the rollup API says.
    const rollups = new Map<string, RollupResponse>()
    const bk = await api<RollupResponse>(`/api/v1/units/BK/periods/${PERIOD}/forms/B01/rollup`)
    for (const unit of ['BK', ...bk.children.map((child) => child.unit)]) {
      rollups.set(
        unit,
        await api<RollupResponse>(`/api/v1/units/${unit}/periods/${PERIOD}/forms/B01/rollup`),
      )
    }
    const rows = catalog.get('B01')!.rows.filter((row) => !row.heading && row.kind !== 'text')
    const formulas: string[] = []
    const expected: (string | number)[] = []
    for (const [unit, rollup] of rollups) {
      for (const row of rows) {
        formulas.push(`=CONGDOAN.SO("${unit}";"${PERIOD}";"${row.code}")`)
        expected.push(rollup.values[row.code] ?? '')
      }
      formulas.push(`=CONGDOAN.NOP("${unit}";"${PERIOD}";"chưa nộp")`)
      expected.push(rollup.coverage.missing.length)
    }

    // Nobody signed in: every cell says so, and nothing is asked of the worker.
    const before = h.requests(FIGURES)
    const unsigned = await runtime.evaluate((list) => fakeFunctions.enter(list), formulas)
    expect(h.requests(FIGURES)).toBe(before)
    expect(unsigned.every(notSignedIn)).toBe(true)

    // The clerk signs in in the pane: the cells fill in by themselves, in one request.
    const recalculated = await runtime.evaluate(() => fakeFunctions.recalculations())
    const asks = () => pane.evaluate(() => window.fakeExcel.book.calculations.length)
    const asked = await asks()
    await signInWithKey(pane, 'BK', keys.BK ?? '')
    await expect
      .poll(() => runtime.evaluate(() => fakeFunctions.shown()), { timeout: 15_000 })
      .toEqual(expected)
    expect(await runtime.evaluate(() => fakeFunctions.recalculations())).toBe(recalculated + 1)
    expect(await pane.evaluate(() => window.fakeExcel.book.calculations.at(-1))).toBe('Full')
    expect(await asks()).toBe(asked + 1)
    expect(h.requests(FIGURES)).toBe(before + 1)

    // Recalculated again, the whole sheet is one request, and equals the rollup API.
    const started = Date.now()
    const again = await runtime.evaluate((list) => fakeFunctions.calculate(list), formulas)
    metrics.ownRuntimeFormulas = formulas.length
    metrics.ownRuntimeMs = Date.now() - started
    expect(again).toEqual(expected)
    expect(h.requests(FIGURES)).toBe(before + 2)

    // The worker unreachable: the copies kept in the shared storage, marked as such.
    await context.route('**/api/v1/figures', (route) => route.abort('internetdisconnected'))
    const offline = await runtime.evaluate(
      (list) => fakeFunctions.calculate(list),
      [formulas[0]!, '=CONGDOAN.CAPNHAT()'],
    )
    await context.unroute('**/api/v1/figures')
    expect(offline[0]).toMatch(/ngoại tuyến, số liệu lúc \d\d\/\d\d\/\d{4} \d\d:\d\d\)$/)
    expect(offline[1]).toMatch(/^Ngoại tuyến/)

    // Signed out: the cells say so again, by themselves, and nothing more is asked.
    const sent = h.requests(FIGURES)
    await pane.locator('#sign-out').click()
    await expect.poll(() => pane.locator('#sign-in').isVisible()).toBe(true)
    await expect
      .poll(async () => (await runtime.evaluate(() => fakeFunctions.shown())).every(notSignedIn), {
        timeout: 15_000,
      })
      .toBe(true)
    expect(h.requests(FIGURES)).toBe(sent)
    expect(await asks()).toBe(asked + 2)
    await close()
    await pane.close()
    expect(pageErrors).toEqual([])
  }, 180_000)
})
