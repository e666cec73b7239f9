/** @module Tests of reading a targets file (targets:import): set by each unit's upper union, bad lines named. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../../shared/form-catalog.ts'
import { targetsFromFile } from '../../../worker/admin/targets-file.ts'
import { createUnitDirectory } from '../../../worker/unit-directory.ts'
import { fixture } from '../helpers.ts'

function csv(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'targets-')), 'chi-tieu.csv')
  writeFileSync(file, content)
  return file
}

const at = new Date('2026-01-05T02:00:00Z')

describe('targetsFromFile', () => {
  it('reads targets by row code or TT, each set by the union directly above the unit', async () => {
    const f = await fixture()
    const services = {
      store: f.store,
      catalog: defaultCatalog(),
      units: createUnitDirectory(f.store),
    }
    const file = csv(
      'unit,period,form,row,value\nU1,2026-Y,B01,members.new,40\nu2,2026-Y,B01,10,"62,5"\nG1,2026-Y,B01,8,120\n',
    )
    expect(await targetsFromFile(file, services, at)).toEqual({
      ok: true,
      targets: [
        {
          unit: 'U1',
          period: '2026-Y',
          form: 'B01',
          row: 'members.new',
          value: 40,
          setBy: 'P',
          setAt: at.toISOString(),
        },
        {
          unit: 'U2',
          period: '2026-Y',
          form: 'B01',
          row: 'members.rate',
          value: 62.5,
          setBy: 'P',
          setAt: at.toISOString(),
        },
        {
          unit: 'G1',
          period: '2026-Y',
          form: 'B01',
          row: 'members.total',
          value: 120,
          setBy: 'U1',
          setAt: at.toISOString(),
        },
      ],
    })
  })

  it('names every bad line and gives no targets', async () => {
    const f = await fixture()
    const services = {
      store: f.store,
      catalog: defaultCatalog(),
      units: createUnitDirectory(f.store),
    }
    const file = csv(
      [
        'unit,period,form,row,value',
        'U1,2026-Y,B01,members.new,40',
        'P,2026-Y,B01,members.new,40',
        'U1,2031-Y,B01,members.new,40',
        'U1,2026-Y,B01,members.ghost,40',
        'U1,2026-Y,B01,members.rate,140',
        'U1,2026-Y,B01,members.new,nhiều',
        'U1,2026-Y,B01,members.new,41',
      ].join('\n'),
    )
    const read = await targetsFromFile(file, services, at)
    expect(read.ok).toBe(false)
    expect(!read.ok && read.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8])
    expect(!read.ok && read.problems[5]?.message).toContain('dòng 2')
  })
})
