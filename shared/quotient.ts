/**
 * @module Exact rounding of quotients: percentages and weighted means computed from whole totals
 * of any size, rounded half away from zero, the same in a single report and in a rollup.
 */

const MAX = Number.MAX_SAFE_INTEGER

/**
 * A percentage numerator / denominator × 100 rounded half away from zero to 2 decimals, `null`
 * when either is missing or the denominator is 0; exact for whole numbers of any size.
 *
 * @example
 * ratioPercent(2983, 5240) // 56.93
 */
export function ratioPercent(
  numerator: number | bigint | null,
  denominator: number | bigint | null,
): number | null {
  if (numerator === null || denominator === null || Number(denominator) === 0) {
    return null
  }
  return roundQuotient(numerator, denominator, 100, 2)
}

function isWhole(x: number | bigint): boolean {
  return typeof x === 'bigint' || Number.isInteger(x)
}

/**
 * n × scale / d rounded half away from zero to `decimals` decimals (the result is divided back by
 * 10^decimals); exact when n and d are whole, whatever their size.
 */
export function roundQuotient(
  n: number | bigint,
  d: number | bigint,
  scale: number,
  decimals: number,
): number {
  const unit = 10 ** decimals
  const factor = scale * unit
  if (!isWhole(n) || !isWhole(d)) {
    return Math.round((Number(n) / Number(d)) * factor) / unit
  }
  const negative = n < 0 !== d < 0
  if (typeof n === 'number' && typeof d === 'number') {
    const num = Math.abs(n) * factor
    const den = Math.abs(d)
    // Within 2^51 the quotient's floor is corrected exactly by its remainder.
    if (num <= MAX / 4 && den <= MAX / 4) {
      let q = Math.floor(num / den)
      let r = num - q * den
      if (r < 0) {
        q -= 1
        r += den
      } else if (r >= den) {
        q += 1
        r -= den
      }
      if (2 * r >= den) {
        q += 1
      }
      return (negative ? -q : q) / unit
    }
  }
  const bn = BigInt(n)
  const bd = BigInt(d)
  const num = (bn < 0n ? -bn : bn) * BigInt(factor)
  const den = bd < 0n ? -bd : bd
  const q = (2n * num + den) / (2n * den)
  return Number(negative ? -q : q) / unit
}
