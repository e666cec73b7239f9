/**
 * @module How a laid-out sheet prints (in bản in): paper, orientation, fit, the rows and columns
 * repeated on every page, the footer, and how many lines a wrapped text takes in its cell, so that
 * the add-in (Office.js) and the worker (ExcelJS) print the same pages.
 */

/** Page setup, neutral between Office.js and ExcelJS. */
export interface PrintSetup {
  paper: 'A4'
  orientation: 'portrait' | 'landscape'
  /**
   * Pages wide the sheet is shrunk to fit (1: the whole width on one page), with as many pages
   * tall as needed; null prints at `scale` percent, page after page across.
   */
  fitToWidth: 1 | null
  /** Percent, when not fitted. */
  scale: number
  /** The block to print, e.g. `A1:E104`. */
  printArea: string
  /** Rows printed at the top of every page, e.g. `9:9`; null for none. */
  titleRows: string | null
  /** Columns printed at the left of every page, e.g. `A:B`; null for none. */
  titleColumns: string | null
  /** Margins in inches. */
  margins: {
    left: number
    right: number
    top: number
    bottom: number
    header: number
    footer: number
  }
  centerHorizontally: boolean
  /** The page footer in Excel's header/footer codes (`&P` page, `&N` pages). */
  footer: string
}

/** The typeface of Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP). */
export const DOCUMENT_FONT = 'Times New Roman'

export const PAGE_FOOTER = '&CTrang &P/&N'

export const A4_MARGINS: PrintSetup['margins'] = {
  left: 0.6,
  right: 0.4,
  top: 0.6,
  bottom: 0.6,
  header: 0.3,
  footer: 0.3,
}

/** Points one line of text takes in a row, for a font size in points (Excel's own spacing). */
export function lineHeight(fontSize: number): number {
  return Math.ceil(fontSize * 1.3 * 4) / 4
}

/**
 * How many lines `text` wraps into in a column `width` characters wide (Excel's unit, the width
 * of a digit of the default 11-point font) at `fontSize` points: greedy word wrap over an
 * estimate of each character's width that errs wide, so a row is never drawn too short for its
 * label.
 *
 * @example
 * wrappedLines('Kinh phí công đoàn phải thu theo kế hoạch (2% quỹ tiền lương đóng bảo hiểm xã hội)', 50, 12) // 2
 */
export function wrappedLines(text: string, width: number, fontSize: number): number {
  // A digit of the 11-point default font is 7 px; the cell keeps about 5 px of padding; 5 % spare.
  const room = (width * 7 - 5) * (11 / fontSize) * 0.95
  let lines = 0
  for (const paragraph of text.split('\n')) {
    let used = 0
    lines++
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const size = textWidth(word)
      const gap = used === 0 ? 0 : textWidth(' ')
      if (used > 0 && used + gap + size > room) {
        lines++
        used = 0
      }
      used += (used === 0 ? 0 : gap) + size
      while (used > room) {
        lines++
        used -= room
      }
    }
  }
  return lines
}

/** Width in pixels of text at 11 points: upper case and wide letters count more, as they print. */
function textWidth(text: string): number {
  let width = 0
  for (const ch of text.normalize('NFD').replace(/\p{M}/gu, '')) {
    if (/[mwMW%@]/.test(ch)) {
      width += 10.5
    } else if (/[A-Z&]/.test(ch) || ch === 'Đ') {
      width += 8.5
    } else if (/[ilj.,:;'!|()[\]\s-]/.test(ch)) {
      width += 3.5
    } else {
      width += 6.5
    }
  }
  return width
}

/** A column width in Excel's characters as points, the unit Office.js sets widths in. */
export function columnPoints(width: number): number {
  return Math.round((width * 7 + 5) * 0.75 * 4) / 4
}
