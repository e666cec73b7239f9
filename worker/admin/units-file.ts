/**
 * @module Reads a unit list (.csv or .xlsx: code,name,parent,level[,validFrom,validTo,phone,email]) into
 * raw lines with their line numbers, and checks them: every bad line is reported with its
 * number, and nothing is imported when any line is bad. The level may be written in Vietnamese
 * (tỉnh, cấp trên, cơ sở) and dates as dd/mm/yyyy, as a clerk types them. Codes (and parents) are stored upper case,
 * so `bk.gd` in a file is `BK.GD`; names must be printable text of at most 200 characters, since a
 * control character in a name makes the .xlsx exports unreadable to Excel.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { cellScalar } from '../../shared/sheet-layout.ts'
import type { Unit, UnitLevel } from '../../shared/unit-tree.ts'
import { unitCodeSchema } from '../../shared/api-schemas.ts'
import { parseVietnameseDate } from '../../shared/periods.ts'
import { searchKey } from '../../shared/unit-tree.ts'
import { parseTable } from './table-file.ts'
import type { LineProblem } from './table-file.ts'

export interface UnitLine {
  line: number
  fields: Record<string, string>
}

export type { LineProblem }

export type UnitsCheck = { ok: true; units: Unit[] } | { ok: false; problems: LineProblem[] }

const COLUMNS = [
  'code',
  'name',
  'parent',
  'level',
  'validFrom',
  'validTo',
  'phone',
  'email',
] as const
/** A phone as clerks write it: digits, spaces, dots, dashes, parentheses, a leading +. */
const PHONE = /^\+?[0-9 .()-]{6,20}$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
/** Levels as the file may write them, compared without accents or case: English or Vietnamese. */
const LEVEL_NAMES: Record<string, UnitLevel> = {
  province: 'province',
  tinh: 'province',
  'cap tinh': 'province',
  upper: 'upper',
  'cap tren': 'upper',
  'cap tren co so': 'upper',
  'cap tren truc tiep co so': 'upper',
  grassroots: 'grassroots',
  'co so': 'grassroots',
  'cap co so': 'grassroots',
  'cong doan co so': 'grassroots',
  cdcs: 'grassroots',
}

function levelNamed(text: string): UnitLevel | undefined {
  return LEVEL_NAMES[searchKey(text).replace(/\s+/g, ' ').trim()]
}
const RANK: Record<UnitLevel, number> = { grassroots: 0, upper: 1, province: 2 }
export const MAX_NAME_LENGTH = 200
// C0 and C1 controls (tab and newlines included: a name is one line), and the code points XML 1.0
// forbids, which Excel refuses in a workbook.
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/u

function text(value: unknown): string {
  const scalar = cellScalar(value)
  return scalar === null ? '' : String(scalar).normalize('NFC').trim()
}

function linesFromRows(rows: { line: number; cells: unknown[] }[]): UnitLine[] | LineProblem {
  const [header, ...body] = rows
  const names = (header?.cells ?? []).map((cell) => text(cell))
  const lower = names.map((name) => name.toLowerCase())
  const index = Object.fromEntries(
    COLUMNS.map((column) => [column, lower.indexOf(column.toLowerCase())]),
  )
  const missing = COLUMNS.slice(0, 4).filter((column) => index[column] === -1)
  if (missing.length > 0) {
    return {
      line: header?.line ?? 1,
      message: `thiếu cột ${missing.join(', ')} ở dòng tiêu đề / missing columns ${missing.join(', ')} in the header`,
    }
  }
  return body
    .filter((row) => row.cells.some((cell) => text(cell) !== ''))
    .map((row) => ({
      line: row.line,
      fields: Object.fromEntries(
        COLUMNS.map((column) => {
          const i = index[column] ?? -1
          return [column, i >= 0 ? text(row.cells[i]) : '']
        }),
      ),
    }))
}

/**
 * The lines of a unit list given as bytes: an .xlsx workbook (first sheet) or CSV in UTF-8, UTF-16
 * or windows-1258 (what Excel on Windows saves), refused naming its encoding otherwise.
 */
export async function parseUnitsFile(
  bytes: Uint8Array,
  kind: 'csv' | 'xlsx',
): Promise<UnitLine[] | LineProblem> {
  const rows = await parseTable(bytes, kind, 'danh sách đơn vị / unit list')
  return Array.isArray(rows) ? linesFromRows(rows) : rows
}

