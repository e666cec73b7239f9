/**
 * @module The one Excel.run wrapper of the add-in: every batch goes through it, and a batch that
 * Excel refuses while the user is editing a cell (cell-edit mode) is retried after a pause.
 */

/** Office.js error code when a cell is being edited (Excel.ErrorCodes.invalidOperationInCellEditMode). */
export const CELL_EDIT_MODE = 'InvalidOperationInCellEditMode'

export interface RunOptions {
  /** How many times to retry while Excel is in cell-edit mode. */
  retries?: number
  /** Pause before the first retry; doubles each time. */
  delayMs?: number
  /** Called before each retry, so the pane can ask the user to press Enter. */
  onCellEditMode?: (attempt: number) => void
}

let cellEditModeListener: ((attempt: number) => void) | undefined

/** Who hears about cell-edit mode when a call gives no `onCellEditMode`: the pane's message bar. */
export function listenForCellEditMode(listener: (attempt: number) => void): void {
  cellEditModeListener = listener
}

function isCellEditMode(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'code' in error && error.code === CELL_EDIT_MODE
  )
}

/**
 * Runs one batch against the workbook, retrying when Excel is in cell-edit mode.
 *
 * @example
 * const names = await runExcel(async (context) => {
 *   const sheets = context.workbook.worksheets.load('items/name')
 *   await context.sync()
 *   return sheets.items.map((sheet) => sheet.name)
 * })
 */
export async function runExcel<T>(
  batch: (context: Excel.RequestContext) => Promise<T>,
  { retries = 6, delayMs = 500, onCellEditMode }: RunOptions = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await Excel.run(batch)
    } catch (error) {
      if (!isCellEditMode(error) || attempt >= retries) {
        throw error
      }
      ;(onCellEditMode ?? cellEditModeListener)?.(attempt + 1)
      await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** attempt))
    }
  }
}
