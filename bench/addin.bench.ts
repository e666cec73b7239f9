/**
 * @module Benchmark of the add-in pane: builds it, reports the bundle's size (raw and gzip: what
 * the pane downloads before it can be used, and the chunks it loads when an action needs them), and
 * when Debian's Chromium is installed, the pane's first contentful paint from a local worker and
 * when its sign-in can be typed into, directly and over a slow link (median of 5 cold loads,
 * office.js replaced by the simulated Excel host of the e2e test).
 * Run: node --import tsx bench/addin.bench.ts
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
import { defaultCatalog } from '../shared/form-catalog.ts'
import { createApp } from '../worker/app.ts'
import { withCompression } from '../worker/compression.ts'
import { openSqliteStore } from '../worker/store/sqlite/store.ts'

const LOADS = 5
/** A clerk's slow connection: 1 Mbit/s down, 256 kbit/s up, 300 ms round trip. */
const SLOW_LINK = {
  offline: false,
  latency: 300,
  downloadThroughput: 1_000_000 / 8,
  uploadThroughput: 256_000 / 8,
}
const root = fileURLToPath(new URL('../', import.meta.url))

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`,
)
const dir = mkdtempSync(join(tmpdir(), 'addin-bench-'))
try {
  const built = await buildAddin(join(dir, 'addin'))
  for (const size of built.sizes) {
    console.log(`addin ${size.file} (${size.when}) raw / gzip: ${size.raw} / ${size.gzip} bytes`)
  }
  for (const when of ['first', 'later'] as const) {
    const files = built.sizes.filter((size) => size.when === when)
    const raw = files.reduce((sum, size) => sum + size.raw, 0)
    const gzip = files.reduce((sum, size) => sum + size.gzip, 0)
    console.log(`addin pane ${when} total raw / gzip: ${raw} / ${gzip} bytes`)
  }

  if (!existsSync(CHROMIUM)) {
    console.log(`addin first paint: skipped (${CHROMIUM} absent)`)
  } else {
    const fake = await build({
      entryPoints: [join(root, 'test', 'e2e', 'fake-excel', 'fake-office.ts')],
      bundle: true,
      write: false,
      format: 'iife',
    })
    const store = openSqliteStore({ path: ':memory:' })
    const app = createApp({
      store,
      catalog: defaultCatalog(),
      secrets: { tokenSecret: 'bench' },
      addinDir: built.outDir,
      manifestPath: join(root, 'manifest.xml'),
    })
    const server = await new Promise<ServerType>((resolve) => {
      const listening: ServerType = serve(
        // Compressed as \`npm start\` serves it: what a slow link carries.
        { fetch: withCompression(app.fetch), port: 0, hostname: '127.0.0.1' },
        () => resolve(listening),
      )
    })
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/addin/taskpane.html`
    const browser = await launchChromium()
    /**
     * Cold loads of the pane: the first contentful paint, and when the sign-in can be typed into
     * (its Fluent text fields defined: the pane's script has run), optionally over a slow link.
     */
    const loads = async (slow: boolean) => {
      const paints: number[] = []
      const usable: number[] = []
      for (let i = 0; i < LOADS; i++) {
        const context = await browser.newContext()
        await context.route('https://appsforoffice.microsoft.com/**', (route) =>
          route.fulfill({ body: fake.outputFiles[0]?.text ?? '', contentType: 'text/javascript' }),
        )
        const page = await context.newPage()
        if (slow) {
          const cdp = await context.newCDPSession(page)
          await cdp.send('Network.enable')
          await cdp.send('Network.emulateNetworkConditions', SLOW_LINK)
        }
        await page.goto(url, { waitUntil: 'load', timeout: 60_000 })
        const paint = await page.waitForFunction(
          () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
          undefined,
          { timeout: 60_000 },
        )
        paints.push(Number(await paint.jsonValue()))
        const ready = await page.waitForFunction(
          () => customElements.get('fluent-text-input') && performance.now(),
          undefined,
          { timeout: 60_000, polling: 10 },
        )
        usable.push(Number(await ready.jsonValue()))
        await context.close()
      }
      const median = (list: number[]) =>
        [...list].sort((a, b) => a - b)[Math.floor(LOADS / 2)]?.toFixed(0)
      const max = (list: number[]) => Math.max(...list).toFixed(0)
      const link = slow ? ' over a slow link' : ''
      console.log(
        `addin first contentful paint${link} p50 / max: ${median(paints)} / ${max(paints)} ms`,
      )
      console.log(`addin sign-in usable${link} p50 / max: ${median(usable)} / ${max(usable)} ms`)
    }
    await loads(false)
    await loads(true)
    await browser.close()
    await new Promise((resolve) => server.close(resolve))
    await store.close()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