/** The lines of a .csv (UTF-8 with or without a BOM, UTF-16, windows-1258) or .xlsx unit list. */
export async function readUnitsFile(file: string): Promise<UnitLine[] | LineProblem> {
  const extension = path.extname(file).toLowerCase()
  if (extension !== '.csv' && extension !== '.xlsx') {
    return { line: 0, message: 'chỉ nhận tệp .csv hoặc .xlsx / only .csv or .xlsx files' }
  }
  return parseUnitsFile(await readFile(file), extension === '.xlsx' ? 'xlsx' : 'csv')
}

function overlaps(a: Unit, b: Unit): boolean {
  const aFrom = a.validFrom ?? '0000-00-00'
  const aTo = a.validTo ?? '9999-99-99'
  const bFrom = b.validFrom ?? '0000-00-00'
  const bTo = b.validTo ?? '9999-99-99'
  return aFrom <= bTo && bFrom <= aTo
}

/**
 * Checks unit lines against each other and the units already stored: code, name, level, dates,
 * duplicate codes (the same code with overlapping validity), unknown parents, a parent of a lower
 * level, and cycles. The file's records replace the stored records of the codes it names.
 */
export function checkUnitLines(lines: readonly UnitLine[], stored: readonly Unit[]): UnitsCheck {
  const problems: LineProblem[] = []
  const add = (line: number, vi: string, en: string) =>
    problems.push({ line, message: `${vi} / ${en}` })
  const units: { line: number; unit: Unit }[] = []
  const knownCodes = new Set([
    ...stored.map((u) => u.code),
    ...lines.map((l) => (l.fields.code ?? '').toUpperCase()),
  ])
  for (const { line, fields } of lines) {
    const code = (fields.code ?? '').toUpperCase()
    const name = fields.name ?? ''
    const parent = (fields.parent ?? '').toUpperCase()
    const levelText = fields.level ?? ''
    const level = levelNamed(levelText)
    const fromText = fields.validFrom ?? ''
    const toText = fields.validTo ?? ''
    const validFrom = fromText === '' ? '' : (parseVietnameseDate(fromText) ?? fromText)
    const validTo = toText === '' ? '' : (parseVietnameseDate(toText) ?? toText)
    let bad = false
    if (!unitCodeSchema.safeParse(code).success) {
      add(line, `mã đơn vị "${code}" không hợp lệ`, `bad unit code "${code}"`)
      bad = true
    }
    const control = CONTROL.exec(name)
    if (name === '') {
      add(line, 'thiếu tên đơn vị', 'missing name')
      bad = true
    } else if (control) {
      const at = `U+${control[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`
      add(
        line,
        `tên đơn vị có ký tự điều khiển ${at} ở vị trí ${control.index + 1}`,
        `the name holds the control character ${at} at position ${control.index + 1}`,
      )
      bad = true
    } else if ([...name].length > MAX_NAME_LENGTH) {
      add(
        line,
        `tên đơn vị dài ${[...name].length} ký tự, tối đa ${MAX_NAME_LENGTH}`,
        `the name is ${[...name].length} characters long, at most ${MAX_NAME_LENGTH}`,
      )
      bad = true
    }
    if (level === undefined) {
      add(
        line,
        `cấp "${levelText}" không hợp lệ (tỉnh, cấp trên, cơ sở / province, upper, grassroots)`,
        `bad level "${levelText}"`,
      )
      bad = true
    }
    for (const [column, value] of [
      ['validFrom', validFrom],
      ['validTo', validTo],
    ] as const) {
      if (value !== '' && parseVietnameseDate(value) === undefined) {
        add(
          line,
          `ngày ${column} "${value}" không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)`,
          `bad date ${column} "${value}" (dd/mm/yyyy or yyyy-mm-dd)`,
        )
        bad = true
      }
    }
    const phone = fields.phone ?? ''
    const email = fields.email ?? ''
    if (phone !== '' && !PHONE.test(phone)) {
      add(line, `số điện thoại "${phone}" không hợp lệ`, `bad phone number "${phone}"`)
      bad = true
    }
    if (email !== '' && (!EMAIL.test(email) || email.length > 200)) {
      add(line, `địa chỉ e-mail "${email}" không hợp lệ`, `bad e-mail address "${email}"`)
      bad = true
    }
    if (!bad && validFrom !== '' && validTo !== '' && validFrom > validTo) {
      add(line, 'validFrom sau validTo', 'validFrom is after validTo')
      bad = true
    }
    if (parent === code && code !== '') {
      add(line, 'đơn vị là cấp trên của chính nó', 'the unit is its own parent')
      bad = true
    } else if (parent !== '' && !knownCodes.has(parent)) {
      add(line, `không có đơn vị cấp trên mã ${parent}`, `unknown parent ${parent}`)
      bad = true
    }
    if (!bad) {
      units.push({
        line,
        unit: {
          code,
          name,
          parent: parent === '' ? null : parent,
          level: level as UnitLevel,
          validFrom: validFrom === '' ? null : validFrom,
          validTo: validTo === '' ? null : validTo,
          ...(phone === '' ? {} : { phone }),
          ...(email === '' ? {} : { email }),
        },
      })
    }
  }
  const byCode = new Map<string, { line: number; unit: Unit }[]>()
  for (const entry of units) {
    const same = byCode.get(entry.unit.code) ?? []
    const clash = same.find((other) => overlaps(other.unit, entry.unit))
    if (clash) {
      add(
        entry.line,
        `mã ${entry.unit.code} trùng với dòng ${clash.line}`,
        `duplicate code ${entry.unit.code} (also on line ${clash.line})`,
      )
    }
    same.push(entry)
    byCode.set(entry.unit.code, same)
  }
  const levelOf = new Map<string, UnitLevel>()
  const parentsOf = new Map<string, Set<string>>()
  for (const unit of stored) {
    if (!byCode.has(unit.code)) {
      levelOf.set(unit.code, unit.level)
      parentsOf.set(unit.code, new Set(unit.parent ? [unit.parent] : []))
    }
  }
  for (const [code, entries] of byCode) {
    levelOf.set(code, entries[0]?.unit.level ?? 'grassroots')
    parentsOf.set(code, new Set(entries.flatMap((e) => (e.unit.parent ? [e.unit.parent] : []))))
  }
  // One tree, one root: a second parentless unit would administer nobody's tree but its own,
  // yet claim the root's rights over periods and forms. Roots may follow one another in time
  // (a merged province), never overlap.
  const roots: { line: number | null; unit: Unit }[] = [
    ...stored
      .filter((u) => u.parent === null && !byCode.has(u.code))
      .map((unit) => ({ line: null, unit })),
  ]
  for (const entry of units) {
    if (entry.unit.parent !== null) {
      continue
    }
    const other = roots.find(
      (root) => root.unit.code !== entry.unit.code && overlaps(root.unit, entry.unit),
    )
    if (other) {
      const where = other.line === null ? 'đã có' : `dòng ${other.line} đã có`
      const whereEn =
        other.line === null ? 'the store already has' : `line ${other.line} already has`
      add(
        entry.line,
        `${where} đơn vị gốc ${other.unit.code} (không có cấp trên); mỗi cây chỉ có một đơn vị gốc, hãy ghi cấp trên cho ${entry.unit.code}`,
        `${whereEn} the root unit ${other.unit.code} (no parent); a tree has one root, give ${entry.unit.code} a parent`,
      )
    }
    roots.push(entry)
  }
  for (const { line, unit } of units) {
    if (unit.parent === null) {
      if (unit.level !== 'province') {
        add(
          line,
          'chỉ đơn vị cấp tỉnh (province) được để trống cấp trên',
          'only a province may have no parent',
        )
      }
      continue
    }
    const parentLevel = levelOf.get(unit.parent)
    if (
      parentLevel !== undefined &&
      (RANK[parentLevel] < RANK[unit.level] || unit.level === 'province')
    ) {
      add(
        line,
        `đơn vị cấp ${unit.level} không thể trực thuộc đơn vị cấp ${parentLevel} (${unit.parent})`,
        `a ${unit.level} unit cannot be under a ${parentLevel} unit (${unit.parent})`,
      )
    }
  }
  for (const { line, unit } of units) {
    const seen = new Set<string>([unit.code])
    const queue = [...(parentsOf.get(unit.code) ?? [])]
    while (queue.length > 0) {
      const next = queue.pop() as string
      if (next === unit.code) {
        add(line, `vòng lặp cấp trên qua mã ${unit.code}`, `parent cycle through ${unit.code}`)
        break
      }
      if (!seen.has(next)) {
        seen.add(next)
        queue.push(...(parentsOf.get(next) ?? []))
      }
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line)
    return { ok: false, problems }
  }
  return { ok: true, units: units.map((entry) => entry.unit) }
}
