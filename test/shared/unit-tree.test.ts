/** @module Tests of the unit tree: validity dates, re-parenting, orphans, deep trees, accent-free search. */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { matchesSearch, searchKey, treeAt } from '../../shared/unit-tree.ts'
import type { Unit } from '../../shared/unit-tree.ts'

const province: Unit = { code: 'BK', name: 'LĐLĐ tỉnh Bắc Kạn', parent: null, level: 'province' }

/** A district union dissolved on 30/6/2025, replaced by a commune union; one CĐCS moves across. */
const restructured: Unit[] = [
  province,
  {
    code: 'BK.H1',
    name: 'LĐLĐ huyện Ba Bể',
    parent: 'BK',
    level: 'upper',
    validTo: '2025-06-30',
  },
  {
    code: 'BK.X1',
    name: 'Công đoàn xã Chợ Rã',
    parent: 'BK',
    level: 'upper',
    validFrom: '2025-07-01',
  },
  {
    code: 'BK.G1',
    name: 'CĐCS Trường THPT Ba Bể',
    parent: 'BK.H1',
    level: 'grassroots',
    validTo: '2025-06-30',
  },
  {
    code: 'BK.G1',
    name: 'CĐCS Trường THPT Ba Bể',
    parent: 'BK.X1',
    level: 'grassroots',
    validFrom: '2025-07-01',
  },
  {
    code: 'BK.G2',
    name: 'CĐCS Bệnh viện huyện',
    parent: 'BK.H1',
    level: 'grassroots',
    validFrom: '2020-01-01',
    validTo: '2024-12-31',
  },
  { code: 'BK.G3', name: 'CĐCS Công ty Đồng Tâm', parent: 'BK', level: 'grassroots' },
]

