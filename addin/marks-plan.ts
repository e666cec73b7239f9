/**
 * @module What "Kiểm tra" marks on a sheet, as plain data: one mark per cell (the worst severity,
 * the messages joined), which of the cells marked last time to clear, and the hidden tracking
 * column that remembers, row by row, which cells we marked (so we never touch anyone else's).
 */
import type { Finding, Severity } from '../shared/finding.ts'
import { findingMessage, type Locale, type MessageForm } from '../shared/messages.ts'
import { columnIndex, columnLetter, parseAddress } from '../shared/sheet-layout.ts'

/** Header of the hidden column that records which cells of each row we marked. */
export const MARKS_HEADER = 'Dấu kiểm tra'

/** Opens every note we write, so a note of the user's own is never taken for ours. */
export const NOTE_PREFIX = 'Báo cáo Công đoàn:\n'

/** Excel's light red and amber fills. */
export const FILL: Record<Severity, string> = { error: '#FFC7CE', warning: '#FFEB9C' }

export interface CellMark {
  address: string
  severity: Severity
  message: string
}

/**
 * One mark per cell for the findings that can be placed: errors win over warnings on a cell, and
 * every message on it is kept, errors first, in the pane's language.
 */
export function marksForFindings(
  findings: readonly Finding[],
  cellOf: (finding: Finding) => string | undefined,
  form: MessageForm,
  locale: Locale,
): CellMark[] {
  const byCell = new Map<string, { severity: Severity; errors: string[]; warnings: string[] }>()
  for (const finding of findings) {
    const address = cellOf(finding)
    if (address === undefined) {
      continue
    }
    const mark = byCell.get(address) ?? { severity: finding.severity, errors: [], warnings: [] }
    if (finding.severity === 'error') {
      mark.severity = 'error'
    }
    ;(finding.severity === 'error' ? mark.errors : mark.warnings).push(
      findingMessage(finding, form, locale),
    )
    byCell.set(address, mark)
  }
  return [...byCell].map(([address, mark]) => ({
    address,
    severity: mark.severity,
    message: [...mark.errors, ...mark.warnings].join('\n'),
  }))
}

/** The cells a grid's tracking column says we marked (grid row 0 = sheet row 1). */
export function trackedCells(grid: readonly (readonly unknown[])[], headerRow: number): string[] {
  const header = grid[headerRow] ?? []
  const column = header.findIndex((cell) => cell === MARKS_HEADER)
  if (column < 0) {
    return []
  }
  const cells: string[] = []
  for (let r = headerRow + 1; r < grid.length; r++) {
    const text = grid[r]?.[column]
    if (typeof text !== 'string') {
      continue
    }
    for (const letters of text.split(/\s+/)) {
      if (/^[A-Z]{1,3}$/.test(letters)) {
        cells.push(`${letters}${r + 1}`)
      }
    }
  }
  return cells
}

export interface MarksPlan {
  /** Cells marked last time and clean now: fill cleared, our note removed. */
  clear: string[]
  marks: CellMark[]
  /** The tracking column, written whole: its range and one value per row. */
  tracking: { range: string; values: string[][] }
}

/**
 * Plans a check's writes: clear what we marked before and is clean now, mark what is wrong now, and
 * rewrite the tracking column over rows `firstRow`..`lastRow` (1-based sheet rows).
 */
export function planMarks(
  previous: readonly string[],
  marks: readonly CellMark[],
  trackingColumn: number,
  firstRow: number,
  lastRow: number,
): MarksPlan {
  const marked = new Set(marks.map((mark) => mark.address))
  const byRow = new Map<number, string[]>()
  for (const mark of marks) {
    const at = parseAddress(mark.address)
    if (at) {
      const letters = byRow.get(at.row + 1) ?? []
      letters.push(columnLetter(at.column))
      byRow.set(at.row + 1, letters)
    }
  }
  const letter = columnLetter(trackingColumn)
  const values: string[][] = []
  for (let row = firstRow; row <= lastRow; row++) {
    const letters = byRow.get(row) ?? []
    values.push([letters.sort((a, b) => columnIndex(a) - columnIndex(b)).join(' ')])
  }
  return {
    clear: [...new Set(previous)].filter((address) => !marked.has(address)),
    marks: [...marks],
    tracking: { range: `${letter}${firstRow}:${letter}${lastRow}`, values },
  }
}
