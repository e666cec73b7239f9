/**
 * @module The zod schemas of every payload of the reporting API (v1): the single source of the
 * worker's validation, its OpenAPI document and the add-in's types. Plain zod, so it stays pure.
 */
import { loginSchema, roleSchema } from './account-schemas.ts'
import * as z from 'zod'
import { formDefinitionSchema } from './form-definition.ts'
import { findingSchema } from './finding.ts'
import { errorCodeSchema } from './api-errors.ts'

/** A unit code: letters, digits, dots, dashes and underscores (`BK`, `BK.GD.001`). */

/** The largest workbook a client may send (an upload, an e-mailed template): 5 MiB. */
export const UPLOAD_LIMIT = 5 * 1024 * 1024

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

/** A person as the API shows them: login, name and roles at their unit. */
export const personSchema = z
  .object({ login: z.string(), name: z.string(), roles: z.array(roleSchema) })
  .meta({ id: 'Person' })

/**
 * Who did an act, beside the unit: the person signed in, with their name at that time; null in
 * the fields that hold one when a unit key (khóa đơn vị) was used (or the command line, which acts
 * as a unit: `reports:import --by`), and for records made before people signed in.
 */
export const actingPersonSchema = z
  .object({
    login: z.string(),
    name: z.string().meta({ description: 'The display name at the time of the act' }),
  })
  .meta({
    id: 'ActingPerson',
    description:
      'The person who acted, as they were then; where a field holding one is null, a unit key (khóa đơn vị) or the command line acted',
  })

export const passwordSignInSchema = z
  .object({ login: loginSchema, password: z.string().min(1).max(200) })
  .meta({ id: 'PasswordSignIn' })

export const activationSchema = z
  .object({
    login: loginSchema,
    code: z.string().min(1).max(200).meta({ description: 'Mã kích hoạt / the one-time code' }),
    password: z.string().min(1).max(200),
  })
  .meta({ id: 'Activation' })

export const passwordChangeSchema = z
  .object({ current: z.string().min(1).max(200), password: z.string().min(1).max(200) })
  .meta({ id: 'PasswordChange' })

export const tokenResponseSchema = z
  .object({
    token: z.string().meta({ description: 'Send as `Authorization: Bearer …`' }),
    expiresAt: z.string().meta({ description: 'When the token stops working (ISO 8601), 12 h on' }),
    unit: unitSummarySchema,
    person: personSchema
      .optional()
      .meta({ description: 'The person signed in; absent when a unit key was used' }),
  })
  .meta({ id: 'TokenResponse' })

export const unitDetailSchema = z
  .object({
    code: unitCodeSchema,
    name: z.string(),
    level: unitLevelSchema,
    parent: unitCodeSchema.nullable().meta({ description: 'The upper union; null for the root' }),
    parentName: z
      .string()
      .nullable()
      .meta({ description: 'Name of the upper union (công đoàn cấp trên), for the sheet header' }),
    validFrom: isoDateSchema
      .nullable()
      .meta({ description: 'First day the unit exists; null: always has' }),
    validTo: isoDateSchema
      .nullable()
      .meta({ description: 'Last day the unit exists; null: still does' }),
    childCount: z.number().int().meta({ description: 'Units directly below it today' }),
    form: formIdSchema.meta({
      description: 'The form this unit fills: B01 for grassroots, B02 for upper and province',
    }),
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
    version: z
      .string()
      .meta({ description: 'The latest version, the one GET …/forms/{form} serves' }),
    versions: z.array(z.string()).meta({ description: 'Every version known, oldest first' }),
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
  .object({
    id: periodIdSchema,
    cutoff: isoDateSchema.meta({
      description: 'Ngày chốt số liệu: figures as of this day; the unit tree as it stood then',
    }),
    deadline: isoDateSchema.meta({
      description: 'Hạn nộp: a report first submitted after this day (Vietnam time) is late',
    }),
    open: z.boolean().meta({ description: 'false: closed, no submission or review is taken' }),
  })
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
    values: z
      .record(z.string().max(100), rawValueSchema)
      .meta({ description: 'By row code; rows left out are not reported' }),
    acknowledgedWarnings: z
      .array(z.string().max(200))
      .max(1000)
      .optional()
      .meta({ description: 'Rule ids of the warnings the clerk confirmed (xác nhận)' }),
    acknowledgementReason: z.string().trim().max(500).optional().meta({
      description:
        'Why the acknowledged warnings are right (lý do xác nhận), kept with the revision',
    }),
    warningReasons: z
      .record(z.string().max(200), z.string().trim().max(500))
      .optional()
      .meta({ description: 'Why each acknowledged warning is right, by rule id' }),
    notes: z
      .record(z.string().max(100), z.string().trim().max(2000))
      .optional()
      .meta({ description: 'The Ghi chú of each row, by row code (as DHIS2 keeps a comment)' }),
  })
  .meta({ id: 'SubmissionRequest' })

