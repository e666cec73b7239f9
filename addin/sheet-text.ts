/** @module What the add-in writes into cells as text: text that must stay text. */

/**
 * Text that Excel would run as a formula or read as a number (a unit name starting with `=`, a
 * typed "25.000") gets a leading apostrophe, which Excel keeps as "this is text".
 */
export function asCellText(text: string): string {
  return /^[=+\-@]/.test(text) || /^[\d\s.,]+$/.test(text) ? `'${text}` : text
}
