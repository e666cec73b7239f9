/** @module Names and ranges of the sheets the pane adds: unique, within Excel's rules. */
import { columnLetter } from '../shared/sheet-layout.ts'

/** A sheet name from parts, cut to Excel's 31 characters and cleaned of `[]:*?/\`. */
export function sheetNameOf(parts: string[], taken: readonly string[] = []): string {
  const base = parts
    .join(' ')
    .replace(/[[\]:*?/\\]/g, '-')
    .slice(0, 31)
  const lower = new Set(taken.map((name) => name.toLowerCase()))
  if (!lower.has(base.toLowerCase())) {
    return base
  }
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`
    const name = base.slice(0, 31 - suffix.length) + suffix
    if (!lower.has(name.toLowerCase())) {
      return name
    }
  }
}

/** The A1 range of a block of `rows` × `columns` starting at A1. */
export function blockRange(rows: number, columns: number): string {
  return `A1:${columnLetter(columns - 1)}${rows}`
}