/** A stored warning, and whether the submitter acknowledged (xác nhận) it. */
export const warningSchema = z
  .intersection(
    findingSchema,
    z.object({
      acknowledged: z
        .boolean()
        .meta({ description: 'Its rule is among the acknowledgedWarnings of the revision' }),
      reason: z.string().nullable().meta({
        description: "Why the submitter confirmed it (its own reason, or the report's); null: none",
      }),
    }),
  )
  .meta({ id: 'Warning' })

export const submissionStatusSchema = z.enum(['submitted', 'accepted', 'returned'])

export const reviewSchema = z
  .object({
    decision: z.enum(['accept', 'return']),
    comment: z.string().meta({ description: 'Empty for an accept without one' }),
    reviewer: unitCodeSchema,
    reviewerPerson: actingPersonSchema.nullable().meta({
      description: 'The person who reviewed, beside the reviewing unit; null: a unit key',
    }),
    reviewedAt: z.string(),
    revision: z.number().int().meta({ description: 'The revision reviewed' }),
  })
  .meta({ id: 'Review' })

export const submissionSchema = z
  .object({
    id: z.string(),
    unit: unitCodeSchema,
    period: periodIdSchema,
    form: formIdSchema,
    formVersion: z.string(),
    revision: z
      .number()
      .int()
      .positive()
      .meta({ description: '1, 2, …: every PUT or upload makes the next; also the ETag' }),
    status: submissionStatusSchema.meta({
      description: 'submitted until reviewed; accepted (locked) or returned by the upper union',
    }),
    submittedAt: z.string(),
    submittedBy: unitCodeSchema.meta({
      description: 'Whose token submitted it: the unit, or an ancestor entering for it (nhập hộ)',
    }),
    submittedByPerson: actingPersonSchema.nullable().meta({
      description:
        'The person who submitted it (the Người lập biểu), beside `submittedBy`; null: a unit key',
    }),
    values: z.record(z.string(), valueSchema).meta({
      description: 'Every row of the form version by code, derived rows (ratios) computed',
    }),
    warnings: z.array(warningSchema),
    acknowledgedWarnings: z
      .array(z.string())
      .meta({ description: 'Rule ids acknowledged, among the warnings that fired' }),
    acknowledgementReason: z
      .string()
      .nullable()
      .meta({ description: "The submitter's reason for the acknowledged warnings; null: none" }),
    warningReasons: z
      .record(z.string(), z.string())
      .meta({ description: 'Why each acknowledged warning is right, by rule id' }),
    notes: z
      .record(z.string(), z.string())
      .meta({ description: 'The Ghi chú of each row, by row code' }),
    review: reviewSchema
      .nullable()
      .meta({ description: "The latest review of this revision, with the reviewer's comment" }),
  })
  .meta({ id: 'Submission' })

export const submissionCreatedSchema = z
  .object({ submission: submissionSchema, warnings: z.array(warningSchema) })
  .meta({ id: 'SubmissionCreated' })

export const submissionResponseSchema = z
  .object({
    submission: submissionSchema,
    revisions: z
      .array(submissionSchema)
      .optional()
      .meta({ description: 'Every revision, oldest first; only with `?history=1`' }),
  })
  .meta({ id: 'SubmissionResponse' })

/** The latest report of each direct child filling the form, for a pre-filled "Nhập hộ" sheet. */
export const childReportsResponseSchema = z
  .object({
    unit: unitCodeSchema,
    period: periodIdSchema,
    form: formIdSchema,
    reports: z.array(submissionSchema),
  })
  .meta({ id: 'ChildReports' })

const reviewComment = z.string().max(2000)

