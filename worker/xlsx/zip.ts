/**
 * @module The entries of a zip archive (an .xlsx, or a .zip of e-mailed workbooks) read from its
 * central directory, each inflated only when asked and never past a byte ceiling counted on the
 * bytes that actually come out (a zip bomb declares small sizes): one ceiling per entry and one
 * for the whole archive. The one place the worker unpacks a zip; `checkInflated` measures a
 * workbook the same way before a library (ExcelJS) is let unpack it.
 */
import { createInflateRaw, inflateRawSync } from 'node:zlib'

const END_OF_DIRECTORY = 0x06054b50
const DIRECTORY_ENTRY = 0x02014b50
const LOCAL_HEADER = 0x04034b50

export interface ZipEntry {
  name: string
  /** What the directory says the entry inflates to (a claim, not a fact). */
  size: number
  /**
   * The entry's bytes; throws `InflateCeilingError` once more than `limit` bytes, or more than
   * what is left of the archive's ceiling, came out; a `RangeError` on a damaged entry.
   */
  read(limit?: number): Uint8Array
  /** The entry's stored bytes and compression method (0 stored, 8 deflated), not inflated. */
  stored(): { method: number; data: Uint8Array }
}

/** How much a zip may unpack to, counted on real bytes. */
export interface InflateCeilings {
  /** Bytes one entry may inflate to. */
  entry: number
  /** Bytes all the entries read from one archive may inflate to, together. */
  total: number
}

/**
 * A filled template unpacks to well under a megabyte (B02's sheet, the largest, to ~0.5 MB); a
 * workbook someone made by hand, with styles and a logo, to a few. Far below what would let a
 * handful of uploads in flight take the worker's memory.
 */
export const WORKBOOK_CEILINGS: InflateCeilings = {
  entry: 16 * 1024 * 1024,
  total: 32 * 1024 * 1024,
}

/** An entry or the archive inflated past its ceiling: a zip bomb, or a workbook no form is. */
export class InflateCeilingError extends RangeError {
  override name = 'InflateCeilingError'
}

/**
 * The entries of a zip archive, or null when the bytes are not one. Every entry read counts
 * against `ceilings.total`.
 */
export function zipEntries(
  bytes: Uint8Array,
  ceilings: InflateCeilings = WORKBOOK_CEILINGS,
): ZipEntry[] | null {
  let left = ceilings.total
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const lowest = Math.max(0, bytes.byteLength - 22 - 0xffff)
  let end = -1
  for (let i = bytes.byteLength - 22; i >= lowest; i--) {
    if (view.getUint32(i, true) === END_OF_DIRECTORY) {
      end = i
      break
    }
  }
  if (end < 0) {
    return null
  }
  const count = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  const entries: ZipEntry[] = []
  const decoder = new TextDecoder()
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== DIRECTORY_ENTRY) {
      return null
    }
    const flags = view.getUint16(at + 8, true)
    const method = view.getUint16(at + 10, true)
    const compressed = view.getUint32(at + 20, true)
    const size = view.getUint32(at + 24, true)
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    const local = view.getUint32(at + 42, true)
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength)
    // Bit 11: UTF-8 names; Windows' own zip writes CP437, which keeps ASCII names readable.
    const name = flags & 0x800 ? decoder.decode(rawName) : String.fromCharCode(...rawName)
    entries.push({
      name,
      size: size === 0xffffffff ? Number.POSITIVE_INFINITY : size,
      stored() {
        if (local + 30 > bytes.byteLength || view.getUint32(local, true) !== LOCAL_HEADER) {
          throw new RangeError(`${name}: damaged entry`)
        }
        const start =
          local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true)
        return { method, data: bytes.subarray(start, start + compressed) }
      },
      read(limit = ceilings.entry): Uint8Array {
        const allowed = Math.min(limit, ceilings.entry, left)
        if (size > allowed) {
          throw new InflateCeilingError(`${name}: ${size} bytes unpacked, over ${allowed}`)
        }
        const { data } = this.stored()
        if (method === 0) {
          if (data.byteLength > allowed) {
            throw new InflateCeilingError(`${name}: ${data.byteLength} bytes, over ${allowed}`)
          }
          left -= data.byteLength
          return data
        }
        if (method !== 8) {
          throw new RangeError(`${name}: compression method ${method}`)
        }
        // Inflated in 64 KiB chunks, stopped by zlib as soon as the output passes `allowed`.
        let out: Buffer
        try {
          out = inflateRawSync(data, {
            maxOutputLength: Math.max(1, allowed),
            chunkSize: 64 * 1024,
          })
        } catch (error) {
          if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
            left = 0
            throw new InflateCeilingError(`${name}: unpacks past ${allowed} bytes`, {
              cause: error,
            })
          }
          throw new RangeError(`${name}: damaged entry`, { cause: error })
        }
        left -= out.byteLength
        return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
      },
    })
    at += 46 + nameLength + extraLength + commentLength
  }
  return entries
}

/**
 * Whether every entry of the archive inflates within the ceilings, measured by inflating each as a
 * stream and counting (nothing is kept): what must hold before another library unpacks it.
 * 'notZip' when the bytes are not a zip archive.
 */
export async function checkInflated(
  bytes: Uint8Array,
  ceilings: InflateCeilings = WORKBOOK_CEILINGS,
): Promise<'ok' | 'tooLarge' | 'notZip'> {
  const entries = zipEntries(bytes)
  if (entries === null) {
    return 'notZip'
  }
  let total = 0
  for (const entry of entries) {
    let method: number
    let data: Uint8Array
    try {
      ;({ method, data } = entry.stored())
    } catch {
      return 'notZip'
    }
    let size: number
    if (method === 0) {
      size = data.byteLength
    } else {
      const budget = Math.min(ceilings.entry, ceilings.total - total)
      const outcome = await new Promise<number | 'tooLarge' | 'damaged'>((resolve) => {
        const inflate = createInflateRaw({ chunkSize: 64 * 1024 })
        let counted = 0
        inflate.on('data', (chunk: Buffer) => {
          counted += chunk.byteLength
          if (counted > budget) {
            inflate.destroy()
            resolve('tooLarge')
          }
        })
        inflate.on('end', () => resolve(counted))
        inflate.on('error', () => resolve('damaged'))
        inflate.end(data)
      })
      if (outcome === 'tooLarge') {
        return 'tooLarge'
      }
      if (outcome === 'damaged') {
        return 'notZip'
      }
      size = outcome
    }
    total += size
    if (size > ceilings.entry || total > ceilings.total) {
      return 'tooLarge'
    }
  }
  return 'ok'
}
