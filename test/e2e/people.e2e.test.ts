/**
 * @module End to end: people in the pane (issue 13), in headless Chromium 350 px wide with a
 * simulated Excel. A clerk with `lập biểu` at an upper union sets her first password with the
 * one-time code and sees no Duyệt buttons; her session survives a reload; she changes her
 * password; a `duyệt` person gets the desk but not the own report; a unit key keeps every action;
 * a disabled account is signed out with the worker's words; a login tried too often is locked.
 * Screenshots go to test-output/e2e/people-*.png.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { addAccount } from '../../worker/admin/accounts.ts'
import { issueKey } from '../../worker/admin/operations.ts'
import {
  hasChromium,
  openPane,
  paneSignedIn,
  shots,
  signInAsPerson,
  signInWithKey,
  startHarness,
  TEST_COST,
  type Harness,
} from './harness.ts'

const PERIOD = '2026-Y'
const STATUS = 'Tình hình nộp báo cáo'
const UNITS = [
  { code: 'P', name: 'LĐLĐ tỉnh Thử Nghiệm', parent: null, level: 'province' as const },
  { code: 'U1', name: 'Công đoàn ngành Giáo dục', parent: 'P', level: 'upper' as const },
  { code: 'G1', name: 'CĐCS Trường Tiểu học Bằng Vân', parent: 'U1', level: 'grassroots' as const },
  { code: 'G2', name: 'CĐCS Trường THCS Cốc Đán', parent: 'U1', level: 'grassroots' as const },
]
const PEOPLE = [
  { login: 'lan', name: 'Nguyễn Thị Lan', unit: 'U1', roles: ['lập-biểu' as const] },
  { login: 'hung', name: 'Hoàng Văn Hùng', unit: 'U1', roles: ['duyệt' as const] },
  { login: 'khoa', name: 'Lý Văn Khoa', unit: 'G1', roles: ['lập-biểu' as const] },
]
const HUNG_PASSWORD = 'hung-mat-khau-1'
const audit = { actor: 'admin', address: null }

describe.skipIf(!hasChromium)('people in the pane', () => {
  let h: Harness
  let page: Page
  const keys: Record<string, string> = {}
  const codes: Record<string, string> = {}

  const message = () => page.locator('#message')
  const shot = (name: string) => page.screenshot({ path: join(shots, `people-${name}.png`) })
  const shown = (selector: string) => page.locator(selector).isVisible()

  async function tokenOf(unit: string): Promise<string> {
    const response = await fetch(`${h.base}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unit, key: keys[unit] }),
    })
    return ((await response.json()) as { token: string }).token
  }
  async function signOut(): Promise<void> {
    await page.locator('#sign-out').click()
    await page.locator('#sign-in').waitFor({ state: 'visible' })
  }
  /** "Xem tình hình", then the row of G1 selected on the status sheet. */
  async function selectG1(): Promise<void> {
    await page.locator('[data-tab="units"]').click()
    await page.locator('#load-status').click()
    await expect.poll(() => page.locator('#status [data-count]').count()).toBe(6)
    const rows = await page.evaluate((sheet) => window.fakeExcel.rows(sheet), STATUS)
    const row = rows.findIndex((line) => line[0] === 'G1') + 1
    await page.evaluate((at) => window.fakeExcel.select('Tình hình nộp báo cáo', `B${at}`), row)
    await expect.poll(() => page.locator('#unit-card').getAttribute('data-unit')).toBe('G1')
    await page.locator('#unit-card .review-table').waitFor()
  }

  beforeAll(async () => {
    h = await startHarness({
      name: 'people-e2e',
      contract: true,
      seed: async (store, catalog) => {
        const b01 = catalog.get('B01') as FormDefinition
        const at = { ...audit, target: 'e2e', details: {} }
        await store.importUnits(UNITS, { ...at, action: 'units.import' })
        const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
        await store.savePeriod(
          { id: PERIOD, cutoff: '2026-11-30', deadline, open: true },
          { ...at, action: 'period.open' },
        )
        await store.appendRevision({
          unit: 'G1',
          period: PERIOD,
          form: 'B01',
          formVersion: b01.version,
          values: { 'workers.total': 74, 'workers.women': 40, 'members.total': 70 },
          warnings: [],
          acknowledgedWarnings: [],
          submittedAt: new Date().toISOString(),
          submittedBy: 'G1',
          audit: { ...at, action: 'submission.create' },
        })
        for (const unit of ['P', 'U1']) {
          keys[unit] = (await issueKey(store, unit, audit, { cost: TEST_COST })).key
        }
        for (const person of PEOPLE) {
          codes[person.login] = (await addAccount(store, person, audit, { cost: TEST_COST }))!
        }
      },
    })
    page = h.page
    const activated = await fetch(`${h.base}/api/v1/auth/activate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'hung', code: codes.hung, password: HUNG_PASSWORD }),
    })
    expect(activated.status).toBe(200)
    await openPane(page, h.base)
  }, 180_000)

  afterAll(async () => {
    await h?.close()
  })

  it('offers a unit key or a personal account, and names what is missing', async () => {
    await shot('01-sign-in-key')
    await page.locator('[role="tab"][data-mode="person"]').click()
    expect(await shown('#login')).toBe(true)
    expect(await shown('#unit-code')).toBe(false)
    await page.locator('#sign-in-button').click()
    await expect.poll(() => message().textContent()).toBe('Hãy nhập tên đăng nhập và mật khẩu.')
    await shot('02-sign-in-person')
    await page.locator('#lang').click()
    await expect.poll(() => message().textContent()).toBe('Enter the login and the password.')
    expect(await page.locator('label[for="login"]').textContent()).toBe('Login')
    await shot('02-sign-in-person-en')
    await page.locator('#lang').click()
    // Lan has no password yet: the worker's words, which leave room for a disabled account.
    await page.locator('#login input').fill('Lan')
    await page.locator('#password input').fill('mot-mat-khau-bat-ky')
    await page.locator('#sign-in-button').click()
    await expect
      .poll(() => message().textContent())
      .toBe('Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.')
    expect(await page.locator('#password input').inputValue()).toBe('')
  })

  it('sets a first password with the one-time code, and signs the clerk in', async () => {
    await page.locator('#to-activate').click()
    expect(await shown('#activation-code')).toBe(true)
    expect(await page.locator('#sign-in-button').textContent()).toBe('Đặt mật khẩu và đăng nhập')
    await page.locator('#login input').fill('lan')
    await page.locator('#activation-code input').fill(codes.lan ?? '')
    await page.locator('#new-password input').fill('ngan')
    await page.locator('#new-password-again input').fill('ngan')
    await page.locator('#sign-in-button').click()
    await expect
      .poll(() => message().textContent())
      .toBe('Mật khẩu quá ngắn: cần ít nhất 10 ký tự.')
    // The worker refused the password, not the code: the code stays, the password goes.
    expect(await page.locator('#activation-code input').inputValue()).toBe(codes.lan)
    expect(await page.locator('#new-password input').inputValue()).toBe('')
    await page.locator('#new-password input').fill('lan-mat-khau-1')
    await page.locator('#new-password-again input').fill('lan-mat-khau-2')
    await page.locator('#sign-in-button').click()
    await expect
      .poll(() => message().textContent())
      .toBe('Hai lần nhập mật khẩu mới không giống nhau.')
    await page.locator('#activation-code input').fill('SAI-MA')
    await page.locator('#new-password-again input').fill('lan-mat-khau-1')
    await page.locator('#sign-in-button').click()
    await expect
      .poll(() => message().textContent())
      .toBe('Tên đăng nhập hoặc mã kích hoạt không đúng (mỗi mã chỉ dùng được một lần).')
    await shot('03-activate')
    // Only the code was wrong: the new password typed twice stays for the next try.
    expect(await page.locator('#activation-code input').inputValue()).toBe('')
    expect(await page.locator('#new-password-again input').inputValue()).toBe('lan-mat-khau-1')
    await page.locator('#activation-code input').fill(codes.lan ?? '')
    await page.locator('#sign-in-button').click()
    await paneSignedIn(page)
    expect(await page.locator('#who-name').textContent()).toBe('Nguyễn Thị Lan')
    expect(await page.locator('#unit-name').textContent()).toBe('Công đoàn ngành Giáo dục (U1)')
    expect(await page.locator('#who-roles').textContent()).toBe('Vai trò: lập biểu')
  })

  it('shows a lập biểu at an upper union her own report and no Duyệt, Trả lại or Nhập hộ', async () => {
    expect(await shown('#submit')).toBe(true)
    expect(await shown('[data-act-missing="submitOwn"]')).toBe(false)
    await selectG1()
    expect(await page.locator('#unit-card [data-decision]').count()).toBe(0)
    expect(await page.locator('#unit-comment').count()).toBe(0)
    expect(await shown('#accept-selection')).toBe(false)
    expect(await shown('#proxy-insert')).toBe(false)
    expect(await shown('#import-run')).toBe(false)
    expect(await shown('[data-act-missing="review"]')).toBe(true)
    expect(await page.locator('#unit-card [data-row="workers.total"]').count()).toBe(1)
    await page.evaluate(() => window.scrollTo(0, 0))
    await shot('04-lap-bieu-desk')
  })

  it('keeps the person signed in across a reload of the pane', async () => {
    await page.reload()
    await paneSignedIn(page)
    expect(await page.locator('#who-name').textContent()).toBe('Nguyễn Thị Lan')
    await page.locator('[data-tab="units"]').click()
    expect(await shown('#accept-selection')).toBe(false)
    expect(await shown('[data-act-missing="review"]')).toBe(true)
  })

  it('changes her own password, refusing a wrong current one with the worker’s words', async () => {
    await page.locator('#password-toggle').click()
    await page.locator('#current-password input').fill('khong-phai-mat-khau')
    await page.locator('#changed-password input').fill('lan-mat-khau-moi')
    await page.locator('#changed-password-again input').fill('lan-mat-khau-moi')
    await page.locator('#password-save').click()
    await expect.poll(() => message().textContent()).toBe('Mật khẩu hiện tại không đúng.')
    await shot('05-change-password')
    await page.locator('#current-password input').fill('lan-mat-khau-1')
    await page.locator('#password-save').click()
    await expect
      .poll(() => message().textContent())
      .toBe('Đã đổi mật khẩu. Lần đăng nhập sau hãy dùng mật khẩu mới.')
    expect(await shown('#password-form')).toBe(false)
    await signOut()
    await signInAsPerson(page, 'lan', 'lan-mat-khau-moi')
    expect(await page.locator('#who-name').textContent()).toBe('Nguyễn Thị Lan')
    await signOut()
  })

  it('gives a duyệt person the Duyệt buttons but not the own report’s submit', async () => {
    await signInAsPerson(page, 'hung', HUNG_PASSWORD)
    expect(await page.locator('#who-roles').textContent()).toBe('Vai trò: duyệt')
    await expect
      .poll(() => page.locator('[data-tab="units"]').getAttribute('aria-selected'))
      .toBe('true')
    await page.locator('[data-tab="report"]').click()
    expect(await shown('#check')).toBe(true)
    expect(await shown('#submit')).toBe(false)
    expect(await shown('[data-act-missing="submitOwn"]')).toBe(true)
    await shot('06-duyet-report')
    await selectG1()
    expect(await page.locator('#unit-card [data-decision]').count()).toBe(2)
    expect(await shown('#accept-selection')).toBe(true)
    expect(await shown('#proxy-insert')).toBe(true)
    expect(await shown('[data-act-missing="review"]')).toBe(false)
    await page.locator('#unit-card [data-decision="accept"]').click()
    await expect.poll(() => message().getAttribute('data-kind')).toBe('success')
    await page.evaluate(() => window.scrollTo(0, 0))
    await shot('07-duyet-desk')
  })

  it('signs a disabled person out at the next click, with the worker’s words', async () => {
    const disabled = await fetch(`${h.base}/api/v1/accounts/hung`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await tokenOf('P')}`,
      },
      body: JSON.stringify({ disabled: true }),
    })
    expect(disabled.status).toBe(200)
    await page.locator('#load-status').click()
    await page.locator('#sign-in').waitFor({ state: 'visible' })
    await expect.poll(() => message().textContent()).toContain('Tài khoản đã bị khóa')
  })

  it('keeps every action of the unit for a unit key', async () => {
    await signInWithKey(page, 'U1', keys.U1 ?? '')
    expect(await page.locator('#who-roles').textContent()).toBe(
      'Đăng nhập bằng mã truy cập của đơn vị',
    )
    expect(await shown('#who-name')).toBe(false)
    expect(await shown('#password-toggle')).toBe(false)
    expect(await shown('#submit')).toBe(true)
    await selectG1()
    // G1's report was accepted above: the key may return it (and would accept a new one).
    expect(
      await page
        .locator('#unit-card [data-decision]')
        .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-decision'))),
    ).toEqual(['return'])
    expect(await shown('#accept-selection')).toBe(true)
    expect(await shown('#proxy-insert')).toBe(true)
    await page.evaluate(() => window.scrollTo(0, 0))
    await shot('08-key')
    await signOut()
  })

  it('locks a login tried too often, saying how long to wait', async () => {
    await page.locator('[role="tab"][data-mode="person"]').click()
    const tries: string[] = []
    while (tries.length < 8 && !/quá nhiều lần/.test(tries.at(-1) ?? '')) {
      await page.locator('#login input').fill('khoa')
      await page.locator('#password input').fill('doan-sai-mat-khau')
      await page.locator('#sign-in-button').click()
      await expect
        .poll(() => message().textContent(), { timeout: 15_000 })
        .not.toMatch(/^Đang đăng nhập/)
      tries.push((await message().textContent()) ?? '')
    }
    expect(tries.at(-1)).toMatch(/^Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau \d+ phút\.$/)
    expect(tries.length).toBe(6)
    await shot('09-locked')
    expect(h.pageErrors).toEqual([])
  })
})
