/** @module Tests of what the pane keeps for offline use: forms by version, periods and the unit. */
import { describe, expect, it } from 'vitest'
import type { Period, UnitDetail } from '../../shared/api-schemas.ts'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { PaneCache } from '../../addin/pane-cache.ts'

class MemoryStorage {
  items = new Map<string, string>()
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value)
  }
}

const b01 = defaultCatalog().get('B01') as FormDefinition
const b01Next: FormDefinition = { ...b01, version: '2026.10', title: `${b01.title} (mới)` }
const unit: UnitDetail = {
  code: 'G1',
  name: 'CĐCS Trường Tiểu học Bằng Vân',
  level: 'grassroots',
  parent: 'U1',
  parentName: 'Công đoàn ngành Giáo dục',
  validFrom: null,
  validTo: null,
  childCount: 0,
  form: 'B01',
}
const periods: Period[] = [
  { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
]

describe('PaneCache', () => {
  it('gives back every form version saved, after the pane is closed and opened again', () => {
    const storage = new MemoryStorage()
    new PaneCache(storage).saveForm(b01)
    new PaneCache(storage).saveForm(b01Next)
    const reopened = new PaneCache(storage)
    expect(reopened.form('B01', b01.version)).toEqual(b01)
    expect(reopened.form('B01', '2026.10')?.title).toBe(b01Next.title)
    expect(reopened.form('B01')?.version).toBe('2026.10')
    expect(reopened.form('B01', '1999.1')).toBeNull()
    expect(reopened.form('B02')).toBeNull()
  })

  it('keeps the latest version as the latest when an older one is saved after it', () => {
    const cache = new PaneCache(new MemoryStorage())
    cache.saveForm(b01Next)
    cache.saveForm(b01)
    expect(cache.form('B01')?.version).toBe('2026.10')
  })

  it('keeps the unit and the periods with the time they were saved, to show them as stale', () => {
    const storage = new MemoryStorage()
    const cache = new PaneCache(storage, () => new Date('2026-11-20T01:00:00Z'))
    cache.saveUnit(unit)
    cache.savePeriods(periods)
    const reopened = new PaneCache(storage)
    expect(reopened.unit('G1')).toEqual({ value: unit, savedAt: '2026-11-20T01:00:00.000Z' })
    expect(reopened.unit('G2')).toBeNull()
    expect(reopened.periods()?.value.map((period) => period.id)).toEqual(['2026-Y'])
  })

  it('never fails the pane when storage is full or holds garbage', () => {
    const full = {
      getItem: () => '{not json',
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError')
      },
    }
    const cache = new PaneCache(full)
    expect(() => cache.saveForm(b01)).not.toThrow()
    expect(cache.form('B01', b01.version)).toBeNull()
    expect(cache.unit('G1')).toBeNull()
  })
})