/** Accept with an optional comment, or return with the reason the unit is to fix. */
export const reviewRequestSchema = z
  .discriminatedUnion('decision', [
    z
      .object({ decision: z.literal('accept'), comment: reviewComment.default('') })
      .meta({ id: 'AcceptRequest', description: 'Duyệt: accept the latest revision' }),
    z
      .object({
        decision: z.literal('return'),
        comment: reviewComment.meta({
          description: 'Why, so the unit knows what to fix; a blank one is a 422 COMMENT_REQUIRED',
        }),
      })
      .meta({ id: 'ReturnRequest', description: 'Trả lại: return it for correction' }),
  ])
  .meta({ id: 'ReviewRequest' })

export const reviewResponseSchema = z
  .object({ submission: submissionSchema, review: reviewSchema })
  .meta({ id: 'ReviewResponse' })

export const coverageSchema = z
  .object({
    expected: z.number().int().meta({
      description:
        'Units of the subtree (the unit included) whose level fills the form, in the tree at the cut-off',
    }),
    counted: z.number().int().meta({
      description:
        'Expected units whose figures are in the totals: with a submission (view latest), with an accepted one (view accepted)',
    }),
    submitted: z.number().int().meta({
      description:
        'Expected units with a submission, whatever its status: accepted and returned ones count here too',
    }),
    accepted: z
      .number()
      .int()
      .meta({ description: 'Expected units whose latest revision was accepted (of submitted)' }),
    returned: z.number().int().meta({
      description:
        'Expected units whose latest revision was returned for correction (of submitted)',
    }),
    late: z.number().int().meta({
      description:
        'Expected units that first submitted after the deadline day, Vietnam time (of submitted)',
    }),
    missing: z.array(z.string()).meta({
      description: 'Codes of the expected units not counted (expected − counted), in code order',
    }),
  })
  .meta({
    id: 'Coverage',
    description: 'Completeness and timeliness; submitted ≥ accepted + returned, and ≥ late',
  })

export const rollupChildSchema = z
  .object({
    unit: unitCodeSchema,
    name: z.string(),
    level: unitLevelSchema,
    values: z
      .record(z.string(), valueSchema)
      .meta({ description: "The child's subtree totals, by row code" }),
    reported: z
      .record(z.string(), z.number())
      .meta({ description: 'By row code: how many units of the subtree reported the row' }),
    coverage: coverageSchema,
  })
  .meta({ id: 'RollupChild', description: 'A unit directly below, with its own subtree' })

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
    formVersion: z
      .string()
      .meta({ description: 'The version whose rows the totals are laid out by (the latest)' }),
    view: z.enum(['latest', 'accepted']).meta({
      description:
        "latest: each unit's latest revision, returned ones too until corrected; accepted: accepted ones only",
    }),
    values: z.record(z.string(), valueSchema).meta({
      description:
        'Totals by row code: sums summed (past 2^53 as exact decimal strings), ratios and weighted means recomputed; null: nobody reported the row',
    }),
    reported: z
      .record(z.string(), z.number())
      .meta({ description: 'By row code: how many counted units reported the row' }),
    coverage: coverageSchema,
    versions: z
      .record(z.string(), z.number())
      .meta({ description: 'How many counted submissions used each form version' }),
    ignored: z.number().int().meta({
      description:
        'Submissions no consolidation could use (their unit not in the tree at the cut-off)',
    }),
    children: z.array(rollupChildSchema),
    /** With `?compare`: each row beside the other period's. */
    comparison: comparisonSchema.nullable().optional(),
    /** Targets of the unit and of the units directly below, with what they achieved. */
    targets: rollupTargetsSchema.optional(),
    missingUnits: z
      .array(
        z.object({
          unit: unitCodeSchema,
          name: z.string(),
          parent: unitCodeSchema.nullable(),
          parentName: z.string().nullable(),
        }),
      )
      .meta({
        description:
          'The units of coverage.missing, in the same order, with their names and upper unions',
      }),
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
    outcome: z
      .enum([
        'stored',
        'duplicate',
        'refused',
        'notTemplate',
        'unreadable',
        'noUnit',
        'notYours',
        'otherPeriod',
      ])
      .meta({
        description:
          'stored; duplicate (identical to a stored revision, not stored); refused (with findings); notTemplate; unreadable; noUnit (a blank template whose file name starts with no unit code); notYours; otherPeriod',
      }),
    unit: unitCodeSchema.optional().meta({ description: 'The unit the file was matched to' }),
    revision: z
      .number()
      .int()
      .optional()
      .meta({ description: 'The revision stored, or duplicated' }),
    findings: z
      .array(findingSchema)
      .optional()
      .meta({ description: 'Why it was refused: the errors, then the warnings' }),
    message: z.string().meta({ description: 'The line in Vietnamese, for the clerk' }),
  })
  .meta({ id: 'ImportLine' })

