/**
 * @module A filled template read the fast way: only the worksheets' XML and the shared strings are
 * unpacked (never styles, themes or drawings), each sheet is scanned once for its cells, and the
 * first sheet with the "Mã dòng" column is read by the shared `readFormGrid`, as ExcelJS would
 * have read it, at a fraction of the time: what uploads and the bulk import of e-mailed
 * templates use.
 */
import type { FormDefinition } from '../../shared/form-definition.ts'
import {
  CODE_HEADER,
  NOTE_HEADER,
  VALUE_HEADER,
  columnIndex,
  readFormGrid,
  type FormGridReading,
} from '../../shared/sheet-layout.ts'
import { InflateCeilingError, WORKBOOK_CEILINGS, zipEntries, type ZipEntry } from './zip.ts'

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

/** The shared strings, each decoded only when a cell asks for it. */
function sharedStrings(xml: string | undefined): (index: number) => string {
  const starts: number[] = []
  if (xml !== undefined) {
    for (let at = xml.indexOf('<si'); at >= 0; at = xml.indexOf('<si', at + 3)) {
      const next = xml.charCodeAt(at + 3)
      // `<si>` or `<si/>`, not `<sId…`.
      if (next === 62 || next === 47) {
        starts.push(at)
      }
    }
  }
  const decoded = new Map<number, string>()
  return (index) => {
    const cached = decoded.get(index)
    if (cached !== undefined || xml === undefined) {
      return cached ?? ''
    }
    const at = starts[index]
    let text = ''
    if (at !== undefined && xml.charCodeAt(at + 3) === 62) {
      const end = xml.indexOf('</si>', at)
      text = runsText(xml.slice(at + 4, end < 0 ? undefined : end))
    }
    decoded.set(index, text)
    return text
  }
}

/** The value of a cell from its type and inner XML, as ExcelJS and `cellScalar` give it. */
function cellValue(type: string, body: string, strings: (index: number) => string): unknown {
  if (type === 'inlineStr') {
    return runsText(body)
  }
  const open = body.indexOf('<v>')
  if (open < 0) {
    return undefined
  }
  const v = body.slice(open + 3, body.indexOf('</v>', open))
  switch (type) {
    case 's':
      return strings(Number(v))
    case 'str':
      return xmlText(v)
    case 'b':
      return v === '1'
    case 'n':
      return Number(v)
    default:
      return undefined
  }
}

function attribute(tag: string, name: string): string | undefined {
  const at = tag.indexOf(` ${name}="`)
  if (at < 0) {
    return undefined
  }
  const start = at + name.length + 3
  return tag.slice(start, tag.indexOf('"', start))
}

/**
 * A worksheet's cells as a grid (row 0 = sheet row 1), in one pass over its XML that reads only
 * what the form needs: every cell down to the row of the "Mã dòng" header, then only the code,
 * value and note columns (styled empty cells and labels are skipped without being decoded).
 */
function sheetGrid(xml: string, strings: (index: number) => string): unknown[][] {
  const grid: unknown[][] = []
  let wanted: Set<number> | null = null
  let headerRow = -1
  for (let at = xml.indexOf('<c '); at >= 0; at = xml.indexOf('<c ', at + 3)) {
    const tagEnd = xml.indexOf('>', at)
    if (tagEnd < 0) {
      break
    }
    if (xml.charCodeAt(tagEnd - 1) === 47) {
      continue
    }
    const tag = xml.slice(at, tagEnd)
    const ref = attribute(tag, 'r')
    const split = ref?.search(/\d/) ?? -1
    if (ref === undefined || split <= 0) {
      continue
    }
    const column = columnIndex(ref.slice(0, split))
    const row = Number(ref.slice(split)) - 1
    if (wanted === null && headerRow >= 0 && row > headerRow) {
      // Past the header row: from here on, only the code, value and note columns.
      wanted = new Set(
        (grid[headerRow] ?? []).flatMap((cell, c) =>
          cell === CODE_HEADER || cell === VALUE_HEADER || cell === NOTE_HEADER ? [c] : [],
        ),
      )
    }
    if (wanted !== null && !wanted.has(column)) {
      continue
    }
    const close = xml.indexOf('</c>', tagEnd)
    const value = cellValue(attribute(tag, 't') ?? 'n', xml.slice(tagEnd + 1, close), strings)
    at = close
    if (value === undefined) {
      continue
    }
    const line = (grid[row] ??= [])
    line[column] = value
    if (headerRow < 0 && value === CODE_HEADER) {
      headerRow = row
    }
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
  const entries = zipEntries(bytes, WORKBOOK_CEILINGS)
  if (entries === null) {
    return { ok: false, code: 'MALFORMED_WORKBOOK' }
  }
  // What the directory claims is only a first look; reading counts the bytes that come out.
  const total = entries.reduce((sum, entry) => sum + entry.size, 0)
  if (total > WORKBOOK_CEILINGS.total) {
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
    const strings = sharedStrings(shared ? decoder.decode(shared.read()) : undefined)
    for (const sheet of sheets) {
      const reading = readFormGrid(sheetGrid(decoder.decode(sheet.read()), strings), form)
      if (reading.codes.headerRow >= 0) {
        return { ok: true, reading }
      }
    }
  } catch (error) {
    return {
      ok: false,
      code: error instanceof InflateCeilingError ? 'WORKBOOK_TOO_LARGE' : 'MALFORMED_WORKBOOK',
    }
  }
  return { ok: false, code: 'NOT_A_TEMPLATE' }
}
