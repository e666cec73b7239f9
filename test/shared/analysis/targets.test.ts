/** @module Tests of targets: achievement, ratio targets met on the recomputed ratio, problems. */
import { describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../../shared/form-catalog.ts'
import {
  achievement,
  targetAchievements,
  targetProblems,
} from '../../../shared/analysis/targets.ts'
import type { Target } from '../../../shared/analysis/targets.ts'
import { rollupForUnit } from '../../../shared/rollup.ts'
import { treeAt } from '../../../shared/unit-tree.ts'

const b01 = defaultCatalog().get('B01')!

function target(unit: string, row: string, value: number): Target {
  return {
    unit,
    row,
    value,
    period: '2026-Y',
    form: 'B01',
    setBy: 'P',
    setAt: '2026-01-05T00:00:00.000Z',
  }
}

describe('achievement', () => {
  it('is achieved over target in percent, met when reached', () => {
    expect(achievement(target('U1', 'members.new', 40), { 'members.new': 30 })).toEqual({
      unit: 'U1',
      row: 'members.new',
      target: 40,
      achieved: 30,
      percent: 75,
      met: false,
    })
    expect(achievement(target('U1', 'members.new', 40), { 'members.new': 41 }).met).toBe(true)
  })

  it('counts a unit that reported nothing as behind, with no percent', () => {
    expect(achievement(target('U1', 'members.new', 40), { 'members.new': null })).toMatchObject({
      achieved: null,
      percent: null,
      met: false,
    })
  })

  it('meets a ratio target on the ratio recomputed from the sums, not the mean of the children', () => {
    // Two CĐCS under U1: 90/100 = 90 % and 10/100 = 10 %... and a big one of 100/1000.
    const units = [
      { code: 'P', name: 'Tỉnh', parent: null, level: 'province' as const },
      { code: 'U1', name: 'Ngành', parent: 'P', level: 'upper' as const },
      { code: 'G1', name: 'A', parent: 'U1', level: 'grassroots' as const },
      { code: 'G2', name: 'B', parent: 'U1', level: 'grassroots' as const },
    ]
    const period = { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true }
    const at = '2026-12-01T00:00:00.000Z'
    const sub = (unit: string, members: number, workers: number) => ({
      unit,
      formVersion: b01.version,
      status: 'submitted' as const,
      firstSubmittedAt: at,
      submittedAt: at,
      values: { 'members.total': members, 'workers.total': workers },
    })
    const rollup = rollupForUnit({
      tree: treeAt(units, period.cutoff),
      form: b01,
      period,
      view: 'latest',
      unit: 'P',
      submissions: [sub('G1', 90, 100), sub('G2', 100, 1000)],
    })!
    const u1 = rollup.children.find((c) => c.unit === 'U1')!
    // Mean of the children's rates would be 50 %; the recomputed rate is 190 / 1100 = 17.27 %.
    expect(u1.values['members.rate']).toBe(17.27)
    const result = achievement(target('U1', 'members.rate', 40), u1.values)
    expect(result).toMatchObject({ achieved: 17.27, percent: 43.18, met: false })
  })
})

describe('targetAchievements', () => {
  it('lists achievements in form order and the units behind each row', () => {
    const values: Record<string, Record<string, number>> = {
      U1: { 'members.new': 50, 'members.rate': 80 },
      U2: { 'members.new': 10, 'members.rate': 95 },
    }
    const { achievements, rows } = targetAchievements(
      b01,
      [
        target('U2', 'members.rate', 90),
        target('U1', 'members.rate', 90),
        target('U2', 'members.new', 20),
        target('U1', 'members.new', 20),
        target('GONE', 'members.new', 20),
      ],
      (unit) => values[unit],
    )
    expect(achievements.map((a) => `${a.row} ${a.unit} ${a.met}`)).toEqual([
      'members.new U1 true',
      'members.new U2 false',
      'members.rate U1 false',
      'members.rate U2 true',
    ])
    expect(rows).toEqual([
      { row: 'members.new', units: 2, met: 1, behind: ['U2'] },
      { row: 'members.rate', units: 2, met: 1, behind: ['U1'] },
    ])
  })
})

describe('targetProblems', () => {
  it('refuses unknown rows, text rows, rates past 100, fractions and negatives', () => {
    expect(
      targetProblems(b01, [
        { row: 'members.new', value: 40 },
        { row: 'members.ghost', value: 1 },
        { row: 'notes.other', value: 1 },
        { row: 'members.rate', value: 120 },
        { row: 'members.new', value: 2.5 },
        { row: 'maiam.houses', value: -1 },
        { row: 'members.rate', value: 62.5 },
      ]),
    ).toEqual([
      { index: 1, problem: 'unknownRow', row: 'members.ghost' },
      { index: 2, problem: 'notNumericRow', row: 'notes.other' },
      { index: 3, problem: 'badValue', row: 'members.rate' },
      { index: 4, problem: 'badValue', row: 'members.new' },
      { index: 5, problem: 'badValue', row: 'maiam.houses' },
    ])
  })
})
