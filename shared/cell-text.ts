/**
 * @module Text stays text (chữ giữ nguyên là chữ): the one rule for every text the add-in writes
 * into a cell and every text the exports write into a file a spreadsheet opens. A text that a
 * spreadsheet would run as a formula (formula or CSV injection: `=`, `+`, `-`, `@`, a tab or a
 * carriage return first) gets a leading apostrophe, which Excel and LibreOffice read as "this is
 * text"; in a cell typed through Office.js, so does a text Excel would read as a number
 * ("25.000"). A CSV field also keeps formula starts that follow a separator inert, and is quoted
 * whenever it holds the separator of any common locale, so that a Vietnamese Excel splitting on
 * `;` still sees one field.
 */

/** A formula start, also behind spaces (some spreadsheets trim them when they read a CSV). */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/

/** What reads as a number when typed into Excel: digits, spaces, dots and commas. */
const NUMBER_LIKE = /^[\d\s.,]+$/

/** The separators of common locales' CSV: comma, semicolon, tab, pipe. */
const SEPARATOR = /[,;\t|]/

/**
 * The text, safe in a cell of a file (an .xlsx string cell, a CSV field).
 *
 * @example
 * neutralizeFormula('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/**
 * The text as the add-in writes it into a cell through Office.js `values` or `formulas`, where
 * Excel parses what it is given as if typed: formulas and numbers keep an apostrophe.
 *
 * @example
 * asCellText('25.000') // "'25.000"
 */
export function asCellText(text: string): string {
  return FORMULA_START.test(text) || NUMBER_LIKE.test(text) ? `'${text}` : text
}

/**
 * One CSV field: formula starts neutralised at the start and after any separator, quoted (RFC
 * 4180) when it holds a quote, a line break or any locale's separator.
 *
 * @example
 * csvField('CĐCS Y;=1+2;') // "\"CĐCS Y;'=1+2;\""
 */
export function csvField(text: string): string {
  const safe = neutralizeFormula(text).replace(/([,;\t|])(\s*)(?=[=+\-@])/g, "$1$2'")
  return /["\r\n]/.test(safe) || SEPARATOR.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}
