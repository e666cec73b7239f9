/**
 * @module A finding (phát hiện) of the validation: which rule, which row, how serious, with typed
 * parameters from which the Vietnamese and English messages are resolved (shared/messages.ts).
 */

/** An error blocks a submission; a warning is shown and may be acknowledged by the user. */
export type Severity = 'error' | 'warning'

/** What went wrong, one code per kind of problem; the messages catalog has a text for each. */
export type FindingCode =
  /** Text in a numeric row that is not a number ("nhiều", "1.5"), or NaN/Infinity. */
  | 'not_a_number'
  /** A count or an amount in đồng with decimals. */
  | 'not_whole'
  /** A count, amount or average below 0. */
  | 'negative'
  /**
   * A count, amount or average beyond what one unit can have (`valueCeilings` of the validation),
   * or beyond `Number.MAX_SAFE_INTEGER`, where a number is no longer the one typed.
   */
  | 'too_large'
  /** A percent outside 0-100. */
  | 'out_of_range'
  /** Text longer than the row allows. */
  | 'too_long'
  /** A "trong đó" row larger than its parent row. */
  | 'exceeds_parent'
  /** A cross-row rule of the form (left side, operator, right side) does not hold. */
  | 'cross_row'
  /** A required row left empty. */
  | 'required'
  /** A change against the same unit's previous period beyond the row's threshold. */
  | 'period_change'
  /** An average reported without its weight row (or with weight 0): the rollup could not count it. */
  | 'missing_weight'
  /**
   * A count or amount typed with English thousands groups ("25,000"), read the Vietnamese way
   * (25): the clerk probably meant 25.000.
   */
  | 'ambiguous_separator'
  /** A row code the form does not have. */
  | 'unknown_row'
  /** A value typed into a derived (ratio) row: ignored, the row is computed. */
  | 'derived_row_typed'
  /** A value typed into a heading row: ignored, headings hold no value. */
  | 'heading_typed'

export interface Finding {
  /**
   * Stable id of the rule that fired, e.g. `whole:members.total`, `large:welfare.amount`,
   * `parent:members.women`, `weight:wage.average`, `separator:workers.total`,
   * `rule:members-le-workers`, `required:workers.total`, `change:members.total`: warnings are
   * acknowledged by it.
   */
  rule: string
  code: FindingCode
  /** The row code the finding is marked on. */
  row: string
  /** Other rows involved (the parent row, the other rows of a cross-row rule). */
  related: string[]
  severity: Severity
  /** What the messages are made from: raw numbers, raw text, the rows' TT and labels. */
  params: Record<string, string | number>
  /** The message in Vietnamese, for the clerk. */
  message: string
  messageEn: string
}
