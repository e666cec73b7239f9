/**
 * @module Storing a report (PUT and upload share it): the unit, period and form checks, the
 * shared validation against the unit's previous period, then one new revision, appended inside
 * the store's transaction with the If-Match and Idempotency-Key checks.
 */
import { createHash } from 'node:crypto'
import { fillsForm } from '../shared/form-definition.ts'
import type { FormDefinition, RawValues } from '../shared/form-definition.ts'
import { checkSubmission, hasErrors } from '../shared/validation.ts'
import { findingsWithTexts } from '../shared/messages.ts'
import type { Unit } from '../shared/unit-tree.ts'
import type { Period, Submission, SubmissionCreated } from '../shared/api-schemas.ts'
import type { Services, Session } from './context.ts'
import { ApiError } from './errors.ts'
import { actingPerson, actorOf, requirePermission, visibleUnit } from './access.ts'
import { ACTS } from '../shared/accounts.ts'
import { previousComparablePeriod } from '../shared/periods.ts'
import type { StoredRevision } from './store/store.ts'

/** The unit, period and form a report route names, checked in the order a clerk would fix them. */
export interface ReportTarget {
  unit: Unit
  period: Period
  form: FormDefinition
}

/** What storing a report needs of the app's services (the CLI's import builds just these). */
export type ReportServices = Pick<Services, 'store' | 'catalog' | 'units' | 'now'>

/** Entering a unit's report: one's own (lập biểu), or another unit's (nhập hộ, duyệt). */
export function requireEntering(session: Session, unit: string): void {
  requirePermission(session, unit === session.unit ? ACTS.submitOwn : ACTS.enterOnBehalf)
}

export async function reportTarget(
  services: ReportServices,
  session: Session,
  params: { unit: string; period: string; form: string },
): Promise<ReportTarget> {
  const period = await services.store.getPeriod(params.period)
  if (!period) {
    throw new ApiError('PERIOD_NOT_FOUND', { params: { period: params.period } })
  }
  const tree = await services.units.treeAt(period.cutoff)
  const unit = visibleUnit(tree, session, params.unit)
  const form = services.catalog.get(params.form)
  if (!form) {
    throw new ApiError('FORM_NOT_FOUND', { params: { form: params.form } })
  }
  return { unit, period, form }
}

function formFitsUnit(form: FormDefinition, unit: Unit): void {
  if (!fillsForm(form.level, unit.level)) {
    throw new ApiError('FORM_NOT_FOR_UNIT', {
      params: { form: form.id, unitName: unit.name, level: unit.level },
    })
  }
}

/** Parses If-Match: `3`, `"3"` or `W/"3"`; 0 means "expecting no submission yet". */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) {
    return undefined
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header)
  if (!match?.[1]) {
    throw new ApiError('INVALID_IF_MATCH')
  }
  return Number(match[1])
}

export interface SubmitInput {
  session: Session
  address: string | null
  params: { unit: string; period: string; form: string }
  formVersion: string | undefined
  values: RawValues
  acknowledgedWarnings: string[]
  /** Trimmed by the request schema; empty counts as no reason. */
  acknowledgementReason: string | undefined
  /** Per-warning reasons by rule id; empty ones count as none. */
  warningReasons?: Record<string, string> | undefined
  /** The Ghi chú of each row by row code; empty ones are dropped. */
  notes?: Record<string, string> | undefined
  ifMatch: number | undefined
  idempotencyKey: string | undefined
  /** What the audit log says the report came through: a PUT, an upload, or a bulk import of
   * e-mailed templates (entered by the importing union). */
  via: 'put' | 'upload' | 'import'
}

export function submissionBody(revision: StoredRevision): Submission {
  const acknowledged = new Set(revision.acknowledgedWarnings)
  const reasonOf = (rule: string): string | null =>
    acknowledged.has(rule)
      ? (revision.warningReasons[rule] ?? revision.acknowledgementReason ?? null)
      : null
  return {
    id: revision.id,
    unit: revision.unit,
    period: revision.period,
    form: revision.form,
    formVersion: revision.formVersion,
    revision: revision.revision,
    status: revision.status,
    submittedAt: revision.submittedAt,
    submittedBy: revision.submittedBy,
    submittedByPerson: revision.submittedByPerson,
    values: revision.values,
    warnings: revision.warnings.map((w) => ({
      ...w,
      acknowledged: acknowledged.has(w.rule),
      reason: reasonOf(w.rule),
    })),
    acknowledgedWarnings: revision.acknowledgedWarnings,
    acknowledgementReason: revision.acknowledgementReason,
    warningReasons: revision.warningReasons,
    notes: revision.notes,
    review: revision.review,
  }
}

