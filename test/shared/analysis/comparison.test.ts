/** @module Tests of periods side by side: changes, percents, percentage points, exactness. */
import { describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../../shared/form-catalog.ts'
import { compareValues } from '../../../shared/analysis/comparison.ts'

const b01 = defaultCatalog().get('B01')!

describe('compareValues', () => {
  it('gives this period, that period, the change and the change in percent of a count', () => {
    const { rows, period } = compareValues(
      b01,
      { 'members.total': 21_021 },
      { 'members.total': 20_000 },
      '2025-Y',
    )
    expect(period).toBe('2025-Y')
    expect(rows['members.total']).toEqual({
      previous: 20_000,
      change: 1_021,
      changePercent: 5.11,
      measure: 'difference',
    })
  })

  it('compares a ratio as a ratio: the change in percentage points, no percent of a percent', () => {
    const { rows } = compareValues(
      b01,
      { 'members.rate': 60.2 },
      { 'members.rate': 56.93 },
      '2025-Y',
    )
    expect(rows['members.rate']).toEqual({
      previous: 56.93,
      change: 3.27,
      changePercent: null,
      measure: 'points',
    })
  })

  it('says nothing of a change when either period did not report the row', () => {
    const { rows } = compareValues(b01, { 'members.new': 5 }, { 'members.new': null }, '2025-Y')
    expect(rows['members.new']).toMatchObject({ previous: null, change: null, changePercent: null })
    expect(rows['members.total']).toMatchObject({ previous: null, change: null })
  })

  it('has no percent when the other period was 0', () => {
    const { rows } = compareValues(b01, { 'maiam.houses': 3 }, { 'maiam.houses': 0 }, '2025-Y')
    expect(rows['maiam.houses']).toMatchObject({ change: 3, changePercent: null })
  })

  it('subtracts amounts past 2^53 exactly', () => {
    const { rows } = compareValues(
      b01,
      { 'welfare.amount': '90071992547409930' },
      { 'welfare.amount': '90071992547409910' },
      '2025-Y',
    )
    expect(rows['welfare.amount']?.change).toBe(20)
  })

  it('leaves out headings and text rows', () => {
    const { rows } = compareValues(b01, {}, {}, '2025-Y')
    expect(rows['labour']).toBeUndefined()
    expect(rows['notes.other']).toBeUndefined()
  })
})
