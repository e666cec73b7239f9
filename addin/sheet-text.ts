/** @module Small helpers for what the add-in writes into cells: text that must stay text, dates. */

/**
 * Text that Excel would run as a formula or read as a number (a unit name starting with `=`, a
 * typed "25.000") gets a leading apostrophe, which Excel keeps as "this is text".
 */
export function asCellText(text: string): string {
  return /^[=+\-@]/.test(text) || /^[\d\s.,]+$/.test(text) ? `'${text}` : text
}

/** dd/mm/yyyy hh:mm in the pane's time zone, as a Vietnamese clerk reads a time. */
export function formatDateTime(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${two(date.getDate())}/${two(date.getMonth() + 1)}/${date.getFullYear()} ${two(date.getHours())}:${two(date.getMinutes())}`
}

/** dd/mm/yyyy from an ISO date (YYYY-MM-DD). */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-')
  return `${day}/${month}/${year}`
}
