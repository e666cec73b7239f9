/**
 * @module A small least-recently-used cache of computed results (rollups, status views), keyed by
 * the store's data version among other things, so any write makes older entries unreachable.
 */

export interface ResultCache {
  get<T>(key: string, compute: () => Promise<T>): Promise<T>
}

export function createResultCache(capacity = 64): ResultCache {
  const entries = new Map<string, Promise<unknown>>()
  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const hit = entries.get(key)
      if (hit) {
        entries.delete(key)
        entries.set(key, hit)
        return hit as Promise<T>
      }
      const value = compute()
      entries.set(key, value)
      value.catch(() => entries.delete(key))
      if (entries.size > capacity) {
        const oldest = entries.keys().next().value
        if (oldest !== undefined) {
          entries.delete(oldest)
        }
      }
      return value
    },
  }
}
