/**
 * @module The decisions a write to the store takes, as pure functions over what the write found in
 * its transaction: idempotent replay, the If-Match conflict, the lock on accepted reports, the
 * closed period and the next revision number. Every backend reads the report's state inside its
 * own transaction, asks these functions, and carries out the answer, so the rules exist once.
 */
import type { NewRevision, StoredRevision, SubmissionStatus } from './store.ts'

/** A report as its write found it: its latest revision (1, 2, …) and that revision's status. */
export interface ReportState {
  latestRevision: number
  status: SubmissionStatus
}

/** An Idempotency-Key the report has already stored a revision under. */
export interface SeenKey {
  requestHash: string
  revision: number
}

export interface AppendFacts {
  /** The report, or undefined when the unit has never submitted it. */
  report: ReportState | undefined
  /** The record of the request's Idempotency-Key on this report, when it has one. */
  seenKey: SeenKey | undefined
  /** The hash of the request body, when the request carries an Idempotency-Key. */
  requestHash: string | undefined
  periodOpen: boolean
  /** The revision the client last saw (If-Match); 0 means "nothing submitted yet". */
  ifMatch: number | undefined
}

export type AppendDecision =
  | { kind: 'append'; revision: number }
  | { kind: 'replay'; revision: number }
  | { kind: 'keyReused' }
  | { kind: 'conflict'; latest: number }
  | { kind: 'accepted' }
  | { kind: 'periodClosed' }

/**
 * What an append does. A retry of a stored submission gets its first answer even after the
 * period closed or the report was reviewed: the add-in's offline queue must learn that its report
 * arrived. Then, in the order a clerk would fix them: the closed period, the stale If-Match, the
 * accepted report.
 *
 * @example
 * decideAppend({ report: undefined, seenKey: undefined, requestHash: undefined, periodOpen: true, ifMatch: 0 })
 * // { kind: 'append', revision: 1 }
 */
export function decideAppend(facts: AppendFacts): AppendDecision {
  if (facts.seenKey) {
    return facts.seenKey.requestHash === facts.requestHash
      ? { kind: 'replay', revision: facts.seenKey.revision }
      : { kind: 'keyReused' }
  }
  if (!facts.periodOpen) {
    return { kind: 'periodClosed' }
  }
  const latest = facts.report?.latestRevision ?? 0
  if (facts.ifMatch !== undefined && facts.ifMatch !== latest) {
    return { kind: 'conflict', latest }
  }
  if (facts.report?.status === 'accepted') {
    return { kind: 'accepted' }
  }
  return { kind: 'append', revision: latest + 1 }
}

export interface ReviewFacts {
  report: ReportState | undefined
  periodOpen: boolean
  decision: 'accept' | 'return'
  /** The revision the reviewer was shown; a review never lands on one they have not seen. */
  ifMatch?: number
}

export type ReviewDecision =
  | { kind: 'review'; revision: number; status: SubmissionStatus }
  | { kind: 'notFound' }
  | { kind: 'periodClosed' }
  | { kind: 'conflict'; latest: number }

/**
 * What a review does: it marks the latest revision accepted or returned, in an open period, and
 * only when it is the revision the reviewer read (If-Match), when the reviewer says which.
 */
export function decideReview(facts: ReviewFacts): ReviewDecision {
  if (!facts.periodOpen) {
    return { kind: 'periodClosed' }
  }
  if (!facts.report || facts.report.latestRevision === 0) {
    return { kind: 'notFound' }
  }
  if (facts.ifMatch !== undefined && facts.ifMatch !== facts.report.latestRevision) {
    return { kind: 'conflict', latest: facts.report.latestRevision }
  }
  return {
    kind: 'review',
    revision: facts.report.latestRevision,
    status: facts.decision === 'accept' ? 'accepted' : 'returned',
  }
}

/** The id of a revision as the API shows it: `unit/period/form/revision`. */
export function revisionId(
  report: { unit: string; period: string; form: string },
  revision: number,
): string {
  return `${report.unit}/${report.period}/${report.form}/${revision}`
}

/** The revision an append stored, as its answer gives it. */
export function createdRevision(input: NewRevision, revision: number): StoredRevision {
  return {
    id: revisionId(input, revision),
    unit: input.unit,
    period: input.period,
    form: input.form,
    formVersion: input.formVersion,
    revision,
    status: 'submitted',
    submittedAt: input.submittedAt,
    submittedBy: input.submittedBy,
    submittedByPerson: input.submittedByPerson ?? null,
    values: input.values,
    warnings: input.warnings,
    acknowledgedWarnings: input.acknowledgedWarnings,
    acknowledgementReason: input.acknowledgementReason ?? null,
    warningReasons: input.warningReasons ?? {},
    notes: input.notes ?? {},
    review: null,
  }
}
