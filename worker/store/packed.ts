/**
 * @module The latest values of each report as both backends keep them beside the revisions: the
 * numbers packed as little-endian Float64 bytes, in the order of a layout kept once in its own
 * table under a key made from its codes. Reading a province's latest values is then one pass over
 * small binary rows, without parsing 2 KB of JSON per report into an object; the revisions keep
 * their values as the JSON text the clerk sent (replay answers byte for byte).
 */
import { createHash } from 'node:crypto'
import { endianness } from 'node:os'
import { packValues, PackedValues } from '../../shared/packed-values.ts'
import type { ValueLayout } from '../../shared/packed-values.ts'
import type { Values } from '../../shared/form-definition.ts'
import type { PackedReport, SubmissionStatus } from './store.ts'

// The bytes are the machine's own Float64Array; every machine this runs on is little-endian.
if (endianness() !== 'LE') {
  throw new Error('packed values are stored little-endian; this machine is big-endian')
}

/** Keys already hashed: a form has a handful of layouts and every PUT would hash one again. */
const knownKeys = new Map<string, string>()
/** Past this many layouts (a stream of odd ones) the remembered keys start again from none. */
const KNOWN_KEYS_MAX = 256

/** A layout's key in the store: its codes' JSON hashed, so that equal layouts share one row. */
export function layoutKey(codesJson: string): string {
  const known = knownKeys.get(codesJson)
  if (known !== undefined) {
    return known
  }
  const key = createHash('sha256').update(codesJson).digest('base64url').slice(0, 22)
  if (knownKeys.size >= KNOWN_KEYS_MAX) {
    knownKeys.clear()
  }
  knownKeys.set(codesJson, key)
  return key
}

/** What an append stores beside the revision: the layout (key and codes) and the packed bytes. */
export interface PackedRow {
  layout: string
  codes: string
  packed: Buffer
}

interface KnownLayout {
  codes: readonly string[]
  codesJson: string
  key: string
}

/**
 * Layouts met lately, the latest first. A form has a handful of layouts and every append packs
 * one of them: comparing its codes one by one (the same interned strings) costs a fraction of
 * writing them as JSON and hashing that text again.
 */
const recentLayouts: KnownLayout[] = []
const RECENT_LAYOUTS_MAX = 16

function sameCodes(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) {
    return false
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false
    }
  }
  return true
}

function knownLayout(codes: readonly string[]): KnownLayout {
  for (let i = 0; i < recentLayouts.length; i++) {
    const known = recentLayouts[i]!
    if (sameCodes(known.codes, codes)) {
      if (i > 0) {
        recentLayouts.splice(i, 1)
        recentLayouts.unshift(known)
      }
      return known
    }
  }
  const codesJson = JSON.stringify(codes)
  const known = { codes, codesJson, key: layoutKey(codesJson) }
  recentLayouts.unshift(known)
  if (recentLayouts.length > RECENT_LAYOUTS_MAX) {
    recentLayouts.pop()
  }
  return known
}

export function packRow(values: Values): PackedRow {
  const { codes, numbers } = packValues(values)
  const layout = knownLayout(codes)
  return {
    layout: layout.key,
    codes: layout.codesJson,
    packed: Buffer.from(numbers.buffer, numbers.byteOffset, numbers.byteLength),
  }
}

/**
 * One report's latest facts as a backend reads them for a rollup, as an array (both drivers make
 * an array of a row faster than an object): unit, form version, latest revision, status, first
 * submission time, latest submission time, layout key, packed bytes (or their base64 text, how
 * PostgreSQL sends them most compactly as text), and the latest revision's values only when there
 * is no layout (a report last written before packed values were kept).
 */
export type LatestRow = [
  unit: string,
  formVersion: string,
  revision: number,
  status: SubmissionStatus,
  firstSubmittedAt: string,
  submittedAt: string,
  layout: string | null,
  packed: Uint8Array | string | null,
  vals: string | Values | null,
]

/** The bytes of packed numbers as a row gives them (base64 text: 3 bytes in 4 characters). */
function byteLength(packed: Uint8Array | string | null): number {
  if (packed === null) {
    return 0
  }
  if (typeof packed !== 'string') {
    return packed.byteLength
  }
  return Buffer.byteLength(packed, 'base64')
}

/**
 * Turns latest rows into packed reports. The numbers of one read share one block of memory (a
 * report holds its offset in it), and each layout is one object, fetched from the store once and
 * then kept: a layout never changes under its key.
 */
export class PackedReader {
  readonly #layouts = new Map<string, ValueLayout>()

  /** The layout keys among `rows` not yet known: fetch them and `addLayout` each. */
  unknownLayouts(rows: readonly LatestRow[]): string[] {
    const unknown = new Set<string>()
    for (const row of rows) {
      const layout = row[6]
      if (layout !== null && !this.#layouts.has(layout)) {
        unknown.add(layout)
      }
    }
    return [...unknown]
  }

  addLayout(key: string, codesJson: string): void {
    this.#layouts.set(key, { codes: JSON.parse(codesJson) as string[] })
  }

  reports(rows: readonly LatestRow[]): PackedReport[] {
    let bytes = 0
    for (const row of rows) {
      bytes += byteLength(row[7])
    }
    const block = new Float64Array(bytes / 8)
    const into = Buffer.from(block.buffer)
    let used = 0
    return rows.map((row) => {
      const offset = used / 8
      const packed = row[7]
      if (typeof packed === 'string') {
        used += into.write(packed, used, 'base64')
      } else if (packed !== null) {
        into.set(packed, used)
        used += packed.byteLength
      }
      return {
        unit: row[0],
        formVersion: row[1],
        revision: row[2],
        status: row[3],
        firstSubmittedAt: row[4],
        submittedAt: row[5],
        values: this.#values(row, block, offset),
      }
    })
  }

  #values(row: LatestRow, block: Float64Array, offset: number): PackedValues {
    const [, , , , , , key, packed, vals] = row
    if (key === null || packed === null) {
      const values = typeof vals === 'string' ? (JSON.parse(vals) as Values) : vals
      const { codes, numbers } = packValues(values ?? {})
      const derived = layoutKey(JSON.stringify(codes))
      if (!this.#layouts.has(derived)) {
        this.#layouts.set(derived, { codes })
      }
      return new PackedValues(this.#layouts.get(derived)!, numbers)
    }
    const layout = this.#layouts.get(key)
    if (layout === undefined) {
      throw new Error(`packed values: layout ${key} is not in the store`)
    }
    return new PackedValues(layout, block, offset)
  }
}
