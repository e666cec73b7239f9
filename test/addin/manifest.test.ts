/**
 * @module Tests of manifest.xml: the offline XSD check (when ../shared/office-manifest-xsd is there),
 * and what XSD cannot see: every resid names a resource of the right kind, every URL is served by
 * the worker with the right content type, and the icons are PNGs of the size they claim.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildAddin } from '../../scripts/build.ts'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import { createApp } from '../../worker/app.ts'
import { openSqliteStore } from '../../worker/store/sqlite/store.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const manifestPath = join(root, 'manifest.xml')
const manifest = readFileSync(manifestPath, 'utf8')
const xsdDir = join(root, '..', 'shared', 'office-manifest-xsd')
const hasXsd = existsSync(join(xsdDir, 'OfficeAppManifestV1_1.xsd'))
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0

if (!hasXsd) {
  console.warn(`manifest XSD check skipped: ${xsdDir} is absent`)
} else if (!hasXmllint) {
  console.warn(
    'manifest XSD check skipped: xmllint is not installed (apt-get install libxml2-utils)',
  )
}

/** id → kind of every resource the manifest defines. */
function resources(): Map<string, string> {
  const defined = new Map<string, string>()
  const kinds: [string, string][] = [
    ['bt:Images', 'image'],
    ['bt:Urls', 'url'],
    ['bt:ShortStrings', 'short'],
    ['bt:LongStrings', 'long'],
  ]
  for (const [section, kind] of kinds) {
    const block = new RegExp(`<${section}>([\\s\\S]*?)</${section}>`).exec(manifest)?.[1] ?? ''
    for (const match of block.matchAll(/<bt:(?:Image|Url|String) id="([^"]+)"/g)) {
      defined.set(match[1] ?? '', kind)
    }
  }
  return defined
}

/** Which kinds of resource an element's resid may name. */
const EXPECTED: Record<string, string[]> = {
  'bt:Image': ['image'],
  SourceLocation: ['url'],
  FunctionFile: ['url'],
  LearnMoreUrl: ['url'],
  Label: ['short'],
  Title: ['short'],
  Description: ['long', 'short'],
  Namespace: ['short'],
}

