/**
 * @module LibreOffice and poppler for the tests: a workbook opened and saved again (as a clerk
 * pressing Save in LibreOffice does) or printed to PDF, and the PDF read back as text, words with
 * their boxes, and a page count.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

export const SOFFICE = '/usr/bin/soffice'
const run = promisify(execFile)

/** Whether LibreOffice and poppler are installed (CI installs both; elsewhere tests skip). */
export const printingTools = existsSync(SOFFICE) && existsSync('/usr/bin/pdftotext')

const scratch: string[] = []

/** Removes every scratch folder the conversions made; call it in afterAll. */
export async function cleanScratch(): Promise<void> {
  await Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
}

/**
 * Converts `bytes` (a file named `name`) with LibreOffice Calc to `format`; a fresh user profile
 * each time so parallel runs never share a lock. Returns the converted file's path.
 */
export async function convert(bytes: Uint8Array, name: string, format: 'xlsx' | 'pdf') {
  const dir = await mkdtemp(join(tmpdir(), 'lo-test-'))
  scratch.push(dir)
  const input = join(dir, 'in')
  const output = join(dir, 'out')
  await mkdir(input)
  await mkdir(output)
  await writeFile(join(input, name), bytes)
  // soffice exits 0 even when it cannot load the file, so the missing output is the failure.
  const { stdout, stderr } = await run(
    SOFFICE,
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      '--norestore',
      '--calc',
      '--convert-to',
      format,
      '--outdir',
      output,
      join(input, name),
    ],
    { timeout: 90_000 },
  )
  const converted = join(output, name.replace(/\.[^.]+$/, `.${format}`))
  if (!existsSync(converted)) {
    throw new Error(`LibreOffice did not convert ${name}: ${stdout} ${stderr}`)
  }
  return converted
}

/** Opens and saves `bytes` again as .xlsx in LibreOffice. */
export async function throughLibreOffice(
  bytes: Uint8Array,
  name: string,
): Promise<Uint8Array<ArrayBuffer>> {
  return Uint8Array.from(await readFile(await convert(bytes, name, 'xlsx')))
}

export interface PdfWord {
  page: number
  text: string
  xMin: number
  yMin: number
  xMax: number
  yMax: number
}

export interface PrintedPdf {
  pages: number
  /** Page width and height in points. */
  size: [number, number]
  /** pdftotext -layout, pages separated by form feeds. */
  text: string
  words: PdfWord[]
}

/** Prints a workbook to PDF with LibreOffice and reads the PDF back. */
export async function printed(bytes: Uint8Array, name: string): Promise<PrintedPdf> {
  const pdf = await convert(bytes, name, 'pdf')
  const info = (await run('pdfinfo', [pdf])).stdout
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1])
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)
  const text = (await run('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 64 << 20 })).stdout
  const html = (await run('pdftotext', ['-bbox', pdf, '-'], { maxBuffer: 64 << 20 })).stdout
  const words: PdfWord[] = []
  let page = 0
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) {
      page++
    }
    const match =
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(
        line,
      )
    if (match) {
      words.push({
        page,
        text: unescapeHtml(match[5] ?? ''),
        xMin: Number(match[1]),
        yMin: Number(match[2]),
        xMax: Number(match[3]),
        yMax: Number(match[4]),
      })
    }
  }
  return { pages, size: [Number(size?.[1]), Number(size?.[2])], text, words }
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}
