/**
 * @module What every end-to-end test starts: the add-in built into a temporary folder, a worker
 * over a SQLite store there (seeded by the test), headless Chromium whose office.js is the
 * simulated Excel host (fake-excel/), and one page of the pane; `close` stops it all. Sign-in
 * helpers type into the pane as a clerk would; `startFunctionsRuntime` runs functions.js alone in
 * a worker, as Excel's JavaScript-only runtime for custom functions.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve, type ServerType } from '@hono/node-server'
import { build } from 'esbuild'
import { type Browser, type BrowserContext, type Page, type Worker } from 'playwright-core'
import { expect } from 'vitest'
import { buildAddin } from '../../scripts/build.ts'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import type { FormCatalog } from '../../shared/form-catalog.ts'
import { createApp } from '../../worker/app.ts'
import { openSqliteStore } from '../../worker/store/sqlite/store.ts'
import type { Store } from '../../worker/store/store.ts'
import { checkedByContract } from '../worker/contract.ts'
import './fake-excel/window.ts'
import { CHROMIUM, launchChromium } from './chromium.ts'

export const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) {
  console.warn(`end-to-end tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`)
}

export const root = fileURLToPath(new URL('../../', import.meta.url))
/** Where screenshots and metrics go. */
export const shots = join(root, 'test-output', 'e2e')
/** A cheap scrypt for keys, codes and passwords made in tests. */
export const TEST_COST = { N: 1024, r: 8, p: 1 }

export interface HarnessOptions {
  /** Names the temporary folder. */
  name: string
  /** Fills the store before the worker starts. */
  seed: (store: Store, catalog: FormCatalog) => Promise<void>
  /** Width and height of the pane's window: 350 px is a task pane in Excel. */
  viewport?: { width: number; height: number }
  /** Check every response against the contract (test/worker/contract.ts). */
  contract?: boolean
  /** The worker's forms, when the test changes them as it goes (a new version). */
  catalog?: FormCatalog
}

export interface Harness {
  store: Store
  catalog: FormCatalog
  /** The worker's origin. */
  base: string
  browser: Browser
  context: BrowserContext
  page: Page
  /** Uncaught errors of the pane's page. */
  pageErrors: string[]
  /** How many requests the worker received for a path (from any page or worker), so far. */
  requests: (path: string) => number
  /** The simulated functions' runtime (fake-excel/fake-runtime.ts), as one classic script. */
  fakeRuntimeJs: string
  close: () => Promise<void>
}

/** Starts the worker and the browser; the page is open on nothing yet (see `openPane`). */
export async function startHarness({
  name,
  seed,
  viewport = { width: 350, height: 720 },
  contract = false,
  catalog = defaultCatalog(),
}: HarnessOptions): Promise<Harness> {
  mkdirSync(shots, { recursive: true })
  const dir = mkdtempSync(join(tmpdir(), `${name}-`))
  const built = await buildAddin(join(dir, 'addin'))
  const fake = await build({
    entryPoints: [join(root, 'test', 'e2e', 'fake-excel', 'fake-office.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
  })
  const fakeOfficeJs = fake.outputFiles[0]?.text ?? ''
  const runtime = await build({
    entryPoints: [join(root, 'test', 'e2e', 'fake-excel', 'fake-runtime.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
  })
  const fakeRuntimeJs = runtime.outputFiles[0]?.text ?? ''
  const store = openSqliteStore({ path: join(dir, 'store.sqlite') })
  await seed(store, catalog)
  const app = createApp({
    store,
    catalog,
    secrets: { tokenSecret: `${name}-secret` },
    addinDir: built.outDir,
    manifestPath: join(root, 'manifest.xml'),
    keyCost: TEST_COST,
  })
  const served = contract ? checkedByContract(app) : app
  const counts = new Map<string, number>()
  const server = await new Promise<ServerType>((resolve) => {
    const listening: ServerType = serve(
      {
        fetch: (request, env) => {
          const path = new URL(request.url).pathname
          counts.set(path, (counts.get(path) ?? 0) + 1)
          return served.fetch(request, env)
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(listening),
    )
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const browser = await launchChromium()
  const context = await browser.newContext({ viewport })
  await context.route('https://appsforoffice.microsoft.com/**', (route) =>
    route.fulfill({ body: fakeOfficeJs, contentType: 'text/javascript' }),
  )
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  return {
    store,
    catalog,
    base,
    browser,
    context,
    page,
    pageErrors,
    requests: (path) => counts.get(path) ?? 0,
    fakeRuntimeJs,
    close: async () => {
      await browser.close()
      await new Promise((resolve) => server.close(resolve))
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Opens the pane and waits for its sign-in card. */
export async function openPane(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/addin/taskpane.html`)
  await page.locator('#sign-in').waitFor({ state: 'visible' })
}

/** Waits until the pane shows the signed-in unit and its periods. */
export async function paneSignedIn(page: Page): Promise<void> {
  await expect.poll(() => page.locator('#main').isVisible(), { timeout: 15_000 }).toBe(true)
  await expect.poll(() => page.locator('#period option').count()).toBeGreaterThan(0)
}

/** Signs in with a unit's code and access key, as a clerk types them. */
export async function signInWithKey(page: Page, unit: string, key: string): Promise<void> {
  await page.locator('[role="tab"][data-mode="key"]').click()
  await page.locator('#unit-code input').fill(unit)
  await page.locator('#access-key input').fill(key)
  await page.locator('#sign-in-button').click()
  await paneSignedIn(page)
}

/** Signs a person in with their login and password. */
export async function signInAsPerson(page: Page, login: string, password: string): Promise<void> {
  await page.locator('[role="tab"][data-mode="person"]').click()
  await page.locator('#login input').fill(login)
  await page.locator('#password input').fill(password)
  await page.locator('#sign-in-button').click()
  await paneSignedIn(page)
}

/**
 * Starts the custom functions' own runtime, as Excel does without a shared runtime: a worker (no
 * DOM, no web storage) of the add-in's origin that loads the simulated runtime, then functions.js
 * alone. Its `fakeFunctions` (fake-runtime.ts) holds a sheet of formulas.
 */
export async function startFunctionsRuntime(
  h: Harness,
): Promise<{ runtime: Worker; close: () => Promise<void> }> {
  const host = await h.context.newPage()
  await host.goto(`${h.base}/addin/support.html`)
  const started = host.waitForEvent('worker')
  await host.evaluate(
    ([code, script]) => {
      const source = `${code}\nimportScripts(${JSON.stringify(script)})`
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
      Object.assign(window, { functionsRuntime: new Worker(url) })
    },
    [h.fakeRuntimeJs, `${h.base}/addin/functions.js`] as const,
  )
  const runtime = await started
  await expect.poll(() => runtime.evaluate(() => 'fakeFunctions' in self)).toBe(true)
  return { runtime, close: () => host.close() }
}
