/**
 * @module Storing a report (PUT and upload share it): the unit, period and form checks, the
 * shared validation against the unit's previous period, then one new revision, appended inside
 * the store's transaction with the If-Match and Idempotency-Key checks.
 */
import { createHash } from 'node:crypto'
import type { FormDefinition, RawValues } from '../shared/form-definition.ts'
import { checkSubmission, hasErrors } from '../shared/validation.ts'
import { unitLevelsForForm } from '../shared/form-catalog.ts'
import type { Unit } from '../shared/unit-tree.ts'
import type { Submission, SubmissionCreated } from '../shared/api-schemas.ts'
import type { Services, Session } from './context.ts'
import { ApiError, errors } from './errors.ts'
import { visibleUnit } from './access.ts'
import { previousComparablePeriod } from '../shared/periods.ts'
import type { StoredPeriod, StoredRevision } from './store/store.ts'

/** The unit, period and form a report route names, checked in the order a clerk would fix them. */
export interface ReportTarget {
  unit: Unit
  period: StoredPeriod
  form: FormDefinition
}

/** What storing a report needs of the app's services (the CLI's import builds just these). */
export type ReportServices = Pick<Services, 'store' | 'catalog' | 'units' | 'now'>

export async function reportTarget(
  services: ReportServices,
  session: Session,
  params: { unit: string; period: string; form: string },
): Promise<ReportTarget> {
  const period = await services.store.getPeriod(params.period)
  if (!period) {
    throw errors.periodNotFound(params.period)
  }
  const tree = await services.units.treeAt(period.cutoff)
  const unit = visibleUnit(tree, session, params.unit)
  const form = services.catalog.get(params.form)
  if (!form) {
    throw errors.formNotFound(params.form)
  }
  return { unit, period, form }
}

function formFitsUnit(form: FormDefinition, unit: Unit): void {
  if (!unitLevelsForForm(form).includes(unit.level)) {
    throw new ApiError(
      422,
      'FORM_NOT_FOR_UNIT',
      `Biểu mẫu ${form.id} không dành cho đơn vị cấp này (${unit.name}).`,
      `Form ${form.id} is not filled by a unit of level ${unit.level}.`,
    )
  }
}

/** Parses If-Match: `3`, `"3"` or `W/"3"`; 0 means "expecting no submission yet". */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) {
    return undefined
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header)
  if (!match?.[1]) {
    throw new ApiError(
      400,
      'INVALID_IF_MATCH',
      'Tiêu đề If-Match phải là số phiên bản báo cáo, ví dụ "3".',
      'The If-Match header must be a revision number, e.g. "3".',
    )
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
  ifMatch: number | undefined
  idempotencyKey: string | undefined
  /** What the audit log says the report came through: a PUT, an upload, or a bulk import of
   * e-mailed templates (entered by the importing union). */
  via: 'put' | 'upload' | 'import'
}

export function submissionBody(revision: StoredRevision): Submission {
  const acknowledged = new Set(revision.acknowledgedWarnings)
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
    values: revision.values,
    warnings: revision.warnings.map((w) => ({ ...w, acknowledged: acknowledged.has(w.rule) })),
    acknowledgedWarnings: revision.acknowledgedWarnings,
    acknowledgementReason: revision.acknowledgementReason,
    review: revision.review,
  }
}

function createdBody(revision: StoredRevision): SubmissionCreated {
  const submission = submissionBody(revision)
  return { submission, warnings: submission.warnings }
}

export async function submitReport(
  services: ReportServices,
  input: SubmitInput,
): Promise<{ body: SubmissionCreated; replayed: boolean }> {
  const {
    unit,
    period,
    form: latestForm,
  } = await reportTarget(services, input.session, input.params)
  formFitsUnit(latestForm, unit)
  const version = input.formVersion ?? latestForm.version
  const form = services.catalog.get(latestForm.id, version)
  if (!form) {
    throw new ApiError(
      422,
      'UNKNOWN_FORM_VERSION',
      `Biểu mẫu ${latestForm.id} không có phiên bản ${version}; các phiên bản: ${services.catalog.versions(latestForm.id).join(', ')}.`,
      `Form ${latestForm.id} has no version ${version}.`,
    )
  }
  if (!period.open && !input.idempotencyKey) {
    throw errors.periodClosed(period.id)
  }
  const previous = previousComparablePeriod(period.id, await services.store.listPeriods())
  const previousValues = previous
    ? (await services.store.latestRevision(unit.code, previous.id, form.id))?.values
    : undefined
  const { values, findings } = checkSubmission(form, input.values, previousValues ?? null)
  if (hasErrors(findings)) {
    throw new ApiError(
      422,
      'VALIDATION_FAILED',
      'Báo cáo còn lỗi, chưa được lưu. Xem danh sách lỗi theo từng dòng.',
      'The report has errors and was not stored; see the findings by row.',
      { details: findings },
    )
  }
  const warnings = findings.filter((f) => f.severity === 'warning')
  const known = new Set(warnings.map((w) => w.rule))
  const acknowledged = [...new Set(input.acknowledgedWarnings)].filter((rule) => known.has(rule))
  const reason = input.acknowledgementReason || null
  const requestHash = input.idempotencyKey
    ? createHash('sha256')
        .update(JSON.stringify([version, input.values, input.acknowledgedWarnings, reason]))
        .digest('base64url')
    : ''
  const result = await services.store.appendRevision({
    unit: unit.code,
    period: period.id,
    form: form.id,
    formVersion: form.version,
    values,
    warnings,
    acknowledgedWarnings: acknowledged,
    acknowledgementReason: reason,
    submittedAt: services.now().toISOString(),
    submittedBy: input.session.unit,
    ...(input.ifMatch !== undefined ? { ifMatch: input.ifMatch } : {}),
    ...(input.idempotencyKey ? { idempotency: { key: input.idempotencyKey, requestHash } } : {}),
    audit: {
      actor: input.session.unit,
      address: input.address,
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
      return { body: createdBody(result.revision), replayed: false }
    case 'replayed':
      return { body: createdBody(result.revision), replayed: true }
    case 'keyReused':
      throw new ApiError(
        409,
        'IDEMPOTENCY_KEY_REUSED',
        'Khóa Idempotency-Key này đã được dùng cho một báo cáo có nội dung khác.',
        'This Idempotency-Key was already used with a different body.',
      )
    case 'conflict':
      throw new ApiError(
        409,
        'REVISION_CONFLICT',
        `Báo cáo đã được gửi lại (phiên bản ${result.latest}) kể từ khi bạn mở; hãy tải bản mới nhất rồi gửi lại.`,
        `The report has changed since you loaded it (latest revision ${result.latest}).`,
        { details: [{ latestRevision: result.latest }] },
      )
    case 'accepted':
      throw new ApiError(
        409,
        'REPORT_ACCEPTED',
        'Báo cáo đã được cấp trên duyệt nên không sửa được; đề nghị cấp trên trả lại nếu cần sửa.',
        'The report has been accepted and is locked; ask the upper union to return it first.',
      )
    case 'periodClosed':
      throw errors.periodClosed(period.id)
  }
}