describe('manifest.xml', () => {
  it.skipIf(!hasXsd || !hasXmllint)('validates against the Office add-in XSD', () => {
    const output = execFileSync(
      'xmllint',
      ['--noout', '--schema', join(xsdDir, 'OfficeAppManifestV1_1.xsd'), manifestPath],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    )
    expect(output).toBe('')
  })

  it('names in every resid a resource of the right kind', () => {
    const defined = resources()
    const uses = [...manifest.matchAll(/<([\w:]+)[^>]*\bresid="([^"]+)"/g)]
    expect(uses.length).toBeGreaterThan(5)
    for (const [, element = '', resid = ''] of uses) {
      expect(defined.has(resid), `resid ${resid} of <${element}> is not defined`).toBe(true)
      expect(EXPECTED[element], `<${element}> is not expected to carry a resid`).toBeDefined()
      expect(EXPECTED[element]).toContain(defined.get(resid))
    }
  })

  it('declares the CONGDOAN custom functions with their script and generated metadata', () => {
    expect(manifest).toMatch(/<ExtensionPoint xsi:type="CustomFunctions">/)
    expect(manifest).toMatch(/<bt:String id="Functions.Namespace" DefaultValue="CONGDOAN"\/>/)
  })

  it('opens the pane and runs the functions on one page, so they share its session', () => {
    const page = /<Page>\s*<SourceLocation resid="([^"]+)"\/>/.exec(manifest)?.[1]
    const pane = /<Action xsi:type="ShowTaskpane">[\s\S]*?<SourceLocation resid="([^"]+)"\/>/.exec(
      manifest,
    )?.[1]
    expect(page).toBe('Taskpane.Url')
    expect(pane).toBe(page)
    const url = new RegExp(`<bt:Url id="${page}" DefaultValue="([^"]+)"`).exec(manifest)?.[1]
    expect(manifest).toContain(`<SourceLocation DefaultValue="${url}"/>`)
    expect(url).toMatch(/\/addin\/taskpane\.html$/)
  })

  it('has a button on the Home tab that opens the pane, with icons at 16, 32 and 80 px', () => {
    expect(manifest).toMatch(/<OfficeTab id="TabHome">/)
    expect(manifest).toMatch(/<Action xsi:type="ShowTaskpane">/)
    for (const size of [16, 32, 80]) {
      expect(manifest).toMatch(new RegExp(`<bt:Image size="${size}" resid="[^"]+"`))
    }
    expect(manifest).toMatch(/<Set Name="ExcelApi" MinVersion="1.7"\/>/)
  })

  describe('served by the worker', () => {
    let outDir: string
    let app: ReturnType<typeof createApp>
    beforeAll(async () => {
      outDir = mkdtempSync(join(tmpdir(), 'addin-'))
      await buildAddin(outDir)
      app = createApp({
        store: openSqliteStore({ path: ':memory:' }),
        catalog: defaultCatalog(),
        secrets: { tokenSecret: 'test' },
        addinDir: outDir,
        manifestPath,
      })
    })
    afterAll(() => rmSync(outDir, { recursive: true, force: true }))

    const urls = [
      ...new Set(
        [...manifest.matchAll(/"(https:\/\/localhost:8787\/[^"]+)"/g)].map((m) => m[1] ?? ''),
      ),
    ]

    it('points every URL at the worker under /addin/', () => {
      expect(urls.length).toBeGreaterThan(4)
      for (const url of urls) {
        expect(url).toMatch(/^https:\/\/localhost:8787\/addin\//)
      }
    })

    it.each(urls)('serves %s', async (url) => {
      const path = new URL(url).pathname
      const response = await app.request(path)
      expect(response.status).toBe(200)
      const type = response.headers.get('content-type') ?? ''
      if (path.endsWith('.png')) {
        expect(type).toBe('image/png')
        const bytes = new Uint8Array(await response.arrayBuffer())
        const size = Number(/icon-(\d+)\.png$/.exec(path)?.[1])
        expect([...bytes.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47])
        expect(new DataView(bytes.buffer).getUint32(16)).toBe(size)
      } else if (path.endsWith('.js')) {
        expect(type).toMatch(/^text\/javascript/)
      } else if (path.endsWith('.json')) {
        expect(type).toMatch(/^application\/json/)
      } else {
        expect(type).toMatch(/^text\/html/)
      }
    })

    it('serves the pane with its script, style and the local office.js fallback', async () => {
      const html = await (await app.request('/addin/taskpane.html')).text()
      expect(html).toContain('https://appsforoffice.microsoft.com/lib/1/hosted/office.js')
      const script = /src="(taskpane\.[0-9a-f]+\.js)"/.exec(html)?.[1]
      const style = /href="(taskpane\.[0-9a-f]+\.css)"/.exec(html)?.[1]
      const js = await app.request(`/addin/${script}`)
      expect(js.headers.get('content-type')).toMatch(/javascript/)
      expect((await app.request(`/addin/${style}`)).headers.get('content-type')).toMatch(/css/)
      expect((await app.request('/addin/office-js/office.js')).status).toBe(200)
    })

    it('serves functions.json generated from the JSDoc of addin/functions/functions.ts', async () => {
      const metadata = (await (await app.request('/addin/functions.json')).json()) as {
        functions: { id: string; parameters: { name: string; optional?: boolean }[] }[]
      }
      expect(metadata.functions.map((f) => f.id)).toEqual([
        'SO',
        'SOKYTRUOC',
        'NOP',
        'NOPKYTRUOC',
        'CAPNHAT',
      ])
      const so = metadata.functions[0]!
      expect(so.parameters.map((p) => [p.name, p.optional ?? false])).toEqual([
        ['unit', false],
        ['period', false],
        ['row', false],
        ['form', true],
      ])
    })

    it('serves functions.js as one classic script that registers every function of functions.json', async () => {
      const metadata = (await (await app.request('/addin/functions.json')).json()) as {
        functions: { id: string }[]
      }
      // A JavaScript-only runtime: no modules, no DOM, no web storage.
      const associated: string[] = []
      runInNewContext(await (await app.request('/addin/functions.js')).text(), {
        CustomFunctions: { associate: (id: string) => associated.push(id) },
      })
      expect(associated).toEqual(metadata.functions.map((f) => f.id))
    })

    it('serves the manifest itself', async () => {
      const response = await app.request('/manifest.xml')
      expect(response.status).toBe(200)
      expect(await response.text()).toContain('<Id>5f0c2d7e-8b41-4a36-9e7d-2c1b6a9f4e83</Id>')
    })
  })
})
