/**
 * @module The unit tree (cây đơn vị công đoàn) as it stood on a given date, with accent-free search
 * over unit names.
 */

/** The level of a reporting unit: LĐLĐ tỉnh, công đoàn cấp trên trực tiếp cơ sở, CĐCS. */
export type UnitLevel = 'province' | 'upper' | 'grassroots'

/**
 * One record of a unit. A code may have several records with different validity (re-parented,
 * renamed); dates are ISO `YYYY-MM-DD`, both ends inclusive, `null` or absent = open.
 */
export interface Unit {
  code: string
  name: string
  parent: string | null
  level: UnitLevel
  validFrom?: string | null
  validTo?: string | null
  /** The reporting clerk's phone and e-mail, when the unit file gives them (for chasing). */
  phone?: string | null
  email?: string | null
}

/**
 * Why a unit hangs loose on the date: its parent has records but none valid on the date (dissolved,
 * not yet founded), its parent code is unknown, or its parent links run in a circle.
 */
export type OrphanReason = 'parent_not_valid' | 'parent_unknown' | 'cycle'

/** A unit whose parent link could not be followed; it heads its own subtree instead. */
export interface Orphan {
  code: string
  parent: string
  reason: OrphanReason
}

/** Whether a unit record is valid on a date (ISO strings compare in date order). */
export function isValidOn(unit: Unit, date: string): boolean {
  return (
    (unit.validFrom == null || unit.validFrom <= date) &&
    (unit.validTo == null || date <= unit.validTo)
  )
}

/**
 * The forest of units valid on one date. Units are indexed in code order, and the pre-order of
 * the whole forest is kept so that every subtree is one contiguous slice: subtree and
 * isInSubtree cost nothing, and the rollup walks the slice backwards to go bottom-up without
 * recursion.
 */
export class UnitTree {
  /** The date the tree stands on. */
  readonly date: string
  /** Units valid on the date, sorted by code; a unit's index is its rank in code order. */
  readonly units: readonly Unit[]
  /** Index of each unit's parent, -1 for roots and orphans. */
  readonly parentIndex: Int32Array
  /** Unit indices in pre-order: roots and orphans in code order, children in code order. */
  readonly preorder: Int32Array
  /** Where each unit index sits in `preorder`. */
  readonly position: Int32Array
  /** How many units each unit's subtree holds, itself included. */
  readonly subtreeSize: Int32Array
  /** Codes of units without a parent (parent `null`), in code order. */
  readonly roots: readonly string[]
  /** Units whose parent is missing on the date or runs in a circle: reported, never dropped. */
  readonly orphans: readonly Orphan[]
  /** Codes with more than one record valid on the date; the latest `validFrom` was taken. */
  readonly overlaps: readonly string[]
  private readonly byCode: Map<string, number>
  private readonly childStart: Int32Array
  private readonly childList: Int32Array

  /** Use {@link treeAt}. */
  constructor(date: string, units: Unit[], allCodes: ReadonlySet<string>, overlaps: string[]) {
    const n = units.length
    this.date = date
    this.units = units
    this.overlaps = overlaps
    this.byCode = new Map()
    for (let i = 0; i < n; i++) {
      this.byCode.set(units[i]!.code, i)
    }
    const parentIndex = new Int32Array(n).fill(-1)
    const roots: string[] = []
    const orphans: Orphan[] = []
    const childCount = new Int32Array(n + 1)
    for (let i = 0; i < n; i++) {
      const unit = units[i]!
      if (unit.parent === null) {
        roots.push(unit.code)
        continue
      }
      const p = this.byCode.get(unit.parent)
      if (p === undefined) {
        const reason = allCodes.has(unit.parent) ? 'parent_not_valid' : 'parent_unknown'
        orphans.push({ code: unit.code, parent: unit.parent, reason })
        continue
      }
      parentIndex[i] = p
      childCount[p]!++
    }
    const childStart = new Int32Array(n + 1)
    for (let i = 0; i < n; i++) {
      childStart[i + 1] = childStart[i]! + childCount[i]!
    }
    const childList = new Int32Array(childStart[n]!)
    const fill = childStart.slice(0, n)
    for (let i = 0; i < n; i++) {
      const p = parentIndex[i]!
      if (p >= 0) {
        childList[fill[p]!++] = i
      }
    }
    this.parentIndex = parentIndex
    this.childStart = childStart
    this.childList = childList
    this.preorder = new Int32Array(n)
    this.position = new Int32Array(n).fill(-1)
    this.subtreeSize = new Int32Array(n)

    let next = 0
    for (let i = 0; i < n; i++) {
      if (parentIndex[i] === -1) {
        next = this.walk(i, next)
      }
    }
    // Units still unvisited hang on a circle of parent links: cut the circle at its smallest code.
    for (let i = 0; i < n && next < n; i++) {
      if (this.position[i] !== -1) {
        continue
      }
      const seen = new Set<number>()
      let j = i
      while (!seen.has(j)) {
        seen.add(j)
        j = parentIndex[j]!
      }
      let cut = j
      for (let k = parentIndex[j]!; k !== j; k = parentIndex[k]!) {
        if (k < cut) {
          cut = k
        }
      }
      const oldParent = parentIndex[cut]!
      parentIndex[cut] = -1
      this.unlinkChild(oldParent, cut)
      orphans.push({ code: units[cut]!.code, parent: units[cut]!.parent ?? '', reason: 'cycle' })
      next = this.walk(cut, next)
    }
    orphans.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    this.roots = roots
    this.orphans = orphans
  }

