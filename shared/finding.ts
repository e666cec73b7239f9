/**
 * @module A finding (phát hiện) of the validation: which rule, which row, how serious, with typed
 * parameters per code and no text: the Vietnamese or English message is chosen where the finding
 * is shown (`findingMessage` of shared/messages.ts), so a message can change without touching a
 * rule or a stored revision.
 */
import * as z from 'zod'

/** An error blocks a submission; a warning is shown and may be acknowledged by the user. */
export const severitySchema = z.enum(['error', 'warning'])
export type Severity = z.infer<typeof severitySchema>

/** The number the clerk probably meant when English thousands groups were typed ("25,000"). */
const intended = z
  .number()
  .optional()
  .meta({ description: 'The number meant if "," grouped thousands ("25,000" → 25000)' })

/**
 * What each finding code means and the parameters its message is made from. Rows are named by
 * their codes (`row`, `related`): tt and labels come from the form version the values were
 * checked against.
 */
const paramsByCode = {
  /** Text in a numeric row that is not a number ("nhiều", "1.5"), or NaN/Infinity. */
  not_a_number: z.object({
    value: z.string().meta({ description: 'The text as typed (at most 60 characters)' }),
    intended,
    hint: z
      .literal('separators')
      .optional()
      .meta({ description: 'Digits and separators only: remind how to write thousands' }),
  }),
  /** A count or an amount in đồng with decimals. */
  not_whole: z.object({ value: z.number(), intended }),
  /** A count, amount or average below 0. */
  negative: z.object({ value: z.number(), intended }),
  /**
   * A count, amount or average beyond what one unit can have (`valueCeilings` of the validation),
   * or beyond `Number.MAX_SAFE_INTEGER`, where a number is no longer the one typed.
   */
  too_large: z.object({
    value: z
      .union([z.number(), z.string()])
      .meta({ description: 'The number, or past 2^53 the digits as typed' }),
    limit: z.number(),
    limitKind: z
      .enum(['exact', 'unit'])
      .meta({ description: 'exact: past 2^53; unit: past what one unit can have' }),
  }),
  /** A percent outside 0-100. */
  out_of_range: z.object({ value: z.number(), min: z.number(), max: z.number() }),
  /** Text longer than the row allows. */
  too_long: z.object({ length: z.number().int(), maxLength: z.number().int() }),
  /** A "trong đó" row larger than its parent row (the parent is `related[0]`). */
  exceeds_parent: z.object({ value: z.number(), parentValue: z.number() }),
  /** A cross-row rule of the form (`rule` is `rule:<id>`) does not hold. */
  cross_row: z.object({
    leftValue: z.number().meta({ description: "Sum of the rule's left side" }),
    rightValue: z.number().meta({ description: "Sum of the rule's right side" }),
  }),
  /** A required row left empty. */
  required: z.object({}),
  /** A change against the same unit's previous comparable period beyond the row's threshold. */
  period_change: z.object({
    value: z.number(),
    previous: z.number(),
    threshold: z.number().meta({ description: 'The percent change allowed' }),
    direction: z.enum(['up', 'down']),
    changePercent: z
      .number()
      .optional()
      .meta({ description: 'Absent when the previous value was 0' }),
  }),
  /** An average without its weight row, or with weight 0 (the weight row is `related[0]`). */
  missing_weight: z.object({
    value: z.number(),
    weightValue: z.literal(0).optional().meta({ description: '0 when typed; absent when empty' }),
  }),
  /**
   * A count or amount typed with English thousands groups ("25,000"), read the Vietnamese way
   * (25): the clerk probably meant 25.000.
   */
  ambiguous_separator: z.object({ value: z.string(), parsed: z.number(), intended: z.number() }),
  /** A row code (`row`) the form does not have. */
  unknown_row: z.object({ form: z.string(), version: z.string() }),
  /** A value typed into a derived (ratio) row: ignored, the row is computed. */
  derived_row_typed: z.object({ value: z.string() }),
  /** A value typed into a heading row: ignored, headings hold no value. */
  heading_typed: z.object({ value: z.string() }),
} as const

export type FindingCode = keyof typeof paramsByCode

export const findingCodeSchema = z.enum(
  Object.keys(paramsByCode) as [FindingCode, ...FindingCode[]],
)

const findingBase = {
  rule: z.string().meta({
    description:
      'Stable id of the rule that fired (`parent:members.women`, `rule:members-le-workers`, `change:members.total`); warnings are acknowledged by it',
  }),
  row: z.string().meta({ description: 'The row code the finding is marked on' }),
  related: z
    .array(z.string())
    .meta({ description: 'Other rows involved: the parent, the weight, the rows of a rule' }),
  severity: severitySchema,
}

function pascal(code: string): string {
  return code.replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) =>
    letter.toUpperCase(),
  )
}

function findingOf<C extends FindingCode>(code: C) {
  return z
    .object({ ...findingBase, code: z.literal(code), params: paramsByCode[code] })
    .meta({ id: `${pascal(code)}Finding` })
}

const variants = {
  not_a_number: findingOf('not_a_number'),
  not_whole: findingOf('not_whole'),
  negative: findingOf('negative'),
  too_large: findingOf('too_large'),
  out_of_range: findingOf('out_of_range'),
  too_long: findingOf('too_long'),
  exceeds_parent: findingOf('exceeds_parent'),
  cross_row: findingOf('cross_row'),
  required: findingOf('required'),
  period_change: findingOf('period_change'),
  missing_weight: findingOf('missing_weight'),
  ambiguous_separator: findingOf('ambiguous_separator'),
  unknown_row: findingOf('unknown_row'),
  derived_row_typed: findingOf('derived_row_typed'),
  heading_typed: findingOf('heading_typed'),
} satisfies { [C in FindingCode]: ReturnType<typeof findingOf<C>> }

/** A finding: code + row + related rows + severity + the code's parameters, no text. */
export const findingSchema = z
  .discriminatedUnion('code', Object.values(variants) as [(typeof variants)[FindingCode]])
  .meta({ id: 'Finding' })

export type Finding = z.infer<typeof findingSchema>
export type FindingOf<C extends FindingCode> = Extract<Finding, { code: C }>
export type FindingParams<C extends FindingCode> = FindingOf<C>['params']

/**
 * Findings as stored with a revision, read back whatever their age: revisions stored before
 * findings lost their texts carry `message`, `messageEn` and the rows' labels in `params`, which
 * the schema drops. A stored finding that no longer fits (a code since retired) is left out
 * rather than failing the whole revision.
 */
export function readStoredFindings(stored: unknown): Finding[] {
  if (!Array.isArray(stored)) {
    return []
  }
  const findings: Finding[] = []
  for (const item of stored) {
    const parsed = findingSchema.safeParse(item)
    if (parsed.success) {
      findings.push(parsed.data)
    }
  }
  return findings
}
