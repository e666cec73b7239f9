/**
 * @module Tests of reading the text a clerk's computer saved (worker/admin/text-encoding.ts):
 * UTF-8 with or without a BOM, UTF-16, windows-1258 read right; anything else refused by name.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decodeText } from '../../../worker/admin/text-encoding.ts'
import { toWindows1258 } from './windows-1258.ts'

const NAME = 'CĐCS Trường Tiểu học Bằng Vân, Chợ Đồn – Bắc Kạn'

function utf16le(text: string, bom = true): Uint8Array {
  const body = Buffer.from(text, 'utf16le')
  return bom ? Uint8Array.from([0xff, 0xfe, ...body]) : Uint8Array.from(body)
}

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM', () => {
    const plain = new TextEncoder().encode(NAME)
    expect(decodeText(plain)).toEqual({ ok: true, text: NAME, encoding: 'UTF-8' })
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...plain]))).toEqual({
      ok: true,
      text: NAME,
      encoding: 'UTF-8',
    })
  })

  it('reads UTF-16 little and big endian, with a BOM or betrayed by its zero bytes', () => {
    expect(decodeText(utf16le(NAME))).toMatchObject({ ok: true, text: NAME, encoding: 'UTF-16LE' })
    expect(decodeText(utf16le(`code,name\n${NAME}`, false))).toMatchObject({
      ok: true,
      encoding: 'UTF-16LE',
    })
    const be = Buffer.from(NAME, 'utf16le').swap16()
    expect(decodeText(Uint8Array.from([0xfe, 0xff, ...be]))).toMatchObject({
      ok: true,
      text: NAME,
      encoding: 'UTF-16BE',
    })
  })

  it('reads windows-1258 with its combining tone marks as the same NFC names', () => {
    const bytes = toWindows1258(NAME)
    // The code page writes some tones as a separate byte: the file is not UTF-8.
    expect(bytes.length).toBeGreaterThan(NAME.length)
    expect(decodeText(bytes)).toEqual({ ok: true, text: NAME, encoding: 'windows-1258' })
  })

  it('reads any Vietnamese text saved in windows-1258 back exactly (NFC)', () => {
    const letters = [
      ' ',
      ...[...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ'].flatMap((base) =>
        ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'].map((tone) =>
          (base + tone).normalize('NFC'),
        ),
      ),
    ]
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 40 }),
        (chars) => {
          const text = `Tên ${chars.join('')}`.normalize('NFC')
          const decoded = decodeText(toWindows1258(text))
          expect(decoded).toMatchObject({ ok: true, text })
        },
      ),
    )
  })

  it('refuses TCVN3 and broken bytes, naming the encodings it reads, and never yields U+FFFD', () => {
    // "Trường" in TCVN3 (ABC): Tr, ­ (ư), ê (ờ), ng.
    const tcvn3 = Uint8Array.from([0x54, 0x72, 0xad, 0xea, 0x6e, 0x67, 0x20, 0xb8])
    const refused = decodeText(tcvn3)
    expect(refused.ok).toBe(false)
    expect(refused.ok ? '' : refused.message).toContain('windows-1258')
    const broken = decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41, 0xc3, 0x28]))
    expect(broken).toMatchObject({ ok: false })
    expect(broken.ok ? '' : broken.message).toContain('UTF-8')
  })
})
