/**
 * @module End to end: the upper union's desk, in headless Chromium with a simulated Excel that reads
 * typed numbers by its culture, run once as a Vietnamese Excel and once as an English one. Each
 * finding of issue 9 has its step: the comment that reached the wrong unit, the Nhập hộ that
 * overwrote a unit's own report and told a false result, the values that opened out of sight, the
 * status list that stopped at 500 units, and the smaller ones. Screenshots (350 px wide) go to
 * test-output/e2e/desk-*.png.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import type { Values } from '../../shared/form-definition.ts'
import type { Unit } from '../../shared/unit-tree.ts'
import type { ActingPerson } from '../../shared/accounts.ts'
import { issueKey } from '../../worker/admin/operations.ts'
import type { Store } from '../../worker/store/store.ts'
import {
  hasChromium,
  openPane,
  shots,
  signInWithKey,
  startHarness,
  TEST_COST,
  type Harness,
} from './harness.ts'
const PERIOD = '2026-Y'
const STATUS = 'Tình hình nộp báo cáo'
const CHASING = 'Cần nhắc nộp báo cáo'
const HA: ActingPerson = { login: 'ha.thpt', name: 'Đặng Thu Hà' }
const HUNG: ActingPerson = { login: 'hung.gd', name: 'Hoàng Văn Hùng' }
const code = (n: number) => `BK.GD.${String(n).padStart(3, '0')}`

/**
 * The demo province's shape at the size that broke the old list: 761 units; the education union
 * BK.GD with 250 schools, two more upper unions sharing the other 507.
 */
function province(): Unit[] {
  const units: Unit[] = [
    { code: 'BK', name: 'LĐLĐ tỉnh Bắc Kạn', parent: null, level: 'province' },
    { code: 'BK.GD', name: 'Công đoàn ngành Giáo dục', parent: 'BK', level: 'upper' },
    { code: 'BK.YT', name: 'Công đoàn ngành Y tế', parent: 'BK', level: 'upper' },
    { code: 'BK.KCN', name: 'Công đoàn các Khu công nghiệp', parent: 'BK', level: 'upper' },
  ]
  for (let n = 1; n <= 250; n++) {
    units.push({
      code: code(n),
      name: `CĐCS Trường số ${n} Chợ Đồn`,
      parent: 'BK.GD',
      level: 'grassroots',
      ...(n === 5 ? { phone: '0209 3870 123', email: 'cdcs5@example.vn' } : {}),
    })
  }
  for (let n = 1; n <= 507; n++) {
    units.push({
      code: `BK.${n <= 300 ? 'YT' : 'KCN'}.${String(n).padStart(3, '0')}`,
      name: `CĐCS đơn vị ${n}`,
      parent: n <= 300 ? 'BK.YT' : 'BK.KCN',
      level: 'grassroots',
    })
  }
  return units
}

const figures = (overrides: Values = {}): Values => ({
  'workers.total': 74,
  'workers.women': 40,
  'members.total': 70,
  'members.women': 38,
  'members.new': 3,
  'wage.persons': 74,
  'wage.average': 7_500_000,
  'welfare.amount': 4_000_000,
  'maiam.houses': 0,
  ...overrides,
})

