/**
 * @module The zod schemas of every payload of the reporting API (v1): the single source of the
 * worker's validation, its OpenAPI document and the add-in's types. Plain zod, so it stays pure.
 */
import { z } from 'zod'
import { formDefinitionSchema } from './form-definition.ts'
import { findingSchema } from './finding.ts'
import { errorCodeSchema } from './api-errors.ts'

/** A unit code: letters, digits, dots, dashes and underscores (`BK`, `BK.GD.001`). */
export const unitCodeSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
  .meta({ description: 'Mã đơn vị / unit code', example: 'BK' })

/** A period id: `2026-H1` (data to 31/5), `2026-Y` (data to 30/11), `2026-Q3`, `2026-M11`. */
export const periodIdSchema = z
  .string()
  .regex(/^\d{4}-(H1|Y|Q[1-4]|M(0[1-9]|1[0-2]))$/)
  .meta({ description: 'Kỳ báo cáo / period id', example: '2026-Y' })

export const formIdSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]*$/)
  .meta({ example: 'B01' })

/** An ISO date, YYYY-MM-DD. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'Ngày / date, YYYY-MM-DD', example: '2026-11-30' })

export const unitLevelSchema = z.enum(['province', 'upper', 'grassroots'])

export const unitSummarySchema = z
  .object({ code: unitCodeSchema, name: z.string(), level: unitLevelSchema })
  .meta({ id: 'UnitSummary' })

export const tokenRequestSchema = z
  .object({ unit: unitCodeSchema, key: z.string().min(1).max(200) })
  .meta({ id: 'TokenRequest' })

export const tokenResponseSchema = z
  .object({ token: z.string(), expiresAt: z.string(), unit: unitSummarySchema })
  .meta({ id: 'TokenResponse' })

export const unitDetailSchema = z
  .object({
    code: unitCodeSchema,
    name: z.string(),
    level: unitLevelSchema,
    parent: unitCodeSchema.nullable(),
    /** Name of the upper union (công đoàn cấp trên), for the sheet header. */
    parentName: z.string().nullable(),
    validFrom: isoDateSchema.nullable(),
    validTo: isoDateSchema.nullable(),
    childCount: z.number().int(),
    /** The form this unit fills: B01 for grassroots, B02 for upper and province. */
    form: formIdSchema,
  })
  .meta({ id: 'Unit' })

export const unitResponseSchema = z.object({ unit: unitDetailSchema }).meta({ id: 'UnitResponse' })

export const childrenResponseSchema = z
  .object({ unit: unitCodeSchema, children: z.array(unitDetailSchema) })
  .meta({ id: 'ChildrenResponse' })

