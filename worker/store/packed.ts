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

/** A layout's key in the store: its codes' JSON hashed, so that equal layouts share one row. */
export function layoutKey(codesJson: string): string {
  return createHash('sha256').update(codesJson).digest('base64url').slice(0, 22)
}

/** What an append stores beside the revision: the layout (key and codes) and the packed bytes. */
export interface PackedRow {
  layout: string
  codes: string
  packed: Buffer
}

export function packRow(values: Values): PackedRow {
  const { codes, numbers } = packValues(values)
  const codesJson = JSON.stringify(codes)
  return {
    layout: layoutKey(codesJson),
    codes: codesJson,
    packed: Buffer.from(numbers.buffer, numbers.byteOffset, numbers.byteLength),
  }
}

/** One report's latest facts as a backend reads them for a rollup. */
export interface LatestRow {
  unit: string
  form_version: string
  latest_revision: number
  status: SubmissionStatus
  first_submitted_at: string
  submitted_at: string
  /** Null for a report last written before packed values were kept: `vals` stands instead. */
  layout: string | null
  /** The bytes, or their base64 text (how PostgreSQL sends them most compactly as text). */
  packed: Uint8Array | string | null
  vals: string | Values | null
}

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
 * report holds a view into it), and each layout is one object, fetched from the store once and
 * then kept: a layout never changes under its key.
 */
export class PackedReader {
  readonly #layouts = new Map<string, ValueLayout>()

  /** The layout keys among `rows` not yet known: fetch them and `addLayout` each. */
  unknownLayouts(rows: readonly LatestRow[]): string[] {
    const unknown = new Set<string>()
    for (const row of rows) {
      if (row.layout !== null && !this.#layouts.has(row.layout)) {
        unknown.add(row.layout)
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
      bytes += byteLength(row.packed)
    }
    const block = new Float64Array(bytes / 8)
    const into = Buffer.from(block.buffer)
    let used = 0
    return rows.map((row) => {
      const offset = used / 8
      if (typeof row.packed === 'string') {
        used += into.write(row.packed, used, 'base64')
      } else if (row.packed !== null) {
        into.set(row.packed, used)
        used += row.packed.byteLength
      }
      return {
        unit: row.unit,
        formVersion: row.form_version,
        revision: row.latest_revision,
        status: row.status,
        firstSubmittedAt: row.first_submitted_at,
        submittedAt: row.submitted_at,
        values: this.#values(row, block, offset),
      }
    })
  }

  #values(row: LatestRow, block: Float64Array, offset: number): PackedValues {
    if (row.layout === null || row.packed === null) {
      const values = typeof row.vals === 'string' ? (JSON.parse(row.vals) as Values) : row.vals
      const { codes, numbers } = packValues(values ?? {})
      const codesJson = JSON.stringify(codes)
      const key = layoutKey(codesJson)
      if (!this.#layouts.has(key)) {
        this.#layouts.set(key, { codes })
      }
      return new PackedValues(this.#layouts.get(key)!, numbers)
    }
    const layout = this.#layouts.get(row.layout)
    if (layout === undefined) {
      throw new Error(`packed values: layout ${row.layout} is not in the store`)
    }
    return new PackedValues(layout, block, offset)
  }
}
