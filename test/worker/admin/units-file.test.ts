/**
 * @module Tests of checking unit lists (worker/admin/units-file.ts): codes stored upper case, names
 * that would break a workbook refused with their line number.
 */
import { describe, expect, it } from 'vitest'
import {
  checkUnitLines,
  MAX_NAME_LENGTH,
  parseUnitsFile,
} from '../../../worker/admin/units-file.ts'
import type { UnitLine } from '../../../worker/admin/units-file.ts'

function line(line: number, code: string, name: string, parent: string, level: string): UnitLine {
  return { line, fields: { code, name, parent, level, validFrom: '', validTo: '' } }
}

describe('checkUnitLines', () => {
  it('stores codes and parents upper case, whatever case the file uses', () => {
    const checked = checkUnitLines(
      [
        line(2, 'bk', 'LĐLĐ tỉnh Bắc Kạn', '', 'province'),
        line(3, 'Bk.Gd', 'Công đoàn ngành Giáo dục', 'bk', 'upper'),
      ],
      [],
    )
    expect(checked.ok && checked.units.map((u) => [u.code, u.parent])).toEqual([
      ['BK', null],
      ['BK.GD', 'BK'],
    ])
  })

  it('finds a duplicate that differs only in case', () => {
    const checked = checkUnitLines(
      [line(2, 'BK', 'Tỉnh', '', 'province'), line(3, 'bk', 'Tỉnh nữa', '', 'province')],
      [],
    )
    expect(checked.ok ? [] : checked.problems.map((p) => p.line)).toEqual([3])
  })

  it('refuses names with control characters or over the length limit, with their lines', async () => {
    const csv = [
      'code,name,parent,level',
      'BK,LĐLĐ tỉnh Bắc Kạn,,province',
      'BK.A,CĐCS \u0001Trường A,BK,upper',
      'BK.B,"CĐCS Trường B\nhai dòng",BK,upper',
      `BK.C,${'Đ'.repeat(MAX_NAME_LENGTH + 1)},BK,upper`,
      `BK.D,${'Đ'.repeat(MAX_NAME_LENGTH)},BK,upper`,
      'BK.E,CĐCS Trường E\u0085,BK,upper',
    ].join('\n')
    const lines = await parseUnitsFile(new TextEncoder().encode(csv), 'csv')
    expect(Array.isArray(lines)).toBe(true)
    const checked = checkUnitLines(lines as UnitLine[], [])
    expect(checked.ok).toBe(false)
    const problems = checked.ok ? [] : checked.problems
    // A quoted name over two lines is reported on the line where its record ends.
    expect(problems.map((p) => p.line)).toEqual([3, 5, 6, 8])
    expect(problems[0]?.message).toMatch(/ký tự điều khiển U\+0001 ở vị trí 6/)
    expect(problems[2]?.message).toMatch(/tối đa 200/)
  })
})
