/**
 * @module The order of form versions, apart from the form schema (shared/form-definition.ts) so
 * that the pane can order versions without loading zod.
 */

/**
 * Orders form versions as people write them, segment by segment, numerically where both segments
 * are digits: "2026.1" < "2026.2" < "2026.10" < "2026.10.1". The one order of versions: the
 * catalog's latest, the pane's newer-version check and the rollup's tie-break all use it.
 *
 * @example
 * ['2026.10', '2026.2'].sort(compareFormVersions) // ['2026.2', '2026.10']
 */
export function compareFormVersions(a: string, b: string): number {
  const left = a.split('.')
  const right = b.split('.')
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i]
    const y = right[i]
    if (x === y) {
      continue
    }
    if (x === undefined) {
      return -1
    }
    if (y === undefined) {
      return 1
    }
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) {
      const diff = BigInt(x) - BigInt(y)
      if (diff !== 0n) {
        return diff < 0n ? -1 : 1
      }
      continue
    }
    return x < y ? -1 : 1
  }
  return 0
}
