/**
 * @module End to end: the built task pane, served by a real worker over a SQLite store, in headless
 * Chromium with a simulated Excel host (fake-excel/) in place of office.js. The walk of issue 4:
 * sign in (retrying after a dropped connection), insert the form, type wrong figures, check,
 * fix, check again (warned against last year's figures), confirm the warning with a reason, submit
 * offline, come back online (sent once), get the report returned with a comment, resubmit with a
 * double-click (one revision), and pull the province's rollup. Screenshots go to test-output/e2e/.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { cellOfRow, formSheetLayout } from '../../shared/sheet-layout.ts'
import { checkSubmission } from '../../shared/validation.ts'
import { findingMessage } from '../../shared/messages.ts'
import { issueKey } from '../../worker/admin/operations.ts'
import { templateWorkbook } from '../../worker/xlsx/template.ts'
import ExcelJS from 'exceljs'
import type { Store } from '../../worker/store/store.ts'
import {
  hasChromium,
  paneSignedIn,
  shots,
  startHarness,
  TEST_COST,
  type Harness,
} from './harness.ts'

const PERIOD = '2026-Y'
/** Last year's period: the one "Kiểm tra" and the worker compare 2026-Y with. */
const PREVIOUS = '2025-Y'
const LAST_YEAR = { 'workers.total': 70, 'workers.women': 55, 'members.total': 68 }
const UNITS = [
  { code: 'P', name: 'LĐLĐ tỉnh Thử Nghiệm', parent: null, level: 'province' as const },
  { code: 'U1', name: 'Công đoàn ngành Giáo dục', parent: 'P', level: 'upper' as const },
  { code: 'G1', name: 'CĐCS Trường Tiểu học Bằng Vân', parent: 'U1', level: 'grassroots' as const },
  { code: 'G2', name: 'CĐCS Trường THCS Cốc Đán', parent: 'U1', level: 'grassroots' as const },
]
const b01 = defaultCatalog().get('B01') as FormDefinition
const layout = formSheetLayout(b01)
const cell = (code: string): string => cellOfRow(layout, code) ?? ''

