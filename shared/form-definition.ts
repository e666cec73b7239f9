/**
 * @module The shape of a form definition (biểu mẫu): rows, kinds, "trong đó" parents, how each row
 * consolidates, and the cross-row rules. Forms are data; this schema checks them when they are loaded.
 */
import * as z from 'zod'
import type { UnitLevel } from './unit-tree.ts'

/** A row code: stable across versions, dotted lower-case words (`members.women`). */
export const rowCodeSchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/, 'row code: dotted lower-case words')
  .meta({ example: 'members.women' })

/** What a row holds; decides the cell rules. */
export const rowKindSchema = z.enum(['count', 'amount', 'percent', 'average', 'text'])

/** How a row consolidates over units (tổng hợp). */
export const aggregateSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sum') }),
  /** Derived: nobody types it; numerator / denominator × 100, recomputed from the sums. */
  z.object({ type: z.literal('ratio'), numerator: rowCodeSchema, denominator: rowCodeSchema }),
  /** An average weighted by another row (bình quân gia quyền). */
  z.object({ type: z.literal('weightedMean'), weight: rowCodeSchema }),
  z.object({ type: z.literal('none') }),
])

export const formRowSchema = z.object({
  code: rowCodeSchema,
  /** The number shown in the sheet's TT column ("2.1"); headings have a code too. */
  tt: z.string(),
  label: z.string().min(1),
  /** English label, for the English catalog of the task pane. */
  labelEn: z.string().optional(),
  /** Unit of measure (đơn vị tính): người, đơn vị, cuộc, lượt, căn, %, đồng… */
  unit: z.string(),
  kind: rowKindSchema,
  /** A heading row groups others and holds no value. */
  heading: z.boolean().optional(),
  /** The row this one is a "trong đó" part of. */
  parent: rowCodeSchema.optional(),
  aggregate: aggregateSchema,
  required: z.boolean().optional(),
  /** Longest text accepted in a `text` row. */
  maxLength: z.number().int().positive().optional(),
  /** Period-over-period change (in %) beyond which a warning is raised; overrides the form's. */
  maxChangePercent: z.number().positive().optional(),
})

/** One side of a cross-row rule: the sum of the named rows (DHIS2-style expression). */
export const ruleSideSchema = z.array(rowCodeSchema).min(1)

export const comparisonSchema = z.enum(['<=', '<', '>=', '>', '==', '!='])

/** A rule over rows written as left side, operator, right side. */
export const crossRowRuleSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]*$/)
    .meta({ example: 'members-le-workers' }),
  left: ruleSideSchema,
  operator: comparisonSchema,
  right: ruleSideSchema,
  severity: z.enum(['error', 'warning']),
  /** What the rule means, in Vietnamese and English: shown in the finding's message. */
  description: z.string().min(1),
  descriptionEn: z.string().min(1),
})

export const formLevelSchema = z.enum(['grassroots', 'upper'])

export const formDefinitionSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Z][A-Z0-9]*$/)
    .meta({ example: 'B01' }),
  version: z.string().min(1),
  title: z.string().min(1),
  titleEn: z.string().optional(),
  /** Which units fill it: grassroots unions (CĐCS) or upper-level unions and the province. */
  level: formLevelSchema,
  rows: z.array(formRowSchema).min(1),
  rules: z.array(crossRowRuleSchema),
  /** Default period-over-period threshold (%), for rows without their own. */
  maxChangePercent: z.number().positive(),
})

export type RowKind = z.infer<typeof rowKindSchema>
export type Aggregate = z.infer<typeof aggregateSchema>
export type FormRow = z.infer<typeof formRowSchema>
export type CrossRowRule = z.infer<typeof crossRowRuleSchema>
export type Comparison = z.infer<typeof comparisonSchema>
export type FormLevel = z.infer<typeof formLevelSchema>
export type FormDefinition = z.infer<typeof formDefinitionSchema>

/** What a cell or a payload may carry for a row: a number, the raw text a cell held, or nothing. */
export type RawValue = number | string | null | undefined
export type RawValues = Record<string, RawValue>

/** Values after parsing: numbers for numeric rows, strings for text rows, null for "not reported". */
export type Value = number | string | null
export type Values = Record<string, Value>

/**
 * Whether a unit of `unitLevel` fills a form of `formLevel`: a grassroots form (B01) is filled by
 * CĐCS, an upper form (B02) by upper unions and the province.
 */
export function fillsForm(formLevel: FormLevel, unitLevel: UnitLevel): boolean {
  return formLevel === 'grassroots' ? unitLevel === 'grassroots' : unitLevel !== 'grassroots'
}
