/**
 * @module The text of a file a clerk's computer saved: UTF-8 (with or without a BOM), UTF-16 (as
 * Excel's "Unicode text" saves it) or windows-1258 (Excel on Windows saving "CSV" in the
 * Vietnamese ANSI code page, tone marks as combining characters), always returned in NFC. A file in
 * none of these (TCVN3, VNI, a broken one) is refused with a message naming what it is not:
 * nothing is ever read with replacement characters.
 */

export type TextEncodingName = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'windows-1258'

export type DecodedText =
  { ok: true; text: string; encoding: TextEncodingName } | { ok: false; message: string }

const REFUSED =
  'tệp không phải văn bản UTF-8, UTF-16 hay windows-1258 (có thể là bảng mã TCVN3 hoặc VNI); hãy mở bằng Excel và lưu lại dạng "CSV UTF-8" / the file is not UTF-8, UTF-16 or windows-1258 text (perhaps TCVN3 or VNI); save it again as "CSV UTF-8"'

// What Vietnamese text in windows-1258 decodes to once composed: ASCII, Latin letters with their
// marks, and the typographic punctuation of the code page. Anything else (a lone tone mark, the
// ¸ µ ¶ or soft hyphen TCVN3 writes its letters with) says the file is in another encoding.
const PLAUSIBLE =
  /^(?:[\t\n\r\x20-\x7e]|(?![ªº])\p{Script=Latin}\p{M}*|[\u00a0\u00b0\u00b7\u00ab\u00bb\u2013\u2014\u2018-\u201e\u2022\u2026\u20ab\u20ac])*$/u

function decode(bytes: Uint8Array, label: string): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** The encoding a run of NUL bytes betrays: UTF-16 without a BOM, or null. */
function utf16WithoutBom(bytes: Uint8Array): TextEncodingName | null {
  const sample = bytes.subarray(0, 4096)
  let even = 0
  let odd = 0
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] === 0) {
      if (i % 2 === 0) {
        even++
      } else {
        odd++
      }
    }
  }
  const half = sample.length / 2
  if (odd > half * 0.3 && even === 0) {
    return 'UTF-16LE'
  }
  if (even > half * 0.3 && odd === 0) {
    return 'UTF-16BE'
  }
  return null
}

/**
 * Reads the text of a file, or says why it cannot.
 *
 * @example
 * decodeText(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61)) // { ok: true, text: 'a', encoding: 'UTF-8' }
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const done = (text: string | null, encoding: TextEncodingName): DecodedText =>
    text === null || text.includes('\ufffd')
      ? {
          ok: false,
          message: `tệp ghi là ${encoding} nhưng có byte không hợp lệ / the file says ${encoding} but holds invalid bytes`,
        }
      : { ok: true, text: text.normalize('NFC'), encoding }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return done(decode(bytes.subarray(3), 'utf-8'), 'UTF-8')
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return done(decode(bytes.subarray(2), 'utf-16le'), 'UTF-16LE')
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return done(decode(bytes.subarray(2), 'utf-16be'), 'UTF-16BE')
  }
  const wide = utf16WithoutBom(bytes)
  if (wide !== null) {
    return done(decode(bytes, wide === 'UTF-16LE' ? 'utf-16le' : 'utf-16be'), wide)
  }
  const utf8 = decode(bytes, 'utf-8')
  if (utf8 !== null) {
    return done(utf8, 'UTF-8')
  }
  const ansi = decode(bytes, 'windows-1258')?.normalize('NFC')
  if (ansi !== undefined && PLAUSIBLE.test(ansi)) {
    return { ok: true, text: ansi, encoding: 'windows-1258' }
  }
  return { ok: false, message: REFUSED }
}