  /** Iterative pre-order walk from `top`, filling preorder/position/subtreeSize. */
  private walk(top: number, start: number): number {
    const { preorder, position, subtreeSize, childStart, childList } = this
    const stack = [top]
    let next = start
    while (stack.length > 0) {
      const u = stack.pop()!
      position[u] = next
      preorder[next++] = u
      for (let k = childStart[u + 1]! - 1; k >= childStart[u]!; k--) {
        const c = childList[k]!
        if (c >= 0) {
          stack.push(c)
        }
      }
    }
    for (let p = next - 1; p >= start; p--) {
      const u = preorder[p]!
      subtreeSize[u]! += 1
      const parent = this.parentIndex[u]!
      if (parent >= 0) {
        subtreeSize[parent]! += subtreeSize[u]!
      }
    }
    return next
  }

  /** A cut child link is marked -1 in place; walks skip it. */
  private unlinkChild(parent: number, child: number): void {
    for (let k = this.childStart[parent]!; k < this.childStart[parent + 1]!; k++) {
      if (this.childList[k] === child) {
        this.childList[k] = -1
      }
    }
  }

  /** How many units the tree holds. */
  get size(): number {
    return this.units.length
  }

  /** The index of a unit, -1 when it is not in the tree on this date. */
  indexOf(code: string): number {
    return this.byCode.get(code) ?? -1
  }

  get(code: string): Unit | undefined {
    const i = this.byCode.get(code)
    return i === undefined ? undefined : this.units[i]
  }

  has(code: string): boolean {
    return this.byCode.has(code)
  }

  /** Child unit codes in code order; empty for a leaf or an unknown code. */
  children(code: string): string[] {
    return this.childIndices(this.indexOf(code)).map((c) => this.units[c]!.code)
  }

  /** Child unit indices in code order. */
  childIndices(index: number): number[] {
    const out: number[] = []
    if (index < 0) {
      return out
    }
    for (let k = this.childStart[index]!; k < this.childStart[index + 1]!; k++) {
      const c = this.childList[k]!
      if (c >= 0) {
        out.push(c)
      }
    }
    return out
  }

  /** Ancestor codes, nearest first (parent, grandparent, …); empty for roots and orphans. */
  ancestors(code: string): string[] {
    const out: string[] = []
    let i = this.indexOf(code)
    if (i < 0) {
      return out
    }
    for (i = this.parentIndex[i]!; i >= 0; i = this.parentIndex[i]!) {
      out.push(this.units[i]!.code)
    }
    return out
  }

  /** Whether `code` is `root` or one of its descendants. */
  isInSubtree(root: string, code: string): boolean {
    const r = this.indexOf(root)
    const c = this.indexOf(code)
    if (r < 0 || c < 0) {
      return false
    }
    const start = this.position[r]!
    const at = this.position[c]!
    return at >= start && at < start + this.subtreeSize[r]!
  }

  /** Codes of the subtree of `code` in pre-order, `code` first; empty for an unknown code. */
  subtree(code: string): string[] {
    const r = this.indexOf(code)
    if (r < 0) {
      return []
    }
    const start = this.position[r]!
    const out = new Array<string>(this.subtreeSize[r]!)
    for (let k = 0; k < out.length; k++) {
      out[k] = this.units[this.preorder[start + k]!]!.code
    }
    return out
  }
}

/**
 * The tree as it stood on `date`: units whose record is valid on that date, linked to parents
 * valid on the same date. A unit whose parent is not valid on the date stays in the tree, heading
 * its own subtree, and is listed in `orphans` so a consolidation can say what it left out.
 *
 * @example
 * const tree = treeAt(units, '2026-05-31')
 * tree.children('BK') // ['BK.CDVC', 'BK.KCN', …]
 */
export function treeAt(units: readonly Unit[], date: string): UnitTree {
  const allCodes = new Set<string>()
  const picked = new Map<string, Unit>()
  const overlaps = new Set<string>()
  for (const unit of units) {
    allCodes.add(unit.code)
    if (!isValidOn(unit, date)) {
      continue
    }
    const other = picked.get(unit.code)
    if (other === undefined) {
      picked.set(unit.code, unit)
      continue
    }
    overlaps.add(unit.code)
    if ((unit.validFrom ?? '') >= (other.validFrom ?? '')) {
      picked.set(unit.code, unit)
    }
  }
  const valid = [...picked.values()].sort((a, b) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
  )
  return new UnitTree(date, valid, allCodes, [...overlaps].sort())
}

const combiningMarks = /\p{M}/gu
const spaces = /\s+/g

/**
 * A unit name folded for accent-free search: NFC, lower case, diacritics stripped, đ → d, runs of
 * white space made one space.
 *
 * @example
 * searchKey('LĐLĐ tỉnh Bắc Kạn') // 'ldld tinh bac kan'
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(combiningMarks, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC')
    .replace(spaces, ' ')
    .trim()
}

/**
 * Whether every word of the query appears in the name, ignoring accents and case ("Bac Kan" and
 * "kạn bắc" both find "LĐLĐ tỉnh Bắc Kạn"). An empty query matches every name.
 */
export function matchesSearch(name: string, query: string): boolean {
  const key = searchKey(name)
  const words = searchKey(query).split(' ')
  return words.every((word) => key.includes(word))
}
