/** @module Tests of the pane's import of e-mailed templates: one file at a time, one line each. */
import { describe, expect, it } from 'vitest'
import { importCounts, importFiles } from '../../addin/report-import.ts'
import type { ImportLineResponse } from '../../shared/api-schemas.ts'

const file = (name: string) => Object.assign(new Blob(['x']), { name })

describe('importFiles', () => {
  it('sends the files one after another, in the order chosen, and lines up their answers', async () => {
    let inFlight = 0
    const seen: string[] = []
    const lines = await importFiles(
      [file('G1.xlsx'), file('G2.xlsx'), file('G3.xlsx')],
      async (f) => {
        inFlight++
        expect(inFlight).toBe(1)
        await new Promise((resolve) => setTimeout(resolve, 5))
        inFlight--
        if (f.name === 'G3.xlsx') {
          return { ok: false, error: { code: 'OFFLINE', message: 'Không có kết nối' } }
        }
        const outcome: ImportLineResponse['outcome'] = f.name === 'G1.xlsx' ? 'stored' : 'duplicate'
        return { ok: true, data: { file: f.name, outcome, message: outcome } }
      },
      (line) => seen.push(line.file),
    )
    expect(seen).toEqual(['G1.xlsx', 'G2.xlsx', 'G3.xlsx'])
    expect(lines[2]).toMatchObject({ outcome: 'unreadable', message: 'Không có kết nối (OFFLINE)' })
    expect(importCounts(lines)).toEqual({ stored: 1, duplicate: 1, refused: 1 })
  })
})

describe('a file too large', () => {
  it('is named too large at once, without being sent, and so is one the worker refused', async () => {
    const sent: string[] = []
    const big = Object.assign(new Blob([new Uint8Array(6 * 1024 * 1024)]), { name: 'G1 - to.xlsx' })
    const small = Object.assign(new Blob([new Uint8Array(10)]), { name: 'G2.xlsx' })
    const lines = await importFiles(
      [big, small],
      async (file) => {
        sent.push(file.name)
        return { ok: false, error: { code: 'WORKBOOK_TOO_LARGE', message: 'Tệp Excel quá lớn' } }
      },
      () => {},
    )
    expect(sent).toEqual(['G2.xlsx'])
    expect(lines.map((line) => line.message)).toEqual([
      expect.stringContaining('tệp quá lớn (tối đa 5 MB)'),
      expect.stringContaining('tệp quá lớn (tối đa 5 MB)'),
    ])
  })
})
