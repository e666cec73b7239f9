/**
 * @module Vietnamese number text (số liệu dạng chữ): parsing what a clerk types ("25.000", "99,86",
 * "1.234.567,5", "21 021") and formatting numbers the same way for display.
 *
 * The rules, decided once for every caller:
 * - "," is the decimal separator, at most once, with at least one digit on each side ("0,5", not
 *   ",5" nor "5,").
 * - "." is always the thousands separator and must be followed by groups of exactly three digits,
 *   the first group having one to three: "25.000" is 25000, "1.234.567" is 1234567. So "1.5" and
 *   "0.25" are not numbers (an error the clerk sees) rather than silently 15 or 1.5: a value typed
 *   as "25.000" means twenty-five thousand, never 25.
 * - A space, a no-break space (U+00A0) or a narrow no-break space (U+202F) may group thousands
 *   instead of ".", with the same three-digit groups; one number uses one kind of separator
 *   ("1.234 567" is not a number).
 * - Surrounding whitespace is ignored; a leading "-" is allowed (whether a row may be negative is
 *   the validation's business, not the parser's). No "+", no exponent, no currency or "%" sign:
 *   units belong to the row, and the validation strips the ones a row's unit allows.
 * - The result is always finite: digits that overflow a double are not a number. Past
 *   `Number.MAX_SAFE_INTEGER` a double no longer holds every whole number, so "99999999999999999999"
 *   reads as 1e20: the parser cannot tell, and the validation flags any such magnitude
 *   (`too_large`) rather than accept a number the clerk did not type.
 * - A clerk used to English formatting writes "25,000" for twenty-five thousand; by the rules
 *   above that is 25 (and "1,234,567" is not a number). `englishGroupedValue` says what such text
 *   would mean the English way, so the validation can ask the clerk instead of guessing.
 */

/** The outcome of parsing a cell's text: a finite number, or "this is not a number". */
export type ParsedNumber = { ok: true; value: number } | { ok: false }

const NOT_A_NUMBER: ParsedNumber = { ok: false }

const PLAIN = /^-?\d+$/
const VIETNAMESE = /^(-?)(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?$/
const GROUP_SEPARATORS = /[. \u00a0\u202f]/g

/**
 * Reads a number written the Vietnamese way; never throws, never yields NaN or Infinity.
 *
 * @example
 * parseVietnameseNumber('1.234.567,5') // { ok: true, value: 1234567.5 }
 * parseVietnameseNumber('1.5') // { ok: false }: "." only groups thousands
 */
export function parseVietnameseNumber(text: string): ParsedNumber {
  const trimmed = text.trim()
  if (PLAIN.test(trimmed)) {
    return finite(Number(trimmed))
  }
  const match = VIETNAMESE.exec(trimmed)
  if (match === null) {
    return NOT_A_NUMBER
  }
  const [, sign = '', whole = '', fraction] = match
  const digits = whole.replace(GROUP_SEPARATORS, '')
  return finite(Number(fraction === undefined ? sign + digits : `${sign}${digits}.${fraction}`))
}

const ENGLISH_GROUPED = /^(-?)([1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$/

/**
 * The value of text written with English thousands groups ("25,000", "1,234,567.5"), or
 * `undefined` when the text is not written that way. Only for explaining a likely mistake: a
 * Vietnamese cell's value is always what `parseVietnameseNumber` reads.
 *
 * @example
 * englishGroupedValue('25,000') // 25000 (parseVietnameseNumber reads 25)
 * englishGroupedValue('25,5') // undefined: a Vietnamese decimal, nothing to explain
 */
export function englishGroupedValue(text: string): number | undefined {
  const match = ENGLISH_GROUPED.exec(text.trim())
  if (match === null) {
    return undefined
  }
  const [, sign = '', whole = '', fraction] = match
  const value = Number(
    `${sign}${whole.replaceAll(',', '')}${fraction === undefined ? '' : `.${fraction}`}`,
  )
  return Number.isFinite(value) ? value : undefined
}

function finite(value: number): ParsedNumber {
  if (!Number.isFinite(value)) {
    return NOT_A_NUMBER
  }
  // "-0" is zero: a minus sign must not survive into stored values or messages.
  return { ok: true, value: value === 0 ? 0 : value }
}

interface Separators {
  group: string
  decimal: string
}

const VIETNAMESE_SEPARATORS: Separators = { group: '.', decimal: ',' }
const ENGLISH_SEPARATORS: Separators = { group: ',', decimal: '.' }

/**
 * Writes a number the Vietnamese way ("21.021", "99,86"); with `decimals`, rounded to exactly that
 * many decimals, otherwise with as many as the number needs. What it writes,
 * `parseVietnameseNumber` reads back to the same number.
 *
 * @example
 * formatVietnameseNumber(1234567.5) // '1.234.567,5'
 * formatVietnameseNumber(56.9274, 1) // '56,9'
 */
export function formatVietnameseNumber(n: number, decimals?: number): string {
  return formatNumber(n, decimals, VIETNAMESE_SEPARATORS)
}

/** Writes a number the English way ("21,021", "99.86"), for the English messages. */
export function formatEnglishNumber(n: number, decimals?: number): string {
  return formatNumber(n, decimals, ENGLISH_SEPARATORS)
}

function formatNumber(n: number, decimals: number | undefined, separators: Separators): string {
  if (!Number.isFinite(n)) {
    return String(n)
  }
  const abs = Math.abs(n)
  // toFixed falls back to exponent notation from 1e21 on, where there are no decimals to round.
  const text =
    decimals === undefined || abs >= 1e21
      ? plainDigits(abs) + (decimals ? `.${'0'.repeat(decimals)}` : '')
      : abs.toFixed(decimals)
  const point = text.indexOf('.')
  const whole = point === -1 ? text : text.slice(0, point)
  const fraction = point === -1 ? undefined : text.slice(point + 1)
  const negative = n < 0 && /[1-9]/.test(text)
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, separators.group)
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : separators.decimal + fraction}`
}

/** The shortest decimal digits of a non-negative finite number, without exponent notation. */
function plainDigits(n: number): string {
  const text = String(n)
  const e = text.indexOf('e')
  if (e === -1) {
    return text
  }
  const mantissa = text.slice(0, e)
  const exponent = text.slice(e + 1)
  const point = mantissa.indexOf('.')
  const digits = mantissa.replace('.', '')
  const position = (point === -1 ? mantissa.length : point) + Number(exponent)
  if (position <= 0) {
    return `0.${'0'.repeat(-position)}${digits}`
  }
  if (position >= digits.length) {
    return digits + '0'.repeat(position - digits.length)
  }
  return `${digits.slice(0, position)}.${digits.slice(position)}`
}