describe('treeAt: the tree as it stood on a date', () => {
  it('keeps the units valid on the date, both ends inclusive', () => {
    expect(treeAt(restructured, '2025-06-30').has('BK.H1')).toBe(true)
    expect(treeAt(restructured, '2025-07-01').has('BK.H1')).toBe(false)
    expect(treeAt(restructured, '2025-07-01').has('BK.X1')).toBe(true)
    expect(treeAt(restructured, '2024-12-31').has('BK.G2')).toBe(true)
    expect(treeAt(restructured, '2025-01-01').has('BK.G2')).toBe(false)
    expect(treeAt(restructured, '2019-12-31').has('BK.G2')).toBe(false)
  })

  it('follows a unit re-parented across dates', () => {
    const before = treeAt(restructured, '2025-05-31')
    const after = treeAt(restructured, '2025-11-30')
    expect(before.ancestors('BK.G1')).toEqual(['BK.H1', 'BK'])
    expect(after.ancestors('BK.G1')).toEqual(['BK.X1', 'BK'])
    expect(before.children('BK.H1')).toEqual(['BK.G1'])
    expect(after.children('BK.X1')).toEqual(['BK.G1'])
    expect(after.isInSubtree('BK.X1', 'BK.G1')).toBe(true)
    expect(before.isInSubtree('BK.X1', 'BK.G1')).toBe(false)
  })

  it('offers children in code order, pre-order subtrees and the size', () => {
    const tree = treeAt(restructured, '2024-06-01')
    expect(tree.size).toBe(5)
    expect(tree.roots).toEqual(['BK'])
    expect(tree.children('BK')).toEqual(['BK.G3', 'BK.H1'])
    expect(tree.subtree('BK')).toEqual(['BK', 'BK.G3', 'BK.H1', 'BK.G1', 'BK.G2'])
    expect(tree.subtree('BK.H1')).toEqual(['BK.H1', 'BK.G1', 'BK.G2'])
    expect(tree.get('BK.G3')?.name).toBe('CĐCS Công ty Đồng Tâm')
    expect(tree.get('BK.X1')).toBeUndefined()
    expect(tree.children('nowhere')).toEqual([])
    expect(tree.subtree('nowhere')).toEqual([])
    expect(tree.isInSubtree('BK', 'nowhere')).toBe(false)
  })

  it('reports a unit whose parent is not valid on the date as an orphan heading its own subtree', () => {
    const units: Unit[] = [
      ...restructured,
      { code: 'BK.G4', name: 'CĐCS mồ côi', parent: 'BK.H1', level: 'grassroots' },
      { code: 'BK.G5', name: 'CĐCS thành viên', parent: 'BK.G4', level: 'grassroots' },
      { code: 'BK.G6', name: 'CĐCS lạc', parent: 'XX', level: 'grassroots' },
    ]
    const tree = treeAt(units, '2025-11-30')
    expect(tree.orphans).toEqual([
      { code: 'BK.G4', parent: 'BK.H1', reason: 'parent_not_valid' },
      { code: 'BK.G6', parent: 'XX', reason: 'parent_unknown' },
    ])
    expect(tree.has('BK.G4')).toBe(true)
    expect(tree.subtree('BK.G4')).toEqual(['BK.G4', 'BK.G5'])
    expect(tree.isInSubtree('BK', 'BK.G4')).toBe(false)
    expect(tree.ancestors('BK.G5')).toEqual(['BK.G4'])
  })

  it('cuts a circle of parent links at its smallest code and reports it', () => {
    const units: Unit[] = [
      province,
      { code: 'C', name: 'C', parent: 'B', level: 'upper' },
      { code: 'B', name: 'B', parent: 'C', level: 'upper' },
      { code: 'A', name: 'A', parent: 'C', level: 'grassroots' },
    ]
    const tree = treeAt(units, '2026-01-01')
    expect(tree.orphans).toEqual([{ code: 'B', parent: 'C', reason: 'cycle' }])
    expect(tree.subtree('B')).toEqual(['B', 'C', 'A'])
    expect(tree.size).toBe(4)
  })

  it('takes the record with the latest validFrom when two overlap, and says so', () => {
    const units: Unit[] = [
      province,
      { code: 'G', name: 'Cũ', parent: 'BK', level: 'grassroots', validFrom: '2020-01-01' },
      { code: 'G', name: 'Mới', parent: 'BK', level: 'grassroots', validFrom: '2025-01-01' },
    ]
    const tree = treeAt(units, '2026-01-01')
    expect(tree.get('G')?.name).toBe('Mới')
    expect(tree.overlaps).toEqual(['G'])
  })

  it('handles a 100,000-deep chain without recursion', () => {
    const depth = 100_000
    const units: Unit[] = Array.from({ length: depth }, (_, i) => ({
      code: `U${String(i).padStart(6, '0')}`,
      name: `Đơn vị ${i}`,
      parent: i === 0 ? null : `U${String(i - 1).padStart(6, '0')}`,
      level: i === 0 ? 'province' : i === depth - 1 ? 'grassroots' : 'upper',
    }))
    const tree = treeAt(units, '2026-01-01')
    const deepest = units[depth - 1]!.code
    expect(tree.ancestors(deepest)).toHaveLength(depth - 1)
    expect(tree.subtree('U000000')).toHaveLength(depth)
    expect(tree.isInSubtree('U000000', deepest)).toBe(true)
    expect(tree.isInSubtree(deepest, 'U000000')).toBe(false)
  })

  it('agrees with a naive parent walk on random forests', () => {
    const forest = fc.array(fc.nat(), { minLength: 1, maxLength: 40 }).map((links) =>
      links.map((link, i): Unit => ({
        code: `U${String(i).padStart(3, '0')}`,
        name: `U${i}`,
        parent: i === 0 || link % 5 === 0 ? null : `U${String(link % i).padStart(3, '0')}`,
        level: 'upper',
      })),
    )
    fc.assert(
      fc.property(forest, (units) => {
        const tree = treeAt(units, '2026-01-01')
        const parentOf = new Map(units.map((u) => [u.code, u.parent]))
        for (const unit of units) {
          const naive: string[] = []
          for (let p = unit.parent; p !== null; p = parentOf.get(p) ?? null) {
            naive.push(p)
          }
          expect(tree.ancestors(unit.code)).toEqual(naive)
          const inside = units.filter(
            (u) => u.code === unit.code || tree.ancestors(u.code).includes(unit.code),
          )
          expect([...tree.subtree(unit.code)].sort()).toEqual(inside.map((u) => u.code).sort())
          expect(tree.subtree(unit.code)[0]).toBe(unit.code)
        }
      }),
    )
  })
})

describe('accent-free search', () => {
  it('folds accents, case, đ and spacing', () => {
    expect(searchKey('LĐLĐ tỉnh  Bắc Kạn')).toBe('ldld tinh bac kan')
    expect(searchKey('Đồng Nai')).toBe('dong nai')
    // The same name typed in decomposed form (NFD) folds to the same key.
    expect(searchKey('Bắc Kạn'.normalize('NFD'))).toBe('bac kan')
  })

  it('finds names typed without accents', () => {
    expect(matchesSearch('LĐLĐ tỉnh Bắc Kạn', 'Bac Kan')).toBe(true)
    expect(matchesSearch('LĐLĐ tỉnh Bắc Kạn', 'kạn bắc')).toBe(true)
    expect(matchesSearch('CĐCS Công ty Đồng Tâm', 'dong')).toBe(true)
    expect(matchesSearch('CĐCS Công ty Đồng Tâm', 'cdcs dong tam')).toBe(true)
    expect(matchesSearch('LĐLĐ TP Hà Nội', 'Ha Nam')).toBe(false)
    expect(matchesSearch('LĐLĐ TP Hà Nội', '')).toBe(true)
  })
})
