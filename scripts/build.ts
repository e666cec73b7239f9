/**
 * @module Builds the add-in into dist/addin/ for the worker to serve: the task pane bundled and
 * minified by esbuild, its HTML pointing at content-hashed copies of the script and style, the
 * CONGDOAN custom functions (loaded by the same page: a shared runtime) with their functions.json
 * generated from the code's JSDoc by custom-functions-metadata, the commands
 * and help pages, the icons, and a local copy of office.js used only when the CDN cannot be
 * reached. Run: npm run build
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
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata'

const root = fileURLToPath(new URL('..', import.meta.url))
const here = join(root, 'addin')

export interface BuildResult {
  outDir: string
  version: string
  /** Sizes in bytes of what the pane downloads besides office.js. */
  sizes: { file: string; raw: number; gzip: number }[]
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
  await build({
    entryPoints: {
      taskpane: join(here, 'taskpane', 'taskpane.ts'),
      functions: join(here, 'functions', 'functions.ts'),
      'taskpane-style': join(here, 'taskpane', 'taskpane.css'),
    },
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'esm',
    // The pane and the functions load in one page: what they share (zod, the client) comes once.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    target: ['es2020', 'chrome90', 'safari15'],
    legalComments: 'none',
    logLevel: 'warning',
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
  writeFileSync(join(outDir, `functions.${version}.js`), functionsJs)
  // Hashed names never change, so the worker lets browsers cache them for good; the plain names
  // stay for anyone who links them directly.
  writeFileSync(join(outDir, `taskpane.${version}.js`), js)
  writeFileSync(join(outDir, `taskpane.${version}.css`), css)
  const html = readFileSync(join(here, 'taskpane', 'taskpane.html'), 'utf8')
    .replace('src="taskpane.js"', `src="taskpane.${version}.js"`)
    .replace('src="functions.js"', `src="functions.${version}.js"`)
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
  const sizes = ['taskpane.html', 'taskpane.js', 'taskpane.css', 'functions.js', ...chunks].map(
    (file) => {
      const bytes = readFileSync(join(outDir, file))
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
    },
  )
  return { outDir, version, sizes }
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
  for (const { file, raw, gzip } of result.sizes) {
    console.log(`${file}: ${raw} bytes, ${gzip} gzip`)
  }
  console.log(`office-js fallback: ${directoryBytes(join(result.outDir, 'office-js'))} bytes`)
  console.log(`built ${result.outDir} (version ${result.version})`)
}