/** GET /api/v1/units/:unit/search: `q` matches a code prefix or the name without accents. */
export const unitSearchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .meta({ description: 'Mã hoặc tên, có dấu hay không / code or name', example: 'Bac Kan' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

export const unitSearchHitSchema = z
  .object({
    code: unitCodeSchema,
    name: z.string(),
    level: unitLevelSchema,
    parent: unitCodeSchema.nullable(),
  })
  .meta({ id: 'UnitSearchHit' })

/** The matches, best first: the exact code, names starting with the query, the rest by name. */
export const unitSearchResponseSchema = z
  .object({ units: z.array(unitSearchHitSchema) })
  .meta({ id: 'UnitSearchResponse' })

export const formSummarySchema = z
  .object({
    id: formIdSchema,
    version: z.string(),
    versions: z.array(z.string()),
    title: z.string(),
    titleEn: z.string().optional(),
    level: z.enum(['grassroots', 'upper']),
  })
  .meta({ id: 'FormSummary' })

export const formsResponseSchema = z
  .object({ forms: z.array(formSummarySchema) })
  .meta({ id: 'FormsResponse' })

export const formResponseSchema = formDefinitionSchema.meta({ id: 'FormDefinition' })

export const periodSchema = z
  .object({ id: periodIdSchema, cutoff: isoDateSchema, deadline: isoDateSchema, open: z.boolean() })
  .meta({ id: 'Period' })

export const periodsResponseSchema = z
  .object({ periods: z.array(periodSchema) })
  .meta({ id: 'PeriodsResponse' })

/** A value as sent: a number, the text of a cell, or null (not reported). */
export const rawValueSchema = z
  .union([z.number(), z.string().max(10_000), z.null()])
  .meta({ description: 'A number, the text typed in the cell, or null: not reported' })

/** A value as stored: a number, a text row's text (or an exact decimal string), or null. */
export const valueSchema = z
  .union([z.number(), z.string(), z.null()])
  .meta({ description: 'A number, text (or an exact decimal past 2^53), or null: not reported' })

export const submissionRequestSchema = z
  .object({
    formVersion: z.string().min(1).max(40),
    values: z.record(z.string().max(100), rawValueSchema),
    /** Rule ids of warnings the user confirmed (xác nhận) with an explanation. */
    acknowledgedWarnings: z.array(z.string().max(200)).max(1000).optional(),
    /** Why the acknowledged warnings are right (lý do xác nhận), kept with the revision. */
    acknowledgementReason: z.string().trim().max(500).optional(),
  })
  .meta({ id: 'SubmissionRequest' })

/** A stored warning, and whether the submitter acknowledged (xác nhận) it. */
export const warningSchema = z
  .intersection(findingSchema, z.object({ acknowledged: z.boolean() }))
  .meta({ id: 'Warning' })

export const submissionStatusSchema = z.enum(['submitted', 'accepted', 'returned'])

export const reviewSchema = z
  .object({
    decision: z.enum(['accept', 'return']),
    comment: z.string(),
    reviewer: unitCodeSchema,
    reviewedAt: z.string(),
    revision: z.number().int(),
  })
  .meta({ id: 'Review' })

export const submissionSchema = z
  .object({
    id: z.string(),
    unit: unitCodeSchema,
    period: periodIdSchema,
    form: formIdSchema,
    formVersion: z.string(),
    revision: z.number().int().positive(),
    status: submissionStatusSchema,
    submittedAt: z.string(),
    /** Whose token submitted it: the unit itself, or an ancestor entering for it (nhập hộ). */
    submittedBy: unitCodeSchema,
    values: z.record(z.string(), valueSchema),
    warnings: z.array(warningSchema),
    acknowledgedWarnings: z.array(z.string()),
    /** The submitter's reason for the acknowledged warnings; null when none was given. */
    acknowledgementReason: z.string().nullable(),
    /** The latest review of this revision, with the reviewer's comment. */
    review: reviewSchema.nullable(),
  })
  .meta({ id: 'Submission' })

export const submissionCreatedSchema = z
  .object({ submission: submissionSchema, warnings: z.array(warningSchema) })
  .meta({ id: 'SubmissionCreated' })

export const submissionResponseSchema = z
  .object({
    submission: submissionSchema,
    /** Every revision, oldest first; only with `?history=1`. */
    revisions: z.array(submissionSchema).optional(),
  })
  .meta({ id: 'SubmissionResponse' })

export const reviewRequestSchema = z
  .object({ decision: z.enum(['accept', 'return']), comment: z.string().max(2000).default('') })
  .meta({ id: 'ReviewRequest' })

export const reviewResponseSchema = z
  .object({ submission: submissionSchema, review: reviewSchema })
  .meta({ id: 'ReviewResponse' })

export const coverageSchema = z
  .object({
    expected: z.number().int(),
    /** Expected units whose figures are in the totals (depends on the view). */
    counted: z.number().int(),
    submitted: z.number().int(),
    accepted: z.number().int(),
    returned: z.number().int(),
    late: z.number().int(),
    missing: z.array(z.string()),
  })
  .meta({ id: 'Coverage' })

export const rollupChildSchema = z
  .object({
    unit: unitCodeSchema,
    name: z.string(),
    level: unitLevelSchema,
    values: z.record(z.string(), valueSchema),
    reported: z.record(z.string(), z.number()),
    coverage: coverageSchema,
  })
  .meta({ id: 'RollupChild' })

/** One row of a rollup beside another period's (so sánh). */
export const rowComparisonSchema = z
  .object({
    previous: valueSchema,
    /** This period minus that one; exact (a decimal string past 2^53). */
    change: z.union([z.number(), z.string(), z.null()]),
    /** The change in percent of that period's value; null for ratio rows and when that is 0. */
    changePercent: z.number().nullable(),
    /** points: a ratio or percent row, its change in percentage points. */
    measure: z.enum(['difference', 'points']),
  })
  .meta({ id: 'RowComparison' })

export const comparisonSchema = z
  .object({
    period: periodIdSchema,
    rows: z.record(z.string(), rowComparisonSchema),
    /** That period's coverage, for "753 CĐCS then, 740 now". */
    coverage: coverageSchema,
  })
  .meta({ id: 'Comparison' })

export const targetSchema = z
  .object({
    unit: unitCodeSchema,
    period: periodIdSchema,
    form: formIdSchema,
    row: z.string(),
    value: z.number(),
    /** The union that set it: the unit directly above. */
    setBy: unitCodeSchema,
    setAt: z.string(),
  })
  .meta({ id: 'Target' })

export const targetAchievementSchema = z
  .object({
    unit: unitCodeSchema,
    row: z.string(),
    target: z.number(),
    achieved: valueSchema,
    /** achieved / target × 100; null when the target is 0 or nothing was reported. */
    percent: z.number().nullable(),
    met: z.boolean(),
  })
  .meta({ id: 'TargetAchievement' })

export const rollupTargetsSchema = z
  .object({
    /** The rollup unit's own targets, set by the union above it. */
    own: z.array(targetAchievementSchema),
    /** The targets of the units directly below, in form order, then by unit. */
    children: z.array(targetAchievementSchema),
    /** Per row with targets below: how many units have one, met it, and those behind. */
    rows: z.array(
      z.object({
        row: z.string(),
        units: z.number().int(),
        met: z.number().int(),
        behind: z.array(unitCodeSchema),
      }),
    ),
  })
  .meta({ id: 'RollupTargets' })

export const rollupResponseSchema = z
  .object({
    unit: unitCodeSchema,
    name: z.string(),
    level: unitLevelSchema,
    period: periodIdSchema,
    form: formIdSchema,
    formVersion: z.string(),
    view: z.enum(['latest', 'accepted']),
    /** Amount sums beyond 2^53 come as decimal strings, exact. */
    values: z.record(z.string(), valueSchema),
    /** How many units reported each row. */
    reported: z.record(z.string(), z.number()),
    coverage: coverageSchema,
    /** How many counted submissions used each form version. */
    versions: z.record(z.string(), z.number()),
    /** Submissions no consolidation could use (unit not in the tree at the cut-off). */
    ignored: z.number().int(),
    children: z.array(rollupChildSchema),
    /** With `?compare`: each row beside the other period's. */
    comparison: comparisonSchema.nullable().optional(),
    /** Targets of the unit and of the units directly below, with what they achieved. */
    targets: rollupTargetsSchema.optional(),
    /** The units of `coverage.missing`, in the same order, with their names and upper unions. */
    missingUnits: z.array(
      z.object({
        unit: unitCodeSchema,
        name: z.string(),
        parent: unitCodeSchema.nullable(),
        parentName: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Rollup' })

/** GET and PUT …/targets: the targets of a unit and of the units directly below it. */
export const targetsResponseSchema = z
  .object({
    unit: unitCodeSchema,
    period: periodIdSchema,
    form: formIdSchema,
    targets: z.array(targetSchema),
  })
  .meta({ id: 'TargetsResponse' })

/** PUT …/targets: targets for units directly below the unit of the path; null removes one. */
export const targetsRequestSchema = z
  .object({
    targets: z
      .array(
        z.object({
          unit: unitCodeSchema,
          row: z.string().min(1).max(100),
          value: z.number().nullable(),
        }),
      )
      .min(1)
      .max(20_000),
  })
  .meta({ id: 'TargetsRequest' })

export const breakdownLineSchema = z
  .object({
    unit: unitCodeSchema,
    name: z.string(),
    parent: unitCodeSchema.nullable(),
    depth: z.number().int(),
    standing: z.enum(['sent', 'late', 'missing']),
    status: submissionStatusSchema.nullable(),
    value: valueSchema,
    /** Ratio rows: the unit's numerator. */
    numerator: valueSchema,
    /** Ratio rows: its denominator; weighted means: its weight. */
    denominator: valueSchema,
    counted: z.boolean(),
    share: z.number().nullable(),
    /** A missing unit's last earlier report of the same form: the row then. */
    last: z
      .object({
        period: periodIdSchema,
        value: valueSchema,
        numerator: valueSchema,
        denominator: valueSchema,
      })
      .nullable(),
  })
  .meta({ id: 'BreakdownLine' })

export const breakdownResponseSchema = z
  .object({
    unit: unitCodeSchema,
    period: periodIdSchema,
    form: formIdSchema,
    row: z.string(),
    kind: z.enum(['sum', 'ratio', 'weightedMean']),
    total: valueSchema,
    numerator: valueSchema,
    denominator: valueSchema,
    lines: z.array(breakdownLineSchema),
  })
  .meta({ id: 'Breakdown' })

/** One figure a workbook formula asks for. */
export const figureRequestSchema = z.object({
  unit: z.string().max(64),
  period: z.string().max(20),
  /** Row code, TT or label; not needed for a coverage count. */
  row: z.string().max(500).optional(),
  /** value (default), or a coverage count: expected, submitted, accepted, late, missing. */
  measure: z.enum(['value', 'expected', 'submitted', 'accepted', 'late', 'missing']).optional(),
  /** The form; by default the first form that has the row (B01 before B02). */
  form: z.string().max(20).optional(),
  /** The previous comparable period's figure instead (kỳ trước cùng loại). */
  previous: z.boolean().optional(),
  view: z.enum(['latest', 'accepted']).optional(),
})

export const figuresRequestSchema = z
  .object({ figures: z.array(figureRequestSchema).min(1).max(10_000) })
  .meta({ id: 'FiguresRequest' })

/** A figure, or why there is none (the code and texts of the error it would have been). */
export const figureResultSchema = z.union([
  z.object({
    value: valueSchema,
    /** The period the figure is of (the previous one when asked for). */
    period: periodIdSchema,
    form: formIdSchema,
  }),
  z.object({
    error: z.object({ code: errorCodeSchema, message: z.string(), messageEn: z.string() }),
  }),
])

export const figuresResponseSchema = z
  .object({
    /** In the order asked. */
    figures: z.array(figureResultSchema),
    /** When the worker read them (ISO 8601). */
    at: z.string(),
  })
  .meta({ id: 'FiguresResponse' })

export const importLineSchema = z
  .object({
    file: z.string(),
    /** stored, duplicate (identical to a stored revision), refused (with findings), notTemplate,
     * unreadable, noUnit (a blank template whose file name starts with no unit code), notYours,
     * otherPeriod. */
    outcome: z.enum([
      'stored',
      'duplicate',
      'refused',
      'notTemplate',
      'unreadable',
      'noUnit',
      'notYours',
      'otherPeriod',
    ]),
    unit: unitCodeSchema.optional(),
    revision: z.number().int().optional(),
    findings: z.array(findingSchema).optional(),
    message: z.string(),
  })
  .meta({ id: 'ImportLine' })

export const unitStatusSchema = z
  .object({
    unit: unitCodeSchema,
    name: z.string(),
    level: unitLevelSchema,
    parent: unitCodeSchema.nullable(),
    form: formIdSchema,
    /** none: nothing submitted yet (chưa nộp). */
    status: z.enum(['none', 'submitted', 'accepted', 'returned']),
    revision: z.number().int().nullable(),
    submittedAt: z.string().nullable(),
    /** First submitted after the deadline day (Vietnam time), by the rollup's `isLate`; false
     * for a unit that has not submitted (status none). */
    late: z.boolean(),
  })
  .meta({ id: 'UnitStatus' })

export const statusResponseSchema = z
  .object({
    unit: unitCodeSchema,
    period: periodIdSchema,
    deadline: isoDateSchema,
    counts: z.object({
      expected: z.number().int(),
      none: z.number().int(),
      submitted: z.number().int(),
      accepted: z.number().int(),
      returned: z.number().int(),
      late: z.number().int(),
    }),
    units: z.array(unitStatusSchema),
  })
  .meta({ id: 'StatusResponse' })

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    address: z.string().nullable(),
    action: z.string(),
    target: z.string(),
    /** What changed, by action: counts, the form version, the comment of a review… */
    details: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: 'What changed, by action; null when nothing more' }),
  })
  .meta({ id: 'AuditEntry' })

export const auditResponseSchema = z
  .object({ entries: z.array(auditEntrySchema) })
  .meta({ id: 'AuditResponse' })

export type TokenResponse = z.infer<typeof tokenResponseSchema>
export type UnitDetail = z.infer<typeof unitDetailSchema>
export type UnitSearchResponse = z.infer<typeof unitSearchResponseSchema>
export type PeriodInfo = z.infer<typeof periodSchema>
export type SubmissionRequest = z.infer<typeof submissionRequestSchema>
export type ApiWarning = z.infer<typeof warningSchema>
export type Submission = z.infer<typeof submissionSchema>
export type SubmissionCreated = z.infer<typeof submissionCreatedSchema>
export type Review = z.infer<typeof reviewSchema>
export type RollupResponse = z.infer<typeof rollupResponseSchema>
export type TargetsResponse = z.infer<typeof targetsResponseSchema>
export type BreakdownResponse = z.infer<typeof breakdownResponseSchema>
export type FigureRequest = z.infer<typeof figureRequestSchema>
export type FigureResult = z.infer<typeof figureResultSchema>
export type FiguresResponse = z.infer<typeof figuresResponseSchema>
export type UnitStatus = z.infer<typeof unitStatusSchema>
export type ImportLineResponse = z.infer<typeof importLineSchema>
export type StatusResponse = z.infer<typeof statusResponseSchema>
export type AuditEntry = z.infer<typeof auditEntrySchema>
