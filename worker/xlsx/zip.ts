/**
 * @module The entries of a zip archive (an .xlsx, or a .zip of e-mailed workbooks) read from its
 * central directory, each inflated only when asked and never past a byte ceiling: the one place
 * the worker unpacks a zip, so a guarded inflate can replace it in one spot.
 */
import { inflateRawSync } from 'node:zlib'

const END_OF_DIRECTORY = 0x06054b50
const DIRECTORY_ENTRY = 0x02014b50
const LOCAL_HEADER = 0x04034b50

export interface ZipEntry {
  name: string
  /** What the directory says the entry inflates to. */
  size: number
  /** The entry's bytes; throws past `limit` bytes or on a damaged entry. */
  read(limit: number): Uint8Array
}

/** The entries of a zip archive, or null when the bytes are not one. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
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
      read(limit: number): Uint8Array {
        if (size > limit) {
          throw new RangeError(`${name}: ${size} bytes unpacked, over ${limit}`)
        }
        if (local + 30 > bytes.byteLength || view.getUint32(local, true) !== LOCAL_HEADER) {
          throw new RangeError(`${name}: damaged entry`)
        }
        const start =
          local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true)
        const data = bytes.subarray(start, start + compressed)
        if (method === 0) {
          return data
        }
        if (method !== 8) {
          throw new RangeError(`${name}: compression method ${method}`)
        }
        return new Uint8Array(inflateRawSync(data, { maxOutputLength: Math.max(1, limit) }))
      },
    })
    at += 46 + nameLength + extraLength + commentLength
  }
  return entries
}
