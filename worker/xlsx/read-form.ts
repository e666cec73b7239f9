/**
 * @module A filled template read the fast way: only the worksheets' XML and the shared strings are
 * unpacked (never styles, themes or drawings), each sheet is scanned once for its cells, and the
 * first sheet with the "Mã dòng" column is read by the shared `readFormGrid`, as ExcelJS would
 * have read it, at a fraction of the time: what uploads and the bulk import of e-mailed
 * templates use.
 */
import type { FormDefinition } from '../../shared/form-definition.ts'
import { columnIndex, readFormGrid, type FormGridReading } from '../../shared/sheet-layout.ts'
import { zipEntries, type ZipEntry } from './zip.ts'

/** Unpacked, a filled template is well under a megabyte; 64 MiB leaves room for any real one. */
export const INFLATED_LIMIT = 64 * 1024 * 1024

export type FormWorkbookReading =
  | { ok: true; reading: FormGridReading }
  | { ok: false; code: 'MALFORMED_WORKBOOK' | 'WORKBOOK_TOO_LARGE' | 'NOT_A_TEMPLATE' }

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** XML text as written in a cell or a shared string, with Excel's `_xHHHH_` escapes undone. */
function xmlText(raw: string): string {
  return raw
    .replace(ENTITY, (_, hex: string, dec: string, name: string) =>
      hex
        ? String.fromCodePoint(parseInt(hex, 16))
        : dec
          ? String.fromCodePoint(Number(dec))
          : (NAMED[name] ?? ''),
    )
    .replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** The text of every `<t>` inside a piece of XML: a shared string's runs, an inline string. */
function runsText(xml: string): string {
  let text = ''
  for (const match of xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) {
    text += match[1] === undefined ? '' : xmlText(match[1])
  }
  return text
}

function sharedStrings(xml: string | undefined): string[] {
  if (xml === undefined) {
    return []
  }
  const strings: string[] = []
  for (const match of xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) {
    strings.push(match[1] === undefined ? '' : runsText(match[1]))
  }
  return strings
}

const CELL = /<c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g

/** A worksheet's cells as a grid (row 0 = sheet row 1), values as ExcelJS and `cellScalar` give them. */
function sheetGrid(xml: string, strings: readonly string[]): unknown[][] {
  const grid: unknown[][] = []
  for (const match of xml.matchAll(CELL)) {
    const attributes = match[1] ?? ''
    const body = match[2]
    if (body === undefined) {
      continue
    }
    const ref = /\br="([A-Z]+)(\d+)"/.exec(attributes)
    if (!ref?.[1] || !ref[2]) {
      continue
    }
    const type = /\bt="(\w+)"/.exec(attributes)?.[1] ?? 'n'
    let value: unknown = null
    if (type === 'inlineStr') {
      value = runsText(body)
    } else {
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1]
      if (v === undefined) {
        continue
      }
      if (type === 's') {
        value = strings[Number(v)] ?? ''
      } else if (type === 'str') {
        value = xmlText(v)
      } else if (type === 'b') {
        value = v === '1'
      } else if (type === 'n') {
        value = Number(v)
      } else {
        continue
      }
    }
    const row = Number(ref[2]) - 1
    const line = (grid[row] ??= [])
    line[columnIndex(ref[1])] = value
  }
  for (let r = 0; r < grid.length; r++) {
    grid[r] ??= []
  }
  return grid
}

function sheetNumber(entry: ZipEntry): number {
  return Number(/sheet(\d+)\.xml$/.exec(entry.name)?.[1] ?? 0)
}

/**
 * Reads the first sheet of an .xlsx that carries the template's row-code column.
 *
 * @example
 * const read = readFormWorkbook(bytes, b01)
 * if (read.ok) read.reading.values['workers.total'] // 5240
 */
export function readFormWorkbook(bytes: Uint8Array, form?: FormDefinition): FormWorkbookReading {
  const entries = zipEntries(bytes)
  if (entries === null) {
    return { ok: false, code: 'MALFORMED_WORKBOOK' }
  }
  const total = entries.reduce((sum, entry) => sum + entry.size, 0)
  if (total > INFLATED_LIMIT) {
    return { ok: false, code: 'WORKBOOK_TOO_LARGE' }
  }
  const sheets = entries
    .filter((entry) => /^xl\/worksheets\/sheet\d+\.xml$/.test(entry.name))
    .sort((a, b) => sheetNumber(a) - sheetNumber(b))
  if (sheets.length === 0) {
    return { ok: false, code: 'MALFORMED_WORKBOOK' }
  }
  const decoder = new TextDecoder()
  try {
    const shared = entries.find((entry) => entry.name === 'xl/sharedStrings.xml')
    const strings = sharedStrings(shared ? decoder.decode(shared.read(INFLATED_LIMIT)) : undefined)
    for (const sheet of sheets) {
      const reading = readFormGrid(
        sheetGrid(decoder.decode(sheet.read(INFLATED_LIMIT)), strings),
        form,
      )
      if (reading.codes.headerRow >= 0) {
        return { ok: true, reading }
      }
    }
  } catch {
    return { ok: false, code: 'MALFORMED_WORKBOOK' }
  }
  return { ok: false, code: 'NOT_A_TEMPLATE' }
}