/** A stored revision as the 201 gives it; with the values' JSON when the store was given it. */
export interface StoredReport {
  body: SubmissionCreated
  replayed: boolean
  valuesJson?: string
}

function createdBody(revision: StoredRevision): SubmissionCreated {
  const submission = submissionBody(revision)
  return { submission, warnings: submission.warnings }
}

/** The non-empty texts of `texts` whose key `keep` accepts. */
function nonEmpty(
  texts: Record<string, string> | undefined,
  keep: (key: string) => boolean,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(texts ?? {})
      .map(([key, text]) => [key, text.trim()] as const)
      .filter(([key, text]) => text !== '' && keep(key)),
  )
}

/**
 * Checks and stores one revision. `target` is the route's unit, period and form when the caller
 * has already checked them (an upload does, before it reads the file).
 */
export async function submitReport(
  services: ReportServices,
  input: SubmitInput,
  target?: ReportTarget,
): Promise<StoredReport> {
  const {
    unit,
    period,
    form: latestForm,
  } = target ?? (await reportTarget(services, input.session, input.params))
  requireEntering(input.session, unit.code)
  formFitsUnit(latestForm, unit)
  const version = input.formVersion ?? latestForm.version
  const form = services.catalog.get(latestForm.id, version)
  if (!form) {
    throw new ApiError('UNKNOWN_FORM_VERSION', {
      params: { form: latestForm.id, version, versions: services.catalog.versions(latestForm.id) },
    })
  }
  if (!period.open && !input.idempotencyKey) {
    throw new ApiError('PERIOD_CLOSED', { params: { period: period.id } })
  }
  const previous = previousComparablePeriod(period.id, await services.store.listPeriods())
  const previousValues = previous
    ? (await services.store.latestRevision(unit.code, previous.id, form.id))?.values
    : undefined
  const { values, findings } = checkSubmission(form, input.values, previousValues ?? null)
  if (hasErrors(findings)) {
    throw new ApiError('VALIDATION_FAILED', { details: findingsWithTexts(findings, form) })
  }
  const warnings = findings.filter((f) => f.severity === 'warning')
  const known = new Set(warnings.map((w) => w.rule))
  const acknowledged = [...new Set(input.acknowledgedWarnings)].filter((rule) => known.has(rule))
  const reason = input.acknowledgementReason || null
  const warningReasons = nonEmpty(input.warningReasons, (rule) => acknowledged.includes(rule))
  const notes = nonEmpty(input.notes, (code) => form.rows.some((row) => row.code === code))
  const requestHash = input.idempotencyKey
    ? createHash('sha256')
        .update(
          JSON.stringify([
            version,
            input.values,
            input.acknowledgedWarnings,
            reason,
            warningReasons,
            notes,
          ]),
        )
        .digest('base64url')
    : ''
  const valuesJson = JSON.stringify(values)
  const result = await services.store.appendRevision({
    unit: unit.code,
    period: period.id,
    form: form.id,
    formVersion: form.version,
    values,
    valuesJson,
    warnings,
    acknowledgedWarnings: acknowledged,
    acknowledgementReason: reason,
    warningReasons,
    notes,
    submittedAt: services.now().toISOString(),
    submittedBy: input.session.unit,
    submittedByPerson: actingPerson(input.session),
    ...(input.ifMatch !== undefined ? { ifMatch: input.ifMatch } : {}),
    ...(input.idempotencyKey ? { idempotency: { key: input.idempotencyKey, requestHash } } : {}),
    audit: {
      ...actorOf(input.session, input.address),
      action: 'submission.create',
      target: `${unit.code}/${period.id}/${form.id}`,
      details: {
        via: input.via,
        formVersion: form.version,
        warnings: warnings.length,
        acknowledgedWarnings: acknowledged,
        acknowledgementReason: reason,
      },
    },
  })
  switch (result.kind) {
    case 'created':
      return { body: createdBody(result.revision), replayed: false, valuesJson }
    case 'replayed':
      return { body: createdBody(result.revision), replayed: true }
    case 'keyReused':
      throw new ApiError('IDEMPOTENCY_KEY_REUSED')
    case 'conflict':
      throw new ApiError('REVISION_CONFLICT', {
        params: { latest: result.latest },
        details: [{ latestRevision: result.latest }],
      })
    case 'accepted':
      throw new ApiError('REPORT_ACCEPTED')
    case 'periodClosed':
      throw new ApiError('PERIOD_CLOSED', { params: { period: period.id } })
  }
}