export const unitStatusSchema = z
  .object({
    unit: unitCodeSchema,
    name: z.string(),
    level: unitLevelSchema,
    parent: unitCodeSchema.nullable(),
    parentName: z.string().nullable().meta({ description: "The upper union's name" }),
    form: formIdSchema.meta({ description: 'The form the unit fills' }),
    status: z
      .enum(['none', 'submitted', 'accepted', 'returned'])
      .meta({ description: 'Of the latest revision; none: nothing submitted yet (chưa nộp)' }),
    revision: z.number().int().nullable().meta({ description: 'The latest; null when none' }),
    submittedAt: z
      .string()
      .nullable()
      .meta({ description: 'When the latest revision came; null when none' }),
    late: z.boolean().meta({
      description:
        'First submitted after the deadline day (Vietnam time), as the rollup counts late; false when nothing was submitted',
    }),
    submittedBy: unitCodeSchema.nullable().meta({
      description: 'Who entered the latest revision: the unit, or an upper union (nhập hộ)',
    }),
    submittedByPerson: actingPersonSchema.nullable().meta({
      description: 'The person who entered the latest revision; null: a unit key, or nothing sent',
    }),
    warnings: z.number().int().meta({ description: 'Warnings of the latest revision' }),
    unconfirmed: z
      .number()
      .int()
      .meta({ description: 'Warnings of the latest revision nobody confirmed' }),
    reviewer: unitCodeSchema
      .nullable()
      .meta({ description: 'Who reviewed the latest revision; null when nobody did' }),
    reviewerPerson: actingPersonSchema.nullable().meta({
      description: 'The person who reviewed the latest revision; null: a unit key, or no review',
    }),
    decision: z.enum(['accept', 'return']).nullable(),
    phone: z
      .string()
      .nullable()
      .meta({ description: "The reporting clerk's phone, when the unit file gives it" }),
    email: z
      .string()
      .nullable()
      .meta({ description: "The reporting clerk's e-mail, when the unit file gives it" }),
  })
  .meta({ id: 'UnitStatus' })

export const statusResponseSchema = z
  .object({
    unit: unitCodeSchema,
    period: periodIdSchema,
    deadline: isoDateSchema,
    counts: z
      .object({
        expected: z.number().int().meta({ description: 'The rows of units' }),
        none: z.number().int().meta({ description: 'Units with nothing submitted' }),
        submitted: z.number().int().meta({
          description:
            'Units with a submission, whatever its status (accepted and returned count here too): expected − none',
        }),
        accepted: z.number().int(),
        returned: z.number().int(),
        late: z.number().int(),
      })
      .meta({ description: 'How many of the units have each standing' }),
    units: z.array(unitStatusSchema).meta({
      description:
        'The units below that fill a form (B01 for CĐCS, B02 for upper unions), in tree order: the page asked for',
    }),
    /** Which rows of the whole view `units` holds: every answer of the API is one page. */
    page: z
      .object({
        offset: z.number().int(),
        limit: z.number().int(),
        total: z.number().int().meta({ description: 'Rows in the whole view' }),
      })
      .optional(),
  })
  .meta({ id: 'StatusResponse' })

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    person: z
      .string()
      .nullable()
      .meta({ description: 'The person who acted (Name <login>); null for a unit key or the CLI' }),
    address: z.string().nullable(),
    action: z.string(),
    target: z.string(),
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
export type UnitResponse = z.infer<typeof unitResponseSchema>
export type ChildrenResponse = z.infer<typeof childrenResponseSchema>
export type FormsResponse = z.infer<typeof formsResponseSchema>
export type PeriodsResponse = z.infer<typeof periodsResponseSchema>
export type SubmissionResponse = z.infer<typeof submissionResponseSchema>
/** A reporting period (kỳ báo cáo): the one type the store, the rollup, the worker and the pane share. */
export type Period = z.infer<typeof periodSchema>
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
export type ChildReportsResponse = z.infer<typeof childReportsResponseSchema>
export type AuditEntry = z.infer<typeof auditEntrySchema>