describe.skipIf(!hasChromium).each([
  { culture: 'vi-VN', separator: ',' },
  { culture: 'en-US', separator: '.' },
])('the task pane in Chromium with a simulated $culture Excel', ({ culture, separator }) => {
  let h: Harness
  let store: Store
  let base: string
  let context: BrowserContext
  let page: Page
  let pageErrors: string[] = []
  const keys: Record<string, string> = {}
  const metrics: Record<string, number> = {}
  const catalog = defaultCatalog()

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({
      path: join(shots, `${culture === 'vi-VN' ? '' : `${culture}-`}${name}.png`),
    })
  }
  const message = () => page.locator('#message')
  const typeCell = (code: string, text: string) =>
    page.evaluate(({ address, value }) => window.fakeExcel.type('B01', address, value), {
      address: cell(code),
      value: text,
    })
  const fillOf = (code: string) =>
    page.evaluate((address) => window.fakeExcel.fill('B01', address), cell(code))
  const noteOf = (code: string) =>
    page.evaluate((address) => window.fakeExcel.note('B01', address), cell(code))
  const syncs = () => page.evaluate(() => window.fakeExcel.book.syncs)

  async function signIn(unit: string): Promise<void> {
    await page.locator('#unit-code input').fill(unit)
    await page.locator('#access-key input').fill(keys[unit] ?? '')
    await page.locator('#sign-in-button').click()
    await paneSignedIn(page)
  }

  beforeAll(async () => {
    h = await startHarness({
      name: 'e2e',
      contract: true,
      catalog,
      viewport: { width: 1280, height: 900 },
      seed: async (seeded) => {
        store = seeded
        const admin = { actor: 'admin', address: null }
        await store.importUnits(UNITS, {
          ...admin,
          action: 'units.import',
          target: 'e2e',
          details: {},
        })
        const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
        await store.savePeriod(
          { id: PERIOD, cutoff: '2026-11-30', deadline, open: true },
          { ...admin, action: 'period.open', target: PERIOD, details: {} },
        )
        await store.savePeriod(
          { id: PREVIOUS, cutoff: '2025-11-30', deadline: '2025-12-15', open: true },
          { ...admin, action: 'period.open', target: PREVIOUS, details: {} },
        )
        await store.appendRevision({
          unit: 'G1',
          period: PREVIOUS,
          form: 'B01',
          formVersion: b01.version,
          values: LAST_YEAR,
          warnings: [],
          acknowledgedWarnings: [],
          submittedAt: '2025-12-01T02:00:00.000Z',
          submittedBy: 'G1',
          audit: { ...admin, action: 'submission.create', target: 'G1', details: {} },
        })
        await store.savePeriod(
          { id: PREVIOUS, cutoff: '2025-11-30', deadline: '2025-12-15', open: false },
          { ...admin, action: 'period.close', target: PREVIOUS, details: {} },
        )
        for (const unit of UNITS) {
          keys[unit.code] = (await issueKey(store, unit.code, admin, { cost: TEST_COST })).key
        }
      },
    })
    ;({ base, context, page, pageErrors } = h)
  })

  afterAll(async () => {
    writeFileSync(
      join(shots, `metrics-${culture}.json`),
      JSON.stringify({ ...metrics, pageErrors }, null, 2),
    )
    await h?.close()
  })

  it('walks a grassroots clerk and the province through a report', async () => {
    const scripts: string[] = []
    page.on('request', (request) => {
      const file = /\/addin\/([^/?]+\.js)$/.exec(request.url())?.[1]
      if (file) {
        scripts.push(file)
      }
    })
    await page.goto(`${base}/addin/taskpane.html`)
    await expect.poll(() => page.locator('#sign-in').isVisible()).toBe(true)
    await page.evaluate((decimal) => {
      window.fakeExcel.book.decimalSeparator = decimal
    }, separator)
    metrics.firstContentfulPaintMs = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
    )
    await shot('01-sign-in')
    await page.locator('#lang').click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Trade Union Reports')
    await shot('01-sign-in-en')
    await page.locator('#lang').click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Báo cáo Công đoàn')

    // The first sign-in meets a dropped connection: the pane offers to try again, key kept.
    let dropped = 0
    await page.route('**/api/v1/auth/token', async (route) => {
      if (dropped++ === 0) {
        await route.abort('connectionreset')
        return
      }
      await route.continue()
    })
    await page.locator('#unit-code input').fill('G1')
    await page.locator('#access-key input').fill(keys.G1 ?? '')
    await page.locator('#sign-in-button').click()
    await expect.poll(() => page.locator('#sign-in-retry').isVisible()).toBe(true)
    expect(await message().textContent()).toContain('Không kết nối được')
    await shot('02-sign-in-retry')
    await page.locator('#sign-in-retry').click()
    await expect.poll(() => page.locator('#main').isVisible(), { timeout: 10_000 }).toBe(true)
    await page.unroute('**/api/v1/auth/token')
    await expect(page.locator('#unit-name').textContent()).resolves.toContain('Bằng Vân')
    // A Vietnamese-locale Excel reads 25.000 as twenty-five thousand: no notice; an English one
    // reads it as 25, and the pane says to type 25000.
    expect(await page.locator('#decimal-note').isVisible()).toBe(culture === 'en-US')
    await shot('02-signed-in')

    await page.locator('#insert').click()
    await expect.poll(() => message().textContent()).toContain('Đã chèn biểu mẫu B01')
    await shot('03-inserted')

    await typeCell('workers.total', '100')
    await typeCell('workers.women', '120')
    await typeCell('members.total', 'nhiều')
    // Offline, the check runs without last year's figures and says so in one line.
    await context.setOffline(true)
    const before = await syncs()
    await page.locator('#check').click()
    await expect.poll(() => page.locator('#findings .finding').count()).toBeGreaterThan(1)
    metrics.checkSyncs = (await syncs()) - before
    expect(await page.locator('#previous-note').textContent()).toContain(
      `Không tải được số liệu kỳ trước (${PREVIOUS})`,
    )
    await context.setOffline(false)
    expect(metrics.checkSyncs).toBeLessThanOrEqual(3)
    const expected = checkSubmission(b01, {
      'workers.total': 100,
      'workers.women': 120,
      'members.total': 'nhiều',
    }).findings.filter((finding) => finding.severity === 'error')
    const list = (await page.locator('#findings').textContent()) ?? ''
    for (const finding of expected) {
      expect(list).toContain(findingMessage(finding, b01, 'vi'))
    }
    expect(list).toContain('nhiều')
    expect(await fillOf('workers.women')).toBe('#FFC7CE')
    expect(await fillOf('members.total')).toBe('#FFC7CE')
    expect(await noteOf('workers.women')).toContain('120')
    await page.locator('#findings .finding', { hasText: 'nhiều' }).first().click()
    await expect
      .poll(() => page.evaluate(() => window.fakeExcel.book.selection?.address))
      .toBe(cell('members.total'))
    await shot('04-checked')

    await typeCell('workers.women', '60')
    await typeCell('members.total', '90')
    await page.locator('#check').click()
    await expect.poll(() => page.locator('#findings [data-severity="error"]').count()).toBe(0)
    expect(await fillOf('workers.women')).toBeNull()
    expect(await noteOf('workers.women')).toBeNull()
    expect(await fillOf('members.total')).toBeNull()
    // 100 workers against last year's 50: the warning the worker gives on submit, given now.
    const fixed = { 'workers.total': 100, 'workers.women': 60, 'members.total': 90 }
    const [change] = checkSubmission(b01, fixed, LAST_YEAR).findings.filter(
      (finding) => finding.rule === 'change:workers.total',
    )
    expect(change).toBeDefined()
    expect(await page.locator('#findings').textContent()).toContain(
      change && findingMessage(change, b01, 'vi'),
    )
    expect(await fillOf('workers.total')).toBe('#FFEB9C')
    expect(await page.locator('#previous-note').textContent()).toBe(
      `So sánh với kỳ trước (${PREVIOUS}).`,
    )
    await shot('05-fixed')

    const reason = 'Trường mở thêm 4 lớp, tuyển thêm giáo viên'
    // The warning is listed once, with its own box for the reason that confirms it.
    expect(
      await page
        .locator('#findings li', { hasText: change ? findingMessage(change, b01, 'vi') : '' })
        .count(),
    ).toBe(1)
    await page.locator('#findings textarea[data-rule="change:workers.total"]').fill(reason)

    await context.setOffline(true)
    await page.locator('#submit').click()
    await expect.poll(() => message().textContent()).toContain('Chưa gửi được')
    await expect.poll(() => page.locator('#queue-list li').count()).toBe(1)
    expect(await store.revisions('G1', PERIOD, 'B01')).toHaveLength(0)
    await shot('06-queued')

    // Back online, the first answer is lost on its way back: the worker stored the report, the
    // pane saw a failure. The retry carries the same Idempotency-Key, so no second revision.
    let lost = 0
    await page.route('**/api/v1/units/G1/periods/**', async (route) => {
      if (route.request().method() === 'PUT' && lost === 0) {
        lost++
        await route.fetch()
        await route.abort('connectionreset')
        return
      }
      await route.continue()
    })
    await context.setOffline(false)
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await expect.poll(() => lost).toBe(1)
    await page.locator('#retry').click()
    await expect.poll(() => page.locator('#receipt').isVisible(), { timeout: 15_000 }).toBe(true)
    expect(await page.locator('#receipt [data-revision]').getAttribute('data-revision')).toBe('1')
    expect(await page.locator('#receipt').textContent()).toContain('Phiên bản 1')
    expect(await page.locator('#queue-list li').count()).toBe(0)
    const revisions = await store.revisions('G1', PERIOD, 'B01')
    expect(revisions).toHaveLength(1)
    expect(revisions[0]?.acknowledgedWarnings).toEqual(['change:workers.total'])
    expect(revisions[0]?.warningReasons).toEqual({ 'change:workers.total': reason })
    // The reason went with the report; the clerk's Ghi chú column was left alone.
    const noteColumn = String.fromCharCode(cell('workers.total').charCodeAt(0) + 1)
    const noteCell = `${noteColumn}${cell('workers.total').slice(1)}`
    expect(await page.evaluate((address) => window.fakeExcel.value('B01', address), noteCell)).toBe(
      '',
    )
    expect(await page.locator('#receipt').textContent()).toContain(reason)
    // The sheet's own formula shows the members' rate the worker computed: 90 of 100 workers.
    expect(
      await page.evaluate(
        (address) => window.fakeExcel.value('B01', address),
        cell('members.rate'),
      ),
    ).toBe(revisions[0]?.values['members.rate'])
    expect(revisions[0]?.values['members.rate']).toBe(90)
    await page.unroute('**/api/v1/units/G1/periods/**')
    await shot('07-sent')

    // The upper union enters G2's figures on its behalf (nhập hộ): one row per unit. Its part of
    // the pane comes with its sign-in: the grassroots clerk never downloaded it.
    const grassroots = [...scripts]
    await page.locator('#sign-out').click()
    await signIn('U1')
    await expect.poll(() => scripts.filter((file) => !grassroots.includes(file))).not.toEqual([])
    await page.locator('[data-tab="units"]').click()
    await page.locator('#proxy-insert').click()
    await expect.poll(() => message().textContent()).toContain('Đã chèn bảng nhập hộ cho 2 đơn vị')
    const proxySheet = (await page.evaluate(() => window.fakeExcel.sheetNames())).find((name) =>
      name.startsWith('Nhập hộ'),
    )
    const proxyRows = await page.evaluate((name) => window.fakeExcel.rows(name), proxySheet ?? '')
    const codeRow = proxyRows.findIndex((row) => row[0] === 'Mã dòng')
    const g2 = proxyRows.findIndex((row) => row[0] === 'G2') + 1
    const at = (code: string) =>
      `${String.fromCharCode(65 + (proxyRows[codeRow]?.indexOf(code) ?? 0))}${g2}`
    for (const [code, value] of [
      ['workers.total', '50'],
      ['workers.women', '20'],
      ['members.total', '40'],
    ] as const) {
      await page.evaluate(
        ({ sheet, address, text }) => window.fakeExcel.type(sheet, address, text),
        { sheet: proxySheet ?? '', address: at(code), text: value },
      )
    }
    await page.locator('#proxy-submit').click()
    // G1's own report stood pre-filled and untouched: only G2's row goes.
    await expect.poll(() => message().textContent()).toContain('Gửi 1, không đổi 1')
    const proxied = await store.revisions('G2', PERIOD, 'B01')
    expect(proxied.map((revision) => revision.submittedBy)).toEqual(['U1'])
    await shot('08-proxy')

    // The upper union returns G1's report with a comment…
    const comment = 'Số lao động nữ chưa khớp danh sách, đề nghị kiểm tra lại'
    await page.locator('#load-status').click()
    await expect.poll(() => message().textContent()).toContain('Tình hình nộp báo cáo')
    const statusRows = await page.evaluate(() => window.fakeExcel.rows('Tình hình nộp báo cáo'))
    const g1Line = statusRows.findIndex((row) => row[0] === 'G1') + 1
    await page.evaluate(
      (row) => window.fakeExcel.select('Tình hình nộp báo cáo', `B${row}`),
      g1Line,
    )
    await expect.poll(() => page.locator('#unit-card').getAttribute('data-unit')).toBe('G1')
    await page.locator('#unit-comment').fill(comment)
    await page.locator('#unit-card button[data-decision="return"]').click()
    await expect.poll(() => message().textContent()).toContain('Đã trả lại báo cáo của')
    expect((await store.revisions('G1', PERIOD, 'B01'))[0]?.status).toBe('returned')

    // …and G1, signing in, sees who returned it, when, and why.
    await page.locator('#sign-out').click()
    await signIn('G1')
    await expect.poll(() => page.locator('#receipt').getAttribute('data-status')).toBe('returned')
    expect(await page.locator('#receipt .review-comment').textContent()).toBe(comment)
    expect(await page.locator('#receipt').textContent()).toContain(
      'Công đoàn ngành Giáo dục (khóa đơn vị) trả lại phiên bản 1',
    )
    await shot('08-returned')

    // The clerk resubmits on a slow connection and, seeing nothing happen, clicks again while
    // the first submission is on its way: one submission, one revision.
    let puts = 0
    let answer = (): void => {}
    const held = new Promise<void>((resolve) => (answer = resolve))
    await page.route('**/api/v1/units/G1/periods/**', async (route) => {
      if (route.request().method() === 'PUT') {
        puts++
        await held
      }
      await route.continue()
    })
    const queuedKeys = () =>
      page.evaluate(() =>
        (JSON.parse(localStorage.getItem('baocao-cd.queue.v1') ?? '[]') as { key: string }[]).map(
          (item) => item.key,
        ),
      )
    await page.locator('#submit').click()
    await expect.poll(() => puts).toBe(1)
    const inFlight = await queuedKeys()
    await page.locator('#submit').dblclick({ force: true })
    // Time for a second click that got through to queue a second submission.
    await page.waitForTimeout(500)
    expect(await queuedKeys()).toEqual(inFlight)
    answer()
    await expect
      .poll(() => page.locator('#receipt').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('submitted')
    expect(await page.locator('#receipt [data-revision]').getAttribute('data-revision')).toBe('2')
    expect(await page.locator('#receipt').textContent()).toContain('chờ cấp trên duyệt')
    expect(await page.locator('#receipt .review-comment').count()).toBe(0)
    expect(puts).toBe(1)
    expect(await page.locator('#queue-list li').count()).toBe(0)
    expect(await store.revisions('G1', PERIOD, 'B01')).toHaveLength(2)
    await page.unroute('**/api/v1/units/G1/periods/**')
    await shot('08-resubmitted')

    // Meanwhile the upper union enters G1's figures too: G1's next submission is a conflict,
    // refused, and the pane offers the latest revision instead of silently superseding it.
    const second = (await store.revisions('G1', PERIOD, 'B01'))[1]
    await store.appendRevision({
      unit: 'G1',
      period: PERIOD,
      form: 'B01',
      formVersion: b01.version,
      values: second?.values ?? {},
      warnings: [],
      acknowledgedWarnings: [],
      submittedAt: new Date().toISOString(),
      submittedBy: 'U1',
      audit: { actor: 'U1', address: null, action: 'submission.create', target: 'G1', details: {} },
    })
    await page.locator('#submit').click()
    await expect.poll(() => message().textContent()).toContain('người khác gửi báo cáo này')
    expect(await page.locator('#queue-list li').count()).toBe(0)
    await page.locator('#reload-latest').click()
    await expect.poll(() => message().textContent()).toContain('Bản mới nhất là phiên bản 3')
    expect(await page.locator('#receipt').textContent()).toContain(
      'do Công đoàn ngành Giáo dục (khóa đơn vị) gửi',
    )
    expect(await page.locator('#reload-latest').isVisible()).toBe(false)
    expect(await store.revisions('G1', PERIOD, 'B01')).toHaveLength(3)
    await shot('08-conflict')

    await page.locator('#sign-out').click()
    await signIn('P')
    await page.locator('[data-tab="units"]').click()
    await page.locator('#load-status').click()
    await expect.poll(() => message().textContent()).toContain('Tình hình nộp báo cáo')
    await shot('09-status')

    // Before accepting or returning, the reviewer reads G1's submitted figures in the pane.
    const provinceRows = await page.evaluate(() => window.fakeExcel.rows('Tình hình nộp báo cáo'))
    const g1At = provinceRows.findIndex((row) => row[0] === 'G1') + 1
    await page.evaluate((row) => window.fakeExcel.select('Tình hình nộp báo cáo', `A${row}`), g1At)
    await expect.poll(() => page.locator('#unit-card').getAttribute('data-unit')).toBe('G1')
    const reviewed = (code: string) =>
      page.locator(`#unit-card tr[data-row="${code}"] td.value`).textContent()
    expect(await reviewed('workers.total')).toBe('100')
    expect(await reviewed('workers.women')).toBe('60')
    expect(await page.locator('#unit-card [data-revision]').getAttribute('data-revision')).toBe('3')
    await shot('09-view-values')

    // G2 sends revision 2 while the province's list still shows revision 1: accepting is refused,
    // not applied to a revision nobody looked at, and the list shows the new one.
    const g2At = provinceRows.findIndex((row) => row[0] === 'G2') + 1
    await page.evaluate((row) => window.fakeExcel.select('Tình hình nộp báo cáo', `A${row}`), g2At)
    await expect.poll(() => page.locator('#unit-card').getAttribute('data-unit')).toBe('G2')
    const g2Revision = () =>
      page.locator('#unit-card [data-revision]').getAttribute('data-revision')
    expect(await g2Revision()).toBe('1')
    const proxiedFirst = (await store.revisions('G2', PERIOD, 'B01'))[0]
    await store.appendRevision({
      unit: 'G2',
      period: PERIOD,
      form: 'B01',
      formVersion: b01.version,
      values: proxiedFirst?.values ?? {},
      warnings: [],
      acknowledgedWarnings: [],
      submittedAt: new Date().toISOString(),
      submittedBy: 'G2',
      audit: { actor: 'G2', address: null, action: 'submission.create', target: 'G2', details: {} },
    })
    await page.locator('#unit-card button[data-decision="accept"]').click()
    await expect.poll(() => message().textContent()).toContain('phiên bản mới (phiên bản 2)')
    expect((await store.latestRevision('G2', PERIOD, 'B01'))?.status).toBe('submitted')
    await expect.poll(g2Revision).toBe('2')

    await page.locator('[data-tab="rollup"]').click()
    await page.locator('#rollup-unit').fill('P')
    await page.locator('#rollup-form').selectOption('B01')
    const beforePull = await syncs()
    await page.locator('#pull').click()
    await expect.poll(() => message().textContent()).toContain('Đã lấy số liệu tổng hợp')
    metrics.rollupPullSyncs = (await syncs()) - beforePull
    const sheet = (await page.evaluate(() => window.fakeExcel.sheetNames())).find((name) =>
      name.startsWith('TH P'),
    )
    expect(sheet).toBeDefined()
    const rows = await page.evaluate((name) => window.fakeExcel.rows(name), sheet ?? '')
    const total = (code: string) => rows.find((row) => row[5] === code)?.[3]
    expect(total('workers.total')).toBe(150)
    expect(total('workers.women')).toBe(80)
    expect(total('members.total')).toBe(130)
    // One line per child on the per-unit sheet, and a sheet listing the units still missing.
    const names = await page.evaluate(() => window.fakeExcel.sheetNames())
    const perUnit = names.find((name) => name.startsWith('TH đơn vị P')) ?? ''
    const unitRows = await page.evaluate((name) => window.fakeExcel.rows(name), perUnit)
    expect(unitRows.some((row) => row[0] === 'U1' && row.includes(150))).toBe(true)
    expect(names.some((name) => name.startsWith('Chưa nộp P'))).toBe(true)
    await shot('10-rollup')

    // The province finds a union by its name typed without accents, and pulls its rollup.
    await page.locator('#rollup-search').fill('nganh giao duc')
    const pick = page.locator('#rollup-found button[data-unit="U1"]')
    await expect.poll(() => pick.count()).toBe(1)
    expect(await pick.textContent()).toBe('Công đoàn ngành Giáo dục (U1)')
    await pick.click()
    expect(await page.locator('#rollup-unit').inputValue()).toBe('U1')
    expect(await page.locator('#rollup-unit-name').textContent()).toBe('Công đoàn ngành Giáo dục')
    const beforeSecondPull = await syncs()
    await page.locator('#pull').click()
    await expect.poll(() => message().textContent()).toContain('Đã lấy số liệu tổng hợp')
    expect((await syncs()) - beforeSecondPull).toBeLessThanOrEqual(3)
    const u1Sheet = (await page.evaluate(() => window.fakeExcel.sheetNames())).find((name) =>
      name.startsWith('TH U1'),
    )
    const u1Rows = await page.evaluate((name) => window.fakeExcel.rows(name), u1Sheet ?? '')
    expect(u1Rows.find((row) => row[5] === 'workers.total')?.[3]).toBe(150)
    await shot('10-rollup-search')

    await page.locator('[data-tab="units"]').click()
    // Two templates G2's clerk e-mailed (one blank but for its figures, named by its file) and a
    // workbook that is no template: chosen together, each gets its line.
    const emailed = new ExcelJS.Workbook()
    await emailed.xlsx.load(
      Buffer.from(await templateWorkbook(catalog.get('B01')!)) as unknown as ArrayBuffer,
    )
    emailed.worksheets[0]?.eachRow((row) => {
      const code = row.getCell(6).value
      if (code === 'workers.total') {
        row.getCell(4).value = 52
      }
      if (code === 'members.total') {
        row.getCell(4).value = 40
      }
    })
    const notTemplate = new ExcelJS.Workbook()
    notTemplate.addWorksheet('Danh sách').getCell('A1').value = 'Danh sách đoàn viên'
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    await page.locator('#import-files').setInputFiles([
      {
        name: 'G2 - THCS Cốc Đán.xlsx',
        mimeType: xlsx,
        buffer: Buffer.from(await emailed.xlsx.writeBuffer()),
      },
      {
        name: 'danh-sach.xlsx',
        mimeType: xlsx,
        buffer: Buffer.from(await notTemplate.xlsx.writeBuffer()),
      },
    ])
    await page.locator('#import-run').click()
    await expect.poll(() => page.locator('#import-lines li').count()).toBe(2)
    const importLines = await page.locator('#import-lines li').allTextContents()
    expect(importLines[0]).toMatch(/đã lưu báo cáo của G2, phiên bản \d+/)
    expect(importLines[1]).toContain('không phải mẫu báo cáo')
    expect(await message().textContent()).toContain('Đã lưu 1 báo cáo')
    expect((await store.latestRevision('G2', PERIOD, 'B01'))?.submittedBy).toBe('P')
    await shot('10-import')

    // G1's clerk reopens the pane next day with the worker unreachable: no token any more, an
    // English-locale Excel. The pane still checks, from what it saved, and queues the report.
    await page.locator('#sign-out').click()
    await page.evaluate(() => {
      window.fakeExcel.book.decimalSeparator = '.'
    })
    await page.route('**/api/v1/**', (route) => route.abort('internetdisconnected'))
    await page.evaluate(() => sessionStorage.clear())
    await page.reload()
    await page.locator('#unit-code input').fill(' g1 ')
    await page.locator('#access-key input').fill(keys.G1 ?? '')
    await page.locator('#sign-in-button').click()
    await expect.poll(() => page.locator('#work-offline').isVisible()).toBe(true)
    await page.locator('#work-offline').click()
    await expect.poll(() => page.locator('#main').isVisible()).toBe(true)
    expect(await page.locator('#unit-name').textContent()).toContain('Bằng Vân')
    expect(await page.locator('#offline-note').textContent()).toContain('Ngoại tuyến')
    expect(await page.locator('#decimal-note').textContent()).toBe(
      'Excel của bạn dùng dấu chấm cho phần thập phân: hãy gõ 25000, không gõ 25.000.',
    )
    expect(await page.locator('#period option').count()).toBeGreaterThan(0)
    await typeCell('workers.women', '120')
    const beforeOfflineCheck = await syncs()
    await page.locator('#check').click()
    await expect
      .poll(() => page.locator('#findings .finding[data-severity="error"]').count())
      .toBe(1)
    expect((await syncs()) - beforeOfflineCheck).toBeLessThanOrEqual(3)
    expect(await fillOf('workers.women')).toBe('#FFC7CE')
    await typeCell('workers.women', '70')
    await page.locator('#submit').click()
    await expect.poll(() => page.locator('#queue-list li').count()).toBeGreaterThan(0)
    expect(await page.locator('#queue-list').textContent()).toContain('Đăng nhập để gửi')
    expect(await store.revisions('G1', PERIOD, 'B01')).toHaveLength(3)
    await shot('11-offline-queued')

    // Back online, the pane asks for the sign-in; after it the queued report goes, once.
    await page.unroute('**/api/v1/**')
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await expect.poll(() => message().textContent()).toContain('Hãy đăng nhập để gửi')
    await page.locator('#sign-out').click()
    await signIn('G1')
    await expect
      .poll(() => page.locator('#receipt [data-revision]').getAttribute('data-revision'), {
        timeout: 15_000,
      })
      .toBe('4')
    const afterOffline = await store.revisions('G1', PERIOD, 'B01')
    expect(afterOffline).toHaveLength(4)
    expect(afterOffline[3]?.values['workers.women']).toBe(70)
    expect(await page.locator('#offline-note').isVisible()).toBe(false)
    await shot('12-offline-sent')

    // A new version of B01 is loaded: the sheet keeps its version for check and submit until
    // the clerk chooses "Làm mới biểu mẫu", which keeps the typed figures.
    const nextVersion = '2099.1'
    expect(catalog.add({ ...b01, version: nextVersion })).toMatchObject({ ok: true })
    await page.locator('#sign-out').click()
    await signIn('G1')
    await expect.poll(() => page.locator('#form-update').isVisible()).toBe(true)
    expect(await page.locator('#form-update-text').textContent()).toContain(nextVersion)
    // The report sent offline was checked without last year's figures: the worker's warnings
    // against them came back unconfirmed, and the pane now asks for a reason for each first.
    await page.locator('#submit').click()
    await expect.poll(() => message().textContent()).toContain('chưa có lý do')
    expect(await store.revisions('G1', PERIOD, 'B01')).toHaveLength(4)
    for (const box of await page.locator('#findings textarea[data-rule]').all()) {
      await box.fill('Số liệu đúng theo sổ theo dõi')
    }
    await page.locator('#submit').click()
    await expect
      .poll(() => page.locator('#receipt [data-revision]').getAttribute('data-revision'), {
        timeout: 15_000,
      })
      .toBe('5')
    expect((await store.revisions('G1', PERIOD, 'B01'))[4]?.formVersion).toBe(b01.version)
    await page.locator('#form-upgrade').click()
    await expect.poll(() => message().textContent()).toContain('giữ lại')
    expect(await page.locator('#form-update').isVisible()).toBe(false)
    const women = await page.evaluate(
      (address) => window.fakeExcel.value('B01', address),
      cell('workers.women'),
    )
    expect(String(women)).toBe('70')
    await page.locator('#submit').click()
    await expect
      .poll(() => page.locator('#receipt [data-revision]').getAttribute('data-revision'), {
        timeout: 15_000,
      })
      .toBe('6')
    expect((await store.revisions('G1', PERIOD, 'B01'))[5]?.formVersion).toBe(nextVersion)
    await shot('13-form-upgraded')
    expect(pageErrors).toEqual([])
  }, 180_000)
})
