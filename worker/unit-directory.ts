/**
 * @module The unit tree as the routes see it: read from the store once per change of the units
 * (the store's units version), and built once per date by the shared `treeAt`.
 */
import { treeAt } from '../shared/unit-tree.ts'
import type { Unit, UnitTree } from '../shared/unit-tree.ts'
import type { Store } from './store/store.ts'

export interface UnitDirectory {
  /** The tree as it stood on `date` (YYYY-MM-DD). */
  treeAt(date: string): Promise<UnitTree>
  all(): Promise<Unit[]>
}

export function createUnitDirectory(store: Store): UnitDirectory {
  let version = -1
  let units: Unit[] = []
  const trees = new Map<string, UnitTree>()
  const refresh = async () => {
    const current = await store.unitsVersion()
    if (current !== version) {
      units = await store.listUnits()
      trees.clear()
      version = current
    }
  }
  return {
    async treeAt(date) {
      await refresh()
      let tree = trees.get(date)
      if (!tree) {
        if (trees.size > 64) {
          trees.clear()
        }
        tree = treeAt(units, date)
        trees.set(date, tree)
      }
      return tree
    },
    async all() {
      await refresh()
      return units
    },
  }
}
