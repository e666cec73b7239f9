/**
 * @module Builds the add-in into dist/addin/ for the worker to serve: the task pane bundled and
 * minified by esbuild (it registers the CONGDOAN custom functions itself: one page, one runtime),
 * its HTML pointing at content-hashed copies of the script and style; functions.js, the manifest's
 * functions script for a host that runs them apart, as one classic script, with functions.json
 * generated from the code's JSDoc by custom-functions-metadata; the commands and help pages, the
 * icons, and a local copy of office.js used only when the CDN cannot be reached.
 * Run: npm run build
 */
import { createHash } from 'node:crypto'
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type BuildOptions, type Metafile } from 'esbuild'
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata'

const root = fileURLToPath(new URL('..', import.meta.url))
const here = join(root, 'addin')

export interface BuildResult {
  outDir: string
  version: string
  /**
   * Sizes in bytes of the add-in's scripts and pages besides office.js: `first`, what the pane
   * downloads before it can be used (its page, style, script and the chunks that script imports);
   * `later`, chunks loaded when an action first needs them; `functions`, the standalone functions
   * script, which the pane never loads.
   */
  sizes: { file: string; raw: number; gzip: number; when: 'first' | 'later' | 'functions' }[]
}

/** The office.js files a desktop or web Excel needs, and the two locales we speak. */
function officeJsFiles(name: string): boolean {
  return (
    /^(office|o15apptofilemappingtable|es6-promise|excel-(win32|mac|web|ios)-16\.\d\d(-core)?)\.js$/.test(
      name,
    ) || /^(vi-vn|en-us)$/.test(name)
  )
}

export async function buildAddin(outDir = join(root, 'dist', 'addin')): Promise<BuildResult> {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(join(outDir, 'assets'), { recursive: true })
  const common: BuildOptions = {
    bundle: true,
    minify: true,
    target: ['es2020', 'chrome90', 'safari15'],
    legalComments: 'none',
    logLevel: 'warning',
  }
  const page = await build({
    ...common,
    metafile: true as const,
    entryPoints: {
      taskpane: join(here, 'taskpane', 'taskpane.ts'),
      'taskpane-style': join(here, 'taskpane', 'taskpane.css'),
    },
    outdir: outDir,
    format: 'esm',
    // What the pane needs only for some actions comes in chunks loaded when first wanted.
    splitting: true,
    chunkNames: 'chunk-[hash]',
  })
  // A JavaScript-only runtime loads no modules: the functions alone, as one classic script.
  await build({
    ...common,
    entryPoints: [join(here, 'functions', 'standalone.ts')],
    outfile: join(outDir, 'functions.js'),
    format: 'iife',
  })
  writeFileSync(join(outDir, 'taskpane.css'), readFileSync(join(outDir, 'taskpane-style.css')))
  rmSync(join(outDir, 'taskpane-style.css'))
  const js = readFileSync(join(outDir, 'taskpane.js'))
  const css = readFileSync(join(outDir, 'taskpane.css'))
  const functionsJs = readFileSync(join(outDir, 'functions.js'))
  const version = createHash('sha256')
    .update(js)
    .update(css)
    .update(functionsJs)
    .digest('hex')
    .slice(0, 10)
  const metadata = await generateCustomFunctionsMetadata(join(here, 'functions', 'functions.ts'))
  if (metadata.errors.length > 0) {
    throw new Error(`custom functions metadata: ${metadata.errors.join('; ')}`)
  }
  writeFileSync(join(outDir, 'functions.json'), metadata.metadataJson)
  // Hashed names never change, so the worker lets browsers cache them for good; the plain names
  // stay for anyone who links them directly.
  writeFileSync(join(outDir, `taskpane.${version}.js`), js)
  writeFileSync(join(outDir, `taskpane.${version}.css`), css)
  // The chunks the pane's script imports are named in the page, so that they download beside it
  // rather than after it (a round trip less on a slow connection).
  const first = staticImports(page.metafile, 'taskpane.js')
  const preloads = [...first]
    .filter((file) => file !== 'taskpane.js')
    .map((file) => `<link rel="modulepreload" href="${file}" />\n    `)
    .join('')
  const html = readFileSync(join(here, 'taskpane', 'taskpane.html'), 'utf8')
    .replace('<script type="module" src="taskpane.js">', `${preloads}$&`)
    .replace('src="taskpane.js"', `src="taskpane.${version}.js"`)
    .replace('href="taskpane.css"', `href="taskpane.${version}.css"`)
  writeFileSync(join(outDir, 'taskpane.html'), html)
  cpSync(join(here, 'commands', 'commands.html'), join(outDir, 'commands.html'))
  cpSync(join(here, 'support.html'), join(outDir, 'support.html'))
  for (const icon of readdirSync(join(here, 'assets'))) {
    cpSync(join(here, 'assets', icon), join(outDir, 'assets', icon))
  }
  const officeJs = join(root, 'node_modules', '@microsoft', 'office-js', 'dist')
  for (const name of readdirSync(officeJs).filter(officeJsFiles)) {
    cpSync(join(officeJs, name), join(outDir, 'office-js', name), { recursive: true })
  }
  const chunks = readdirSync(outDir).filter((name) => /^chunk-.*\.js$/.test(name))
  const sizes = ['taskpane.html', 'taskpane.css', 'taskpane.js', ...chunks, 'functions.js'].map(
    (file) => {
      const bytes = readFileSync(join(outDir, file))
      const when =
        file === 'functions.js'
          ? 'functions'
          : file.endsWith('.js') && !first.has(file)
            ? 'later'
            : 'first'
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, when } as const
    },
  )
  return { outDir, version, sizes }
}

/** The output files `entry` loads before it runs: itself and what it imports statically. */
function staticImports(metafile: Metafile, entry: string): Set<string> {
  const outputs = new Map(
    Object.entries(metafile.outputs).map(([path, output]) => [basename(path), output]),
  )
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) {
      return
    }
    seen.add(file)
    for (const imported of outputs.get(file)?.imports ?? []) {
      if (imported.kind === 'import-statement') {
        visit(basename(imported.path))
      }
    }
  }
  visit(entry)
  return seen
}

/** Total size of a directory, for the report. */
function directoryBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => {
    const path = join(dir, name)
    const stat = statSync(path)
    return sum + (stat.isDirectory() ? directoryBytes(path) : stat.size)
  }, 0)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await buildAddin()
  for (const { file, raw, gzip, when } of result.sizes) {
    console.log(`${file} (${when}): ${raw} bytes, ${gzip} gzip`)
  }
  console.log(`office-js fallback: ${directoryBytes(join(result.outDir, 'office-js'))} bytes`)
  console.log(`built ${result.outDir} (version ${result.version})`)
}
