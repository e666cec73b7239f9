/**
 * @module How many bytes a zip archive (an .xlsx) says it holds once inflated, read from its
 * central directory without inflating anything: a guard against a small upload that would
 * expand into gigabytes inside ExcelJS.
 */

const END_OF_DIRECTORY = 0x06054b50
const DIRECTORY_ENTRY = 0x02014b50

/** The total uncompressed size of the archive's entries, or null when it is not a zip. */
export function inflatedSize(bytes: Uint8Array): number | null {
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
  const entries = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  let total = 0
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== DIRECTORY_ENTRY) {
      return null
    }
    const size = view.getUint32(at + 24, true)
    // 0xFFFFFFFF defers to a ZIP64 record: far beyond any workbook we accept anyway.
    total += size === 0xffffffff ? Number.POSITIVE_INFINITY : size
    at +=
      46 +
      view.getUint16(at + 28, true) +
      view.getUint16(at + 30, true) +
      view.getUint16(at + 32, true)
  }
  return total
}
