/**
 * @module Benchmark of the upper union's desk at TP HCM's size: 20,000 grassroots unions under one
 * upper union, 12,000 of them reported. Prints the worker's status answer (time, bytes), the rows
 * of both tables made in the pane's code, and, when Debian's Chromium is installed, "Xem tình
 * hình" end to end in the simulated Excel: first write and refresh, time and context.syncs.
 * Run: node --import tsx bench/desk.bench.ts
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve, type ServerType } from '@hono/node-server'
import { build } from 'esbuild'
import { buildAddin } from '../scripts/build.ts'
import { CHROMIUM, launchChromium } from '../test/e2e/chromium.ts'
import type { StatusResponse } from '../shared/api-schemas.ts'
import { defaultCatalog } from '../shared/form-catalog.ts'
import type { Unit } from '../shared/unit-tree.ts'
import { chasingTableRows, statusTableRows } from '../addin/status-table.ts'
import { issueKey } from '../worker/admin/operations.ts'
import { createApp } from '../worker/app.ts'
import { openSqliteStore } from '../worker/store/sqlite/store.ts'

const UNITS = 20_000
const REPORTED = 12_000
const PERIOD = '2026-Y'
const root = fileURLToPath(new URL('../', import.meta.url))
const audit = { actor: 'admin', address: null, action: 'bench', target: 'desk', details: {} }

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`,
)
const dir = mkdtempSync(join(tmpdir(), 'desk-bench-'))
const store = openSqliteStore({ path: join(dir, 'store.sqlite') })
try {
  const units: Unit[] = [
    { code: 'HCM', name: 'LĐLĐ TP Hồ Chí Minh', parent: null, level: 'province' },
    {
      code: 'HCM.KCX',
      name: 'Công đoàn các Khu chế xuất và công nghiệp',
      parent: 'HCM',
      level: 'upper',
    },
  ]
  for (let n = 1; n <= UNITS; n++) {
    units.push({
      code: `HCM.KCX.${String(n).padStart(5, '0')}`,
      name: `CĐCS Công ty số ${n}`,
      parent: 'HCM.KCX',
      level: 'grassroots',
    })
  }
  await store.importUnits(units, audit)
  const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
  await store.savePeriod({ id: PERIOD, cutoff: '2026-11-30', deadline, open: true }, audit)
  const version = defaultCatalog().get('B01')?.version ?? ''
  for (let start = 1; start <= REPORTED; start += 500) {
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        store.appendRevision({
          unit: `HCM.KCX.${String(start + i).padStart(5, '0')}`,
          period: PERIOD,
          form: 'B01',
          formVersion: version,
          values: { 'workers.total': 120, 'members.total': 100 },
          warnings: [],
          acknowledgedWarnings: [],
          submittedAt: new Date().toISOString(),
          submittedBy: `HCM.KCX.${String(start + i).padStart(5, '0')}`,
          audit,
        }),
      ),
    )
  }
  const key = (await issueKey(store, 'HCM.KCX', audit, { cost: { N: 1024, r: 8, p: 1 } })).key
  const built = await buildAddin(join(dir, 'addin'))
  const app = createApp({
    store,
    catalog: defaultCatalog(),
    secrets: { tokenSecret: 'bench' },
    addinDir: built.outDir,
    manifestPath: join(root, 'manifest.xml'),
  })
  const server = await new Promise<ServerType>((resolve) => {
    const listening: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(listening),
    )
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    const { token } = (await (
      await fetch(`${base}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ unit: 'HCM.KCX', key }),
      })
    ).json()) as { token: string }
    // Page by page, as the pane's client asks (an answer holds at most 5,000 rows).
    let started = performance.now()
    let status: StatusResponse | undefined
    let bytes = 0
    while (status === undefined || status.units.length < (status.page?.total ?? 0)) {
      const offset = status?.units.length ?? 0
      const response = await fetch(
        `${base}/api/v1/units/HCM.KCX/periods/${PERIOD}/status?offset=${offset}&limit=5000`,
        { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'identity' } },
      )
      const text = await response.text()
      bytes += text.length
      const page = JSON.parse(text) as StatusResponse
      status = status ? { ...status, units: [...status.units, ...page.units] } : page
    }
    console.log(
      `desk status ${UNITS} units, every page: ${(performance.now() - started).toFixed(0)} ms`,
    )
    console.log(`desk status ${UNITS} units body: ${bytes} bytes`)
    started = performance.now()
    const rows = statusTableRows(status.units)
    const chasing = chasingTableRows(status.units)
    console.log(
      `desk table rows (${rows.length} status, ${chasing.length} chasing): ${(performance.now() - started).toFixed(0)} ms`,
    )

    if (!existsSync(CHROMIUM)) {
      console.log(`desk in the simulated Excel: skipped (${CHROMIUM} absent)`)
    } else {
      const fake = await build({
        entryPoints: [join(root, 'test', 'e2e', 'fake-excel', 'fake-office.ts')],
        bundle: true,
        write: false,
        format: 'iife',
      })
      const browser = await launchChromium()
      const context = await browser.newContext({ viewport: { width: 350, height: 720 } })
      await context.route('https://appsforoffice.microsoft.com/**', (route) =>
        route.fulfill({ body: fake.outputFiles[0]?.text ?? '', contentType: 'text/javascript' }),
      )
      const page = await context.newPage()
      await page.goto(`${base}/addin/taskpane.html`)
      await page.locator('#sign-in').waitFor({ state: 'visible' })
      await page.locator('#unit-code input').fill('HCM.KCX')
      await page.locator('#access-key input').fill(key)
      await page.locator('#sign-in-button').click()
      await page.locator('#main').waitFor({ state: 'visible', timeout: 30_000 })
      await page.locator('[data-tab="units"]').click()
      for (const round of ['first write', 'refresh']) {
        const syncs = await page.evaluate(
          () =>
            (window as unknown as { fakeExcel: { book: { syncs: number } } }).fakeExcel.book.syncs,
        )
        started = performance.now()
        await page.locator('#load-status').click()
        await page
          .locator('#message[data-kind="success"]')
          .filter({ hasText: `${UNITS} đơn vị` })
          .waitFor({ timeout: 120_000 })
        const elapsed = performance.now() - started
        const after = await page.evaluate(
          () =>
            (window as unknown as { fakeExcel: { book: { syncs: number } } }).fakeExcel.book.syncs,
        )
        console.log(`desk "Xem tình hình" ${round}: ${elapsed.toFixed(0)} ms`)
        console.log(
          `desk "Xem tình hình" ${round} syncs (both tables${round === 'first write' ? ', the selection watch' : ''}): ${after - syncs}`,
        )
        // The next round waits for a success message of its own.
        await page.evaluate(() => {
          const box = document.getElementById('message')
          if (box) {
            box.dataset.kind = 'info'
          }
        })
      }
      await browser.close()
    }
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
} finally {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
}
