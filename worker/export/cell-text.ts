/**
 * @module Text that a spreadsheet would run as a formula (CSV/formula injection): a cell starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with an apostrophe, which Excel
 * and LibreOffice show as plain text.
 */

const FORMULA_START = /^[=+\-@\t\r]/

/** The text, safe to put in a cell that a spreadsheet will read. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}
