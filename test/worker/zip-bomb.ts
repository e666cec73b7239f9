/**
 * @module A zip bomb made from a real workbook: the named entries padded with spaces after their
 * XML until they inflate to `inflated` bytes, while the central directory keeps their original,
 * small sizes (what a bomb claims). The padding is one deflated mebibyte of spaces repeated, so
 * a gigabyte costs a megabyte and no time to build.
 */
import { constants, deflateRawSync } from 'node:zlib'
import { zipEntries } from '../../worker/xlsx/zip.ts'

const MiB = 1024 * 1024

function u16(value: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(value)
  return b
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(value >>> 0)
  return b
}

/** `xml` then spaces, deflated, `inflated` bytes in all (rounded up to whole mebibytes). */
function paddedDeflate(xml: Uint8Array, inflated: number): Buffer {
  const head = deflateRawSync(xml, { finishFlush: constants.Z_FULL_FLUSH })
  const spaces = deflateRawSync(Buffer.alloc(MiB, 0x20), { finishFlush: constants.Z_FULL_FLUSH })
  const repeats = Math.ceil(Math.max(0, inflated - xml.byteLength) / MiB)
  const end = deflateRawSync(Buffer.alloc(0))
  return Buffer.concat([head, ...Array<Buffer>(repeats).fill(spaces), end])
}

/** The workbook with each entry of `bombs` (name → inflated bytes) made a bomb. */
export function zipBomb(
  workbook: Uint8Array,
  bombs: Record<string, number>,
): Uint8Array<ArrayBuffer> {
  const entries = zipEntries(workbook)
  if (!entries) {
    throw new Error('not a zip')
  }
  const locals: Buffer[] = []
  const directory: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const original = Buffer.from(entry.read())
    const bomb = bombs[entry.name]
    const data = bomb === undefined ? deflateRawSync(original) : paddedDeflate(original, bomb)
    const name = Buffer.from(entry.name, 'utf8')
    // Version, flags (UTF-8 names), method 8, time, date, CRC (unchecked), sizes as claimed.
    const common = [u16(20), u16(0x800), u16(8), u16(0), u16(0x21), u32(0)]
    const sizes = [u32(data.byteLength), u32(original.byteLength), u16(name.byteLength), u16(0)]
    const local = Buffer.concat([u32(0x04034b50), ...common, ...sizes, name, data])
    directory.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(20),
        ...common,
        ...sizes,
        u16(0),
        u16(0),
        u16(0),
        u32(0),
        u32(offset),
        name,
      ]),
    )
    locals.push(local)
    offset += local.byteLength
  }
  const central = Buffer.concat(directory)
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(entries.length),
    u16(entries.length),
    u32(central.byteLength),
    u32(offset),
    u16(0),
  ])
  return new Uint8Array(Buffer.concat([...locals, central, end]))
}
