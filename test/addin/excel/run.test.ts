/** @module Tests of the Excel.run wrapper: a batch refused in cell-edit mode is retried, other errors are not. */
import { describe, expect, it, vi } from 'vitest'
import { CELL_EDIT_MODE, listenForCellEditMode, runExcel } from '../../../addin/excel/run.ts'

function hostFailing(times: number, code: string) {
  let calls = 0
  ;(globalThis as Record<string, unknown>).Excel = {
    run: async (batch: (context: unknown) => Promise<unknown>) => {
      calls++
      if (calls <= times) {
        throw Object.assign(new Error('refused'), { code })
      }
      return batch({})
    },
  }
  return () => calls
}

describe('runExcel', () => {
  it('retries while Excel is in cell-edit mode and tells the pane', async () => {
    const calls = hostFailing(2, CELL_EDIT_MODE)
    const onCellEditMode = vi.fn()
    await expect(runExcel(async () => 'done', { delayMs: 1, onCellEditMode })).resolves.toBe('done')
    expect(calls()).toBe(3)
    expect(onCellEditMode).toHaveBeenCalledTimes(2)
  })

  it('tells the pane’s listener when the call names none', async () => {
    hostFailing(1, CELL_EDIT_MODE)
    const heard = vi.fn()
    listenForCellEditMode(heard)
    await runExcel(async () => 'done', { delayMs: 1 })
    expect(heard).toHaveBeenCalledWith(1)
  })

  it('gives up after the retries', async () => {
    hostFailing(10, CELL_EDIT_MODE)
    await expect(runExcel(async () => 'done', { delayMs: 1, retries: 2 })).rejects.toThrow(
      'refused',
    )
  })

  it('does not retry other errors', async () => {
    const calls = hostFailing(1, 'ItemNotFound')
    await expect(runExcel(async () => 'done', { delayMs: 1 })).rejects.toThrow('refused')
    expect(calls()).toBe(1)
  })
})
