/** The order of form versions and which units fill a form: one rule each, for every caller. */
import { describe, expect, it } from 'vitest'
import { fillsForm } from '../../shared/form-definition.ts'
import { compareFormVersions } from '../../shared/form-versions.ts'
import type { UnitLevel } from '../../shared/unit-tree.ts'

describe('compareFormVersions', () => {
  it('orders versions as written: 2026.2 before 2026.10, 2025.9 before 2026.1', () => {
    expect(['2026.10', '2025.9', '2026.2', '2026.1'].sort(compareFormVersions)).toEqual([
      '2025.9',
      '2026.1',
      '2026.2',
      '2026.10',
    ])
  })

  it('puts a version before its own sub-versions and knows equal ones', () => {
    expect(compareFormVersions('2026.1', '2026.1.1')).toBeLessThan(0)
    expect(compareFormVersions('2026.1', '2026.1')).toBe(0)
  })
})

describe('fillsForm', () => {
  const levels: UnitLevel[] = ['grassroots', 'upper', 'province']

  it('has grassroots unions fill the grassroots form, upper unions and the province the upper one', () => {
    expect(levels.filter((level) => fillsForm('grassroots', level))).toEqual(['grassroots'])
    expect(levels.filter((level) => fillsForm('upper', level))).toEqual(['upper', 'province'])
  })
})
