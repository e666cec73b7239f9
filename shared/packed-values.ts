/**
 * @module Packed values (số liệu nén): a submission's numbers as one Float64Array in the order of a
 * layout (the row codes of its values, in the order the submission gave them), so that 135,000
 * latest reports are read and consolidated without building 135,000 objects keyed by row code.
 *
 * A layout is shared by every submission that gave the same codes in the same order (in practice
 * one per form version): its object is made once and the rollup maps it to its rows once. A row
 * whose value is not a finite number (null, text, absent) is NaN: "not reported", as the rollup
 * reads a plain value.
 */
import type { Value, Values } from './form-definition.ts'

/** The row codes of packed numbers, in order. */
export interface ValueLayout {
  readonly codes: readonly string[]
}

/**
 * One submission's numbers in its layout's order, NaN where the row holds no number: the slots
 * from `offset` of a block that many submissions read together may share (no typed array per
 * submission).
 */
export class PackedValues {
  constructor(
    readonly layout: ValueLayout,
    readonly block: Float64Array,
    readonly offset = 0,
  ) {
    if (offset < 0 || offset + layout.codes.length > block.length) {
      throw new RangeError(
        `packed values: ${layout.codes.length} codes from slot ${offset} of a block of ${block.length}`,
      )
    }
  }

  /** The submission's own numbers, as a view into the block. */
  get numbers(): Float64Array {
    return this.block.subarray(this.offset, this.offset + this.layout.codes.length)
  }
}

/** A submission's values as the rollup takes them: plain, or packed. */
export type RollupValues = Values | PackedValues

/**
 * Packs plain values: the layout is every key of `values` in its order, each number kept as its
 * stored JSON gives it back (fractions exact, −0 as 0), anything else NaN.
 *
 * @example
 * packValues({ 'members.total': 12, 'note': 'x', 'members.female': null })
 * // codes ['members.total', 'note', 'members.female'], numbers [12, NaN, NaN]
 */
export function packValues(values: Values): { codes: string[]; numbers: Float64Array } {
  const codes = Object.keys(values)
  const numbers = new Float64Array(codes.length)
  for (let i = 0; i < codes.length; i++) {
    const v = values[codes[i]!]
    numbers[i] = typeof v === 'number' && v - v === 0 ? v + 0 : NaN
  }
  return { codes, numbers }
}

/**
 * The number a submission gives for a row, plain or packed; undefined when it gives none (not
 * reported, text, not finite).
 */
export function numberIn(values: RollupValues | undefined, code: string): number | undefined {
  if (values instanceof PackedValues) {
    const i = positionIn(values.layout, code)
    const x = i < 0 ? NaN : values.block[values.offset + i]!
    return x - x === 0 ? x : undefined
  }
  const v = values?.[code]
  return typeof v === 'number' && v - v === 0 ? v : undefined
}

const positions = new WeakMap<ValueLayout, Map<string, number>>()

/** Where a code stands in a layout, -1 when absent; the map is made once per layout. */
function positionIn(layout: ValueLayout, code: string): number {
  let map = positions.get(layout)
  if (map === undefined) {
    map = new Map(layout.codes.map((c, i) => [c, i]))
    positions.set(layout, map)
  }
  return map.get(code) ?? -1
}

/** A row's value as given: plain values as they stand; packed ones hold numbers only (else null). */
export function valueIn(values: RollupValues | undefined, code: string): Value {
  return values instanceof PackedValues
    ? (numberIn(values, code) ?? null)
    : (values?.[code] ?? null)
}

/**
 * A canonical text of the numbers a submission gives, by code: the last tie-break between two
 * submissions of one unit made at the same instant. Plain and packed values of the same numbers
 * give the same text.
 */
export function canonicalNumbers(values: RollupValues): string {
  const pairs: [string, number][] = []
  if (values instanceof PackedValues) {
    values.layout.codes.forEach((code, i) => {
      const x = values.block[values.offset + i]!
      if (x - x === 0) {
        pairs.push([code, x])
      }
    })
  } else {
    for (const code of Object.keys(values)) {
      const v = values[code]
      if (typeof v === 'number' && v - v === 0) {
        pairs.push([code, v])
      }
    }
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return JSON.stringify(pairs)
}
