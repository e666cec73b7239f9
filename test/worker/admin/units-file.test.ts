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
import { toWindows1258 } from './windows-1258.ts'

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

describe('unit lists as clerks write them', () => {
  it('takes levels in Vietnamese, with or without accents, and dates as dd/mm/yyyy', async () => {
    const csv = [
      'code,name,parent,level,validFrom,validTo',
      'BK,LĐLĐ tỉnh Bắc Kạn,,Tỉnh,,',
      'BK.GD,Công đoàn Giáo dục,BK,cấp trên,1/7/2025,',
      'BK.GD.001,CĐCS Trường THPT Chợ Đồn,BK.GD,co so,01/07/2025,31/12/2030',
    ].join('\r\n')
    const lines = await parseUnitsFile(new TextEncoder().encode(csv), 'csv')
    expect(Array.isArray(lines)).toBe(true)
    const checked = checkUnitLines(lines as UnitLine[], [])
    expect(checked.ok && checked.units.map((u) => [u.level, u.validFrom, u.validTo])).toEqual([
      ['province', null, null],
      ['upper', '2025-07-01', null],
      ['grassroots', '2025-07-01', '2030-12-31'],
    ])
  })

  it('refuses a level or date it cannot read, on its line', async () => {
    const csv = 'code,name,parent,level,validFrom\nBK,Tỉnh,,huyện,\nBK.A,A,BK,cơ sở,31/02/2026\n'
    const checked = checkUnitLines(
      (await parseUnitsFile(new TextEncoder().encode(csv), 'csv')) as UnitLine[],
      [],
    )
    expect(checked.ok ? [] : checked.problems.map((p) => [p.line, p.message.slice(0, 12)])).toEqual(
      [
        [2, 'cấp "huyện" '],
        [3, 'ngày validFr'],
      ],
    )
  })

  it('reads the names of a CSV Excel saved in windows-1258 without a garbled letter', async () => {
    const csv =
      'code,name,parent,level\r\nBK,LĐLĐ tỉnh Bắc Kạn,,province\r\nBK.GD.001,CĐCS Trường Tiểu học Bằng Vân,BK,grassroots\r\n'
    const lines = (await parseUnitsFile(toWindows1258(csv), 'csv')) as UnitLine[]
    expect(lines.map((l) => l.fields.name)).toEqual([
      'LĐLĐ tỉnh Bắc Kạn',
      'CĐCS Trường Tiểu học Bằng Vân',
    ])
  })

  it('refuses a CSV in another code page, naming the encodings it reads', async () => {
    const refused = await parseUnitsFile(
      Uint8Array.from([
        ...new TextEncoder().encode('code,name,parent,level\nA,'),
        0x54,
        0x72,
        0xad,
        0xea,
        0x6e,
        0x67,
        0x2c,
        0x2c,
        0x70,
      ]),
      'csv',
    )
    expect(Array.isArray(refused)).toBe(false)
    expect(Array.isArray(refused) ? '' : refused.message).toContain(
      'UTF-8, UTF-16 hay windows-1258',
    )
  })
})