describe.skipIf(!hasChromium).each([
  { culture: 'vi-VN', separator: ',', thousands: '1.234' },
  { culture: 'en-US', separator: '.', thousands: '1,234' },
])('the upper union’s desk in a $culture Excel', ({ culture, separator, thousands }) => {
  let h: Harness
  let store: Store
  let page: Page
  let base: string
  let pageErrors: string[] = []
  const keys: Record<string, string> = {}
  const b01 = defaultCatalog().get('B01')!
  const audit = { actor: 'admin', address: null, action: 'seed', target: 'e2e', details: {} }

  const message = () => page.locator('#message')
  const shot = (name: string) =>
    page.screenshot({ path: join(shots, `desk-${culture}-${name}.png`) })
  const syncs = () => page.evaluate(() => window.fakeExcel.book.syncs)
  const rowsOf = (sheet: string) => page.evaluate((name) => window.fakeExcel.rows(name), sheet)
  async function selectUnit(unit: string): Promise<void> {
    const row = (await rowsOf(STATUS)).findIndex((line) => line[0] === unit) + 1
    expect(row).toBeGreaterThan(1)
    await page.evaluate(({ sheet, at }) => window.fakeExcel.select(sheet, `B${at}`), {
      sheet: STATUS,
      at: row,
    })
    await expect.poll(() => page.locator('#unit-card').getAttribute('data-unit')).toBe(unit)
  }
  const signIn = (unit: string) => signInWithKey(page, unit, keys[unit] ?? '')
  async function send(
    unit: string,
    values: Values,
    by = unit,
    acknowledged: string[] = [],
    person: ActingPerson | null = null,
  ) {
    await store.appendRevision({
      unit,
      period: PERIOD,
      form: 'B01',
      formVersion: b01.version,
      values,
      warnings: [],
      acknowledgedWarnings: acknowledged,
      submittedAt: new Date().toISOString(),
      submittedBy: by,
      submittedByPerson: person,
      audit,
    })
  }

  beforeAll(async () => {
    h = await startHarness({
      name: 'desk-e2e',
      seed: async (seeded) => {
        store = seeded
        await store.importUnits(province(), audit)
        const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
        await store.savePeriod({ id: PERIOD, cutoff: '2026-11-30', deadline, open: true }, audit)
        // BK.GD.001 (its clerk signed in as a person) and .004 sent their own; .002 was accepted
        // by the union's reviewer; .003 sent its whole report itself; .006 is clean and .007 has
        // a warning nobody confirmed; .010 was entered by the union.
        await send(code(1), figures(), code(1), [], HA)
        for (const n of [2, 3, 4, 6]) {
          await send(code(n), figures())
        }
        await store.appendRevision({
          unit: code(7),
          period: PERIOD,
          form: 'B01',
          formVersion: b01.version,
          values: figures(),
          warnings: [
            {
              rule: 'change:workers.total',
              code: 'period_change',
              row: 'workers.total',
              related: [],
              severity: 'warning',
              params: { value: 74, previous: 40, threshold: 40, direction: 'up' },
            },
          ],
          acknowledgedWarnings: [],
          submittedAt: new Date().toISOString(),
          submittedBy: code(7),
          audit,
        })
        await send(code(10), figures({ 'workers.total': 80 }), 'BK.GD')
        await store.review({
          unit: code(2),
          period: PERIOD,
          form: 'B01',
          decision: 'accept',
          comment: '',
          reviewer: 'BK.GD',
          reviewerPerson: HUNG,
          reviewedAt: new Date().toISOString(),
          audit,
        })
        for (const unit of ['BK', 'BK.GD']) {
          keys[unit] = (await issueKey(store, unit, audit, { cost: TEST_COST })).key
        }
      },
    })
    ;({ base, page, pageErrors } = h)
    await openPane(page, base)
    await page.evaluate((decimal) => {
      window.fakeExcel.book.decimalSeparator = decimal
    }, separator)
  })

  afterAll(async () => {
    await h?.close()
  })

  it('names an empty sign-in, speaks the clerk’s words, and redraws a message in English', async () => {
    expect(await page.locator('label[for="access-key"]').textContent()).toBe('Mã truy cập')
    await page.locator('#sign-in-button').click()
    await expect.poll(() => message().textContent()).toBe('Hãy nhập mã đơn vị và mã truy cập.')
    await page.locator('#lang').click()
    await expect
      .poll(() => message().textContent())
      .toBe('Enter the unit code and the access code.')
    await page.locator('#lang').click()
    await signIn('BK.GD')
    expect(await page.locator('#period option').first().textContent()).toMatch(/^Năm 2026 \(/)
    expect(pageErrors).toEqual([])
  })

  it('lists all 250 units in a sheet table, shows one unit in sight, comments reach only it', async () => {
    await page.locator('[data-tab="units"]').click()
    const before = await syncs()
    await page.locator('#load-status').click()
    await expect.poll(() => message().textContent()).toContain('250 đơn vị')
    // Two tables (the status and the chasing list) and the selection watch: 3 + 3 + 1 at most.
    expect((await syncs()) - before).toBeLessThanOrEqual(7)
    const rows = await rowsOf(STATUS)
    expect(rows[0]?.slice(0, 4)).toEqual([
      'Mã đơn vị',
      'Tên đơn vị',
      'Công đoàn cấp trên',
      'Tình trạng',
    ])
    expect(rows).toHaveLength(251)
    const g7 = rows.find((row) => row[0] === code(7))
    // Sent with unit keys: the sheet says so where a person's name would be.
    expect([g7?.[3], g7?.[7], g7?.[8], g7?.[9]]).toEqual([
      'Đã nộp',
      'Đơn vị tự nhập: khóa đơn vị',
      1,
      1,
    ])
    expect(rows.find((row) => row[0] === code(10))?.[7]).toBe('Cấp trên nhập (BK.GD): khóa đơn vị')
    expect(rows.find((row) => row[0] === code(1))?.[7]).toBe('Đơn vị tự nhập: Đặng Thu Hà')
    expect(rows.find((row) => row[0] === code(2))?.[10]).toBe('BK.GD: Hoàng Văn Hùng')
    const chasing = await rowsOf(CHASING)
    expect(chasing.find((row) => row[0] === code(5))).toEqual([
      code(5),
      'CĐCS Trường số 5 Chợ Đồn',
      'Công đoàn ngành Giáo dục',
      'Chưa nộp',
      '0209 3870 123',
      'cdcs5@example.vn',
    ])
    await shot('01-status')

    // Finding 4: the unit selected in the sheet shows in sight, not 14,000 px down.
    await selectUnit(code(1))
    const top = await page
      .locator('#unit-card')
      .evaluate((card) => card.getBoundingClientRect().top)
    expect(top).toBeGreaterThanOrEqual(0)
    expect(top).toBeLessThan(720)
    expect(
      await page.locator('#unit-card tr[data-row="workers.total"] td.value').textContent(),
    ).toBe(culture === 'vi-VN' ? '74' : '74')
    // Who sent it: the clerk by name, as the status sheet says.
    expect(await page.locator('#unit-card p[data-revision]').textContent()).toMatch(
      /^Phiên bản 1, đơn vị tự gửi lúc \d\d\/\d\d\/\d{4} \d\d:\d\d \(Đặng Thu Hà\)\.$/,
    )
    await shot('02-unit')

    // Finding 1: a comment typed for BK.GD.001 stays with it; BK.GD.004's box is empty.
    const comment = 'Số lao động nữ chưa khớp danh sách'
    await page.locator('#unit-comment').fill(comment)
    await page.locator('#unit-card button[data-decision="return"]').click()
    await expect
      .poll(() => message().textContent())
      .toBe(
        `Đã trả lại báo cáo của CĐCS Trường số 1 Chợ Đồn (${code(1)}) (phiên bản 1) với nhận xét: "${comment}".`,
      )
    expect((await store.latestRevision(code(1), PERIOD, 'B01'))?.review?.comment).toBe(comment)
    // The returned report says who returned it and why; the unit key's reviews say "khóa đơn vị".
    await expect
      .poll(() => page.locator('#unit-card p[data-review="return"]').textContent())
      .toMatch(/^Công đoàn ngành Giáo dục \(khóa đơn vị\) trả lại phiên bản 1 lúc .*:$/)
    expect(await page.locator('#unit-card .review-comment').textContent()).toBe(comment)
    await selectUnit(code(2))
    expect(await page.locator('#unit-card p[data-review="accept"]').textContent()).toMatch(
      /^Hoàng Văn Hùng \(Công đoàn ngành Giáo dục\) đã duyệt lúc /,
    )
    await shot('02-unit-accepted')
    await selectUnit(code(10))
    expect(await page.locator('#unit-card p[data-revision]').textContent()).toMatch(
      /^Phiên bản 1, Công đoàn ngành Giáo dục \(khóa đơn vị\) nhập hộ lúc /,
    )
    await selectUnit(code(4))
    expect(await page.locator('#unit-comment').inputValue()).toBe('')
    await page.locator('#unit-card button[data-decision="accept"]').click()
    // Finding 6: accepting says so, naming the unit, never "Đã ghi ý kiến".
    await expect
      .poll(() => message().textContent())
      .toContain(`Đã duyệt báo cáo của CĐCS Trường số 4 Chợ Đồn (${code(4)})`)
    const g4 = await store.latestRevision(code(4), PERIOD, 'B01')
    expect([g4?.status, g4?.review?.comment]).toEqual(['accepted', ''])
    // An accepted report can be returned (to unlock it), not accepted again.
    await expect.poll(() => page.locator('#unit-card [data-review="accept"]').count()).toBe(1)
    expect(
      await page
        .locator('#unit-card button[data-decision]')
        .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-decision'))),
    ).toEqual(['return'])
    await shot('03-reviewed')
  })

  it('keeps the clerk’s filter when the list is refreshed, and accepts a selection at once', async () => {
    await page.evaluate(() =>
      window.fakeExcel.filter('TinhHinhNopBaoCao', 'Tình trạng', ['Chưa nộp']),
    )
    const missing = (await page.evaluate((s) => window.fakeExcel.visibleRows(s), STATUS)).length
    await send(code(5), figures())
    await page.locator('#load-status').click()
    await expect.poll(() => message().textContent()).toContain('250 đơn vị')
    const table = (await page.evaluate(() => window.fakeExcel.tables())).find(
      (t) => t.name === 'TinhHinhNopBaoCao',
    )
    expect(table?.filtered).toBe(1)
    const visible = await page.evaluate((s) => window.fakeExcel.visibleRows(s), STATUS)
    expect(visible).toHaveLength(missing - 1)
    expect(visible.some((row) => row[0] === code(5))).toBe(false)

    // Rows 6 to 8: a clean report, one with an unconfirmed warning, one not sent.
    const rows = await rowsOf(STATUS)
    const at = (unit: string) => rows.findIndex((row) => row[0] === unit) + 1
    await page.evaluate(({ sheet, range }) => window.fakeExcel.select(sheet, range), {
      sheet: STATUS,
      range: `A${at(code(6))}:C${at(code(8))}`,
    })
    await page.locator('#accept-selection').click()
    await expect.poll(() => message().textContent()).toContain('Đã duyệt 1 báo cáo; 2 dòng')
    expect(await page.locator('#accept-results li').allTextContents()).toEqual([
      `${code(7)}: còn 1 cảnh báo chưa xác nhận`,
      `${code(8)}: chưa nộp`,
    ])
    expect((await store.latestRevision(code(6), PERIOD, 'B01'))?.status).toBe('accepted')
    expect((await store.latestRevision(code(7), PERIOD, 'B01'))?.status).toBe('submitted')
    await shot('04-accepted-selection')
  })

  it('pre-fills Nhập hộ, sends only changed rows, asks before overwriting, tells each unit’s result', async () => {
    await page.locator('#proxy-insert').click()
    await expect
      .poll(() => message().textContent())
      .toContain('Đã chèn bảng nhập hộ cho 250 đơn vị')
    const sheet = (await page.evaluate(() => window.fakeExcel.sheetNames())).find((name) =>
      name.startsWith('Nhập hộ'),
    ) as string
    const grid = await rowsOf(sheet)
    const codes = grid.find((row) => row[0] === 'Mã dòng') ?? []
    const rowOf = (unit: string) => grid.findIndex((row) => row[0] === unit) + 1
    const cellOf = (unit: string, row: string) =>
      `${String.fromCharCode(65 + codes.indexOf(row))}${rowOf(unit)}`
    const line3 = grid[rowOf(code(3)) - 1] ?? []
    expect(line3.slice(2, 5)).toEqual(['Đơn vị tự nhập: khóa đơn vị', 'Đã nộp', ''])
    expect(grid[rowOf(code(2)) - 1]?.slice(2, 5)).toEqual([
      'Đơn vị tự nhập: khóa đơn vị',
      'Đã duyệt (khóa)',
      'BK.GD: Hoàng Văn Hùng',
    ])
    expect(grid[rowOf(code(1)) - 1]?.slice(2, 5)).toEqual([
      'Đơn vị tự nhập: Đặng Thu Hà',
      'Trả lại',
      'BK.GD: khóa đơn vị',
    ])
    expect(line3[codes.indexOf('workers.total')]).toBe(74)
    const typeIn = (unit: string, row: string, text: string) =>
      page.evaluate(({ s, a, t }) => window.fakeExcel.type(s, a, t), {
        s: sheet,
        a: cellOf(unit, row),
        t: text,
      })
    // An accepted report's row is locked in the sheet.
    await expect(typeIn(code(2), 'workers.total', '9')).rejects.toThrow(/locked/)
    // Finding 2: three figures typed over BK.GD.003's own report, the thousands typed the
    // culture's way; BK.GD.009 entered fresh; BK.GD.010 changed by the unit meanwhile.
    await typeIn(code(3), 'workers.total', thousands)
    await typeIn(code(3), 'workers.women', '600')
    await typeIn(code(3), 'members.total', '1000')
    for (const [row, text] of [
      ['workers.total', '30'],
      ['workers.women', '10'],
      ['members.total', '20'],
    ] as const) {
      await typeIn(code(9), row, text)
    }
    await typeIn(code(10), 'workers.total', '81')
    await send(code(10), figures({ 'workers.total': 85 }))
    await page.locator('#proxy-submit').click()
    // Finding 3: the result is per unit and true.
    await expect.poll(() => message().textContent()).toContain('Gửi 1,')
    expect(await message().textContent()).toContain('máy chủ từ chối 1')
    expect(await message().textContent()).toContain('cần đồng ý ghi đè 1')
    const outcome = (unit: string) =>
      page.locator(`#proxy-results li[data-unit="${unit}"]`).getAttribute('data-outcome')
    expect([await outcome(code(3)), await outcome(code(9)), await outcome(code(10))]).toEqual([
      'needsConsent',
      'sent',
      'refused',
    ])
    expect(
      await page.locator(`#proxy-results li[data-unit="${code(10)}"]`).textContent(),
    ).toContain('người khác gửi')
    expect((await store.revisions(code(3), PERIOD, 'B01')).map((r) => r.submittedBy)).toEqual([
      code(3),
    ])
    expect((await store.latestRevision(code(9), PERIOD, 'B01'))?.submittedBy).toBe('BK.GD')
    await shot('05-proxy-consent')

    await page.locator(`#proxy-results input[data-overwrite="${code(3)}"]`).check()
    await page.locator('#proxy-submit').click()
    await expect.poll(() => outcome(code(3))).toBe('sent')
    const overwritten = await store.revisions(code(3), PERIOD, 'B01')
    expect(overwritten.map((r) => r.submittedBy)).toEqual([code(3), 'BK.GD'])
    // The rows the clerk did not touch kept the unit's own figures: nothing went blank.
    expect(overwritten[1]?.values).toMatchObject({
      ...figures({ 'workers.total': 1234, 'workers.women': 600, 'members.total': 1000 }),
    })
    // BK.GD.009, sent a moment ago, is unchanged now and not sent twice.
    expect(await store.revisions(code(9), PERIOD, 'B01')).toHaveLength(1)
    await shot('06-proxy-sent')
    expect(pageErrors).toEqual([])
  })

  it('gives the province every one of its 760 units, past the old 500', async () => {
    await page.locator('#sign-out').click()
    await signIn('BK')
    await page.locator('[data-tab="units"]').click()
    await page.locator('#load-status').click()
    await expect.poll(() => message().textContent(), { timeout: 20_000 }).toContain('760 đơn vị')
    const rows = await rowsOf(STATUS)
    expect(rows).toHaveLength(761)
    expect(rows.some((row) => row[0] === 'BK.KCN.507')).toBe(true)
    const last = String(rows.at(-1)?.[0])
    await selectUnit(last)
    expect(await page.locator('#unit-card').textContent()).toContain('chưa nộp')
    await shot('07-province')
    expect(pageErrors).toEqual([])
  })
})
