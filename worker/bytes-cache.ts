/**
 * @module Generated files kept by what they depend on (a template: form, version and the unit and
 * period it names), the least recently used dropped past a count. Requests for one key made at
 * once share one generation.
 */

export interface BytesCache {
  get(key: string, make: () => Promise<Uint8Array>): Promise<Uint8Array>
}

export function createBytesCache(entries = 500): BytesCache {
  const kept = new Map<string, Promise<Uint8Array>>()
  return {
    get(key, make) {
      const found = kept.get(key)
      if (found) {
        kept.delete(key)
        kept.set(key, found)
        return found
      }
      const made = make()
      kept.set(key, made)
      // A failed generation is not kept: the next request tries again.
      made.catch(() => kept.delete(key))
      if (kept.size > entries) {
        const oldest = kept.keys().next().value
        if (oldest !== undefined) {
          kept.delete(oldest)
        }
      }
      return made
    },
  }
}
