/**
 * @module The PostgreSQL statement that appends the revisions of several reports at once, in one
 * round trip and one transaction, each only where `decideAppend` would append; what it leaves the
 * store decides one by one after it, with the lock, `decideAppend` and the savepoint of each.
 */
import type { NewRevision } from '../store.ts'
import type { PackedRow } from '../packed.ts'
import { revisionTexts } from '../revision-texts.ts'

/**
 * The parameters of one append, in the order of the statement's `input` columns. `auditAt` is
 * the time of the audit entry.
 */
export function appendRow(input: NewRevision, packed: PackedRow, auditAt: string): unknown[] {
  const acknowledged = new Set(input.acknowledgedWarnings)
  const person = input.submittedByPerson ?? null
  const texts = revisionTexts(input)
  return [
    input.unit,
    input.period,
    input.form,
    input.ifMatch ?? null,
    input.idempotency?.key ?? null,
    input.idempotency?.requestHash ?? null,
    input.formVersion,
    input.submittedAt,
    input.submittedBy,
    texts.values,
    texts.warnings,
    texts.acknowledged,
    input.acknowledgementReason ?? null,
    texts.notes,
    texts.warningReasons,
    input.warnings.length,
    input.warnings.filter((w) => !acknowledged.has(w.rule)).length,
    person?.login ?? null,
    person?.name ?? null,
    auditAt,
    input.audit.actor,
    input.audit.address,
    input.audit.action,
    input.audit.target,
    JSON.stringify(input.audit.details ?? null),
    input.audit.person ?? null,
    packed.layout,
    packed.packed,
  ]
}

/** The statement's parameters: one array a column, one element an append (reports all distinct). */
export function appendParameters(rows: readonly unknown[][]): unknown[][] {
  const columns = rows[0]?.length ?? 0
  return Array.from({ length: columns }, (_, c) => rows.map((row) => row[c]))
}

/** One append the statement stored: its position in the input, its revision, the change row. */
export interface AppendedRow {
  n: string
  revision: number
  change: string
}

/**
 * One statement, one plan, one transaction for the whole batch. Each append goes through only
 * when its report is, at the moment its row is locked, the one this statement's snapshot read
 * (same revision, same status: nothing committed on it since), the period is open, the If-Match
 * holds, the report is not accepted and the Idempotency-Key was never stored for it: where
 * `decideAppend` appends, and the revision it numbers. Anything else (a replay, a conflict, a
 * closed period, a report another worker changed meanwhile) returns no row and writes nothing, so
 * the store decides it alone after, with the lock and `decideAppend`. Rows are locked in the
 * order of the input, the order every batch of every worker locks in. With $29, the change row
 * of the commit (the reports stored, in order) is written too, and its id returned.
 *
 * Each report is looked up alone by its unique index (LIMIT 1 keeps the planner, which cannot
 * know how many appends come, from hashing every report of the table instead). A report read by
 * the snapshot is always there to conflict with (reports are never deleted), so
 * the row proposed for it carries what was read, its revision plus one and its status, and the
 * conflict's guard compares the locked row with `excluded`; a new report is inserted as it is.
 */
export const APPEND_MANY = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::text[],
      $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
      $13::text[], $14::text[], $15::text[], $16::integer[], $17::integer[], $18::text[],
      $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[],
      $26::text[], $27::text[], $28::bytea[]) WITH ORDINALITY
      AS i (unit, period, form, if_match, idempotency_key, request_hash, form_version,
        submitted_at, submitted_by, vals, warnings, acknowledged, acknowledgement_reason, notes,
        warning_reasons, warning_count, unconfirmed_count, login, person_name, audit_at, actor,
        address, action, target, details, audit_person, layout, packed, n)),
  seen AS (
    SELECT i.n, r.id, r.latest_revision, r.status,
      EXISTS (SELECT 1 FROM idempotency k WHERE k.report_id = r.id
        AND k.key = i.idempotency_key) AS key_seen
    FROM input i CROSS JOIN LATERAL (SELECT id, latest_revision, status FROM reports r
      WHERE r.period = i.period AND r.form = i.form AND r.unit = i.unit LIMIT 1) r),
  report AS (
    INSERT INTO reports AS r (unit, period, form, latest_revision, status, first_submitted_at,
      form_version, submitted_at, submitted_by, submitted_by_login, submitted_by_name,
      warning_count, unconfirmed_count)
    SELECT i.unit, i.period, i.form, coalesce(s.latest_revision, 0) + 1,
      coalesce(s.status, 'submitted'), i.submitted_at, i.form_version, i.submitted_at,
      i.submitted_by, i.login, i.person_name, i.warning_count, i.unconfirmed_count
    FROM input i LEFT JOIN seen s USING (n)
    WHERE EXISTS (SELECT 1 FROM periods p WHERE p.id = i.period AND p.open)
      AND (i.if_match IS NULL OR i.if_match = coalesce(s.latest_revision, 0))
      AND (s.id IS NULL OR (s.status <> 'accepted' AND NOT s.key_seen))
    ORDER BY i.n
    ON CONFLICT (unit, period, form) DO UPDATE SET latest_revision = excluded.latest_revision,
      status = 'submitted', form_version = excluded.form_version,
      submitted_at = excluded.submitted_at,
      first_submitted_at = CASE WHEN r.latest_revision = 0 THEN excluded.submitted_at
        ELSE r.first_submitted_at END,
      submitted_by = excluded.submitted_by, submitted_by_login = excluded.submitted_by_login,
      submitted_by_name = excluded.submitted_by_name, warning_count = excluded.warning_count,
      unconfirmed_count = excluded.unconfirmed_count,
      reviewer = NULL, reviewer_login = NULL, reviewer_name = NULL, decision = NULL
    WHERE r.latest_revision + 1 = excluded.latest_revision AND r.status = excluded.status
    RETURNING r.id, r.unit, r.period, r.form, r.latest_revision),
  done AS (
    SELECT i.*, d.id, d.latest_revision FROM report d JOIN input i USING (unit, period, form)),
  latest AS (
    INSERT INTO latest_values (report_id, layout, packed) SELECT id, layout, packed FROM done
    ON CONFLICT (report_id) DO UPDATE SET layout = excluded.layout, packed = excluded.packed),
  revision AS (
    INSERT INTO revisions (report_id, revision, form_version, status, submitted_at, submitted_by,
      vals, warnings, acknowledged, acknowledgement_reason, notes, warning_reasons,
      submitted_by_login, submitted_by_name)
    SELECT id, latest_revision, form_version, 'submitted', submitted_at, submitted_by,
      vals::json, warnings::json, acknowledged::json, acknowledgement_reason, notes::json,
      warning_reasons::json, login, person_name
    FROM done),
  idempotent AS (
    INSERT INTO idempotency (report_id, key, request_hash, revision)
    SELECT id, idempotency_key, request_hash, latest_revision FROM done
    WHERE idempotency_key IS NOT NULL),
  audited AS (
    INSERT INTO audit (at, actor, address, action, target, details, person)
    SELECT audit_at, actor, address, action, target, details::json, audit_person FROM done
    ORDER BY n),
  changed AS (
    INSERT INTO changes (bumped, units, periods, forms)
    SELECT '{}', array_agg(unit ORDER BY n), array_agg(period ORDER BY n),
      array_agg(form ORDER BY n)
    FROM done HAVING $29::boolean AND count(*) > 0
    RETURNING id)
  SELECT n::text AS n, latest_revision AS revision, (SELECT id::text FROM changed) AS change
  FROM done`
