/**
 * @module Writes a check's marks on a sheet and clears the old ones, in one batch (two when cell
 * notes are available, since existing notes must be looked at first): fill colours, notes
 * (ExcelApi 1.18) with the message, and the hidden tracking column.
 */
import type { MarksPlan } from '../marks-plan.ts'
import { FILL, NOTE_PREFIX } from '../marks-plan.ts'

export interface ApplyMarksOptions {
  /** Cell notes are supported (ExcelApi 1.18). */
  notes: boolean
  /** The sheet is protected: unprotect around the writes and protect again. */
  protectedSheet: boolean
  protection?: Excel.WorksheetProtectionOptions
}

/** The protection of our sheets: no password; rows and columns may still be resized. */
export const SHEET_PROTECTION: Excel.WorksheetProtectionOptions = {
  allowFormatColumns: true,
  allowFormatRows: true,
}

/**
 * Applies a marks plan to `sheet`. Only the plan's cells are touched; a note the user wrote
 * (not starting with our prefix) is left as it is.
 */
export async function applyMarks(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  plan: MarksPlan,
  options: ApplyMarksOptions,
): Promise<void> {
  const existing = new Map<string, Excel.Note>()
  if (options.notes) {
    for (const address of [...plan.clear, ...plan.marks.map((mark) => mark.address)]) {
      if (!existing.has(address)) {
        existing.set(address, sheet.notes.getItemOrNullObject(address).load('content'))
      }
    }
    if (existing.size > 0) {
      await context.sync()
    }
  }
  const ours = (address: string): Excel.Note | undefined => {
    if (!options.notes) {
      return undefined
    }
    const note = existing.get(address)
    return note && !note.isNullObject && note.content.startsWith(NOTE_PREFIX) ? note : undefined
  }
  const free = (address: string): boolean => {
    const note = existing.get(address)
    return note === undefined || note.isNullObject || ours(address) !== undefined
  }

  if (options.protectedSheet) {
    sheet.protection.unprotect()
  }
  for (const address of plan.clear) {
    sheet.getRange(address).format.fill.clear()
    if (options.notes) {
      ours(address)?.delete()
    }
  }
  for (const mark of plan.marks) {
    const range = sheet.getRange(mark.address)
    range.format.fill.color = FILL[mark.severity]
    if (options.notes && free(mark.address)) {
      ours(mark.address)?.delete()
      sheet.notes.add(range, NOTE_PREFIX + mark.message)
    }
  }
  sheet.getRange(plan.tracking.range).values = plan.tracking.values
  if (options.protectedSheet) {
    sheet.protection.protect(options.protection ?? SHEET_PROTECTION)
  }
  await context.sync()
}
