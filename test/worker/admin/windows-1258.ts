/**
 * @module Vietnamese text written in windows-1258 as Excel on Windows saves it: precomposed where
 * the code page has the letter (â, ê, ô, ơ, ư, ă, đ and some toned vowels), the tone as a combining
 * byte after it otherwise.
 */
const decoder = new TextDecoder('windows-1258')
const byteOf = new Map<string, number>()
for (let b = 0; b < 256; b++) {
  byteOf.set(decoder.decode(Uint8Array.of(b)), b)
}

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/u

export function toWindows1258(text: string): Uint8Array {
  const bytes: number[] = []
  for (const cluster of text.normalize('NFD').match(/\P{M}\p{M}*/gu) ?? []) {
    const marks = [...cluster.slice(1)]
    const letter = (cluster[0] ?? '') + marks.filter((m) => !TONES.test(m)).join('')
    const tones = marks.filter((m) => TONES.test(m))
    // The toned letter when the code page has it (á, à, ã…), else the letter and its tone byte.
    const whole = (letter + tones.join('')).normalize('NFC')
    const parts = byteOf.has(whole) ? [whole] : [letter.normalize('NFC'), ...tones]
    for (const part of parts) {
      const b = byteOf.get(part)
      if (b === undefined) {
        throw new Error(`windows-1258 has no ${part}`)
      }
      bytes.push(b)
    }
  }
  return Uint8Array.from(bytes)
}
