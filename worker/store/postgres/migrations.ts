/**
 * @module The numbered schema migrations of the PostgreSQL store; each runs once, in order, inside
 * a transaction, under an advisory lock so that workers starting together migrate once.
 */
import type { Migration } from '../sqlite/migrations.ts'

export const migrations: Migration[] = [
  {
    version: 1,
    description:
      'units, keys, periods, reports with revisions and reviews, idempotency, audit, forms, ' +
      'the change log other workers follow, sign-in failures and shared secrets',
    // Times stay ISO texts as the API gives them, and values, findings and details are json (the
    // text as written, where jsonb would reorder the keys), so both backends return the very same
    // bytes: a replayed submission answers exactly as the first time. SQL reads them as jsonb.
    sql: `
      CREATE TABLE meta (key text PRIMARY KEY, value bigint NOT NULL);
      INSERT INTO meta (key, value) VALUES ('data_version', 0), ('units_version', 0),
        ('forms_version', 0), ('log_floor', 0);

      CREATE TABLE units (
        id bigserial PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL,
        parent text,
        level text NOT NULL CHECK (level IN ('province', 'upper', 'grassroots')),
        valid_from text,
        valid_to text
      );
      CREATE INDEX units_code ON units (code);

      CREATE TABLE access_keys (
        id text PRIMARY KEY,
        unit text NOT NULL,
        hash text NOT NULL,
        created_at text NOT NULL,
        revoked_at text
      );
      CREATE INDEX access_keys_unit ON access_keys (unit);

      CREATE TABLE periods (
        id text PRIMARY KEY,
        cutoff text NOT NULL,
        deadline text NOT NULL,
        open boolean NOT NULL
      );

      CREATE TABLE reports (
        id bigserial PRIMARY KEY,
        unit text NOT NULL,
        period text NOT NULL,
        form text NOT NULL,
        latest_revision integer NOT NULL,
        status text NOT NULL,
        first_submitted_at text NOT NULL,
        form_version text NOT NULL,
        submitted_at text NOT NULL,
        UNIQUE (unit, period, form)
      );
      CREATE INDEX reports_period ON reports (period, form);

      CREATE TABLE revisions (
        report_id bigint NOT NULL REFERENCES reports (id),
        revision integer NOT NULL,
        form_version text NOT NULL,
        status text NOT NULL,
        submitted_at text NOT NULL,
        submitted_by text NOT NULL,
        vals json NOT NULL,
        warnings json NOT NULL,
        acknowledged json NOT NULL,
        acknowledgement_reason text,
        PRIMARY KEY (report_id, revision)
      );

      CREATE TABLE reviews (
        id bigserial PRIMARY KEY,
        report_id bigint NOT NULL REFERENCES reports (id),
        revision integer NOT NULL,
        decision text NOT NULL,
        comment text NOT NULL,
        reviewer text NOT NULL,
        reviewed_at text NOT NULL
      );
      CREATE INDEX reviews_revision ON reviews (report_id, revision);

      CREATE TABLE idempotency (
        report_id bigint NOT NULL REFERENCES reports (id),
        key text NOT NULL,
        request_hash text NOT NULL,
        revision integer NOT NULL,
        PRIMARY KEY (report_id, key)
      );

      CREATE TABLE audit (
        id bigserial PRIMARY KEY,
        at text NOT NULL,
        actor text NOT NULL,
        address text,
        action text NOT NULL,
        target text NOT NULL,
        details json NOT NULL
      );

      CREATE TABLE forms (
        seq bigserial,
        id text NOT NULL,
        version text NOT NULL,
        definition json NOT NULL,
        loaded_at text NOT NULL,
        PRIMARY KEY (id, version)
      );

      -- One row per report a commit changed, under the data version that commit reached: another
      -- worker reads what moved since the version its cache was made at.
      CREATE TABLE change_log (
        id bigserial PRIMARY KEY,
        version bigint NOT NULL,
        unit text NOT NULL,
        period text NOT NULL,
        form text NOT NULL
      );
      CREATE INDEX change_log_version ON change_log (version);

      -- Failed sign-ins per key (a unit, an address, both) in fixed windows, shared by the workers.
      CREATE TABLE sign_in_failures (
        key text PRIMARY KEY,
        window_start bigint NOT NULL,
        failures integer NOT NULL
      );

      CREATE TABLE secrets (name text PRIMARY KEY, value text NOT NULL);
    `,
  },
  {
    version: 2,
    description:
      "notes and per-warning reasons on revisions; the status row's facts on reports; unit contacts",
    // As in SQLite's migration 6: the status sheet reads 20,000 units from the reports table alone.
    sql: `
      ALTER TABLE revisions ADD COLUMN notes json NOT NULL DEFAULT '{}';
      ALTER TABLE revisions ADD COLUMN warning_reasons json NOT NULL DEFAULT '{}';
      ALTER TABLE reports ADD COLUMN submitted_by text NOT NULL DEFAULT '';
      ALTER TABLE reports ADD COLUMN warning_count integer NOT NULL DEFAULT 0;
      ALTER TABLE reports ADD COLUMN unconfirmed_count integer NOT NULL DEFAULT 0;
      ALTER TABLE reports ADD COLUMN reviewer text;
      ALTER TABLE reports ADD COLUMN decision text;
      UPDATE reports r SET
        submitted_by = v.submitted_by,
        warning_count = json_array_length(v.warnings),
        unconfirmed_count = greatest(0, json_array_length(v.warnings)
          - json_array_length(v.acknowledged))
      FROM revisions v WHERE v.report_id = r.id AND v.revision = r.latest_revision;
      UPDATE reports r SET reviewer = w.reviewer, decision = w.decision
      FROM (SELECT DISTINCT ON (report_id, revision) report_id, revision, reviewer, decision
        FROM reviews ORDER BY report_id, revision, id DESC) w
      WHERE w.report_id = r.id AND w.revision = r.latest_revision;
      ALTER TABLE units ADD COLUMN phone text;
      ALTER TABLE units ADD COLUMN email text;
    `,
  },
  {
    version: 3,
    description: 'targets (chỉ tiêu) a union sets for the units directly below it',
    sql: `
      CREATE TABLE targets (
        unit text NOT NULL,
        period text NOT NULL,
        form text NOT NULL,
        row text NOT NULL,
        value double precision NOT NULL,
        set_by text NOT NULL,
        set_at text NOT NULL,
        PRIMARY KEY (period, form, unit, row)
      );
    `,
  },
  {
    version: 4,
    description: 'accounts of people under a unit, with their roles',
    sql: `
      CREATE TABLE accounts (
        login text PRIMARY KEY,
        name text NOT NULL,
        unit text NOT NULL,
        roles json NOT NULL,
        password_hash text,
        code_hash text,
        created_at text NOT NULL,
        disabled_at text
      );
      CREATE INDEX accounts_unit ON accounts (unit, login);
      ALTER TABLE audit ADD COLUMN person text;
    `,
  },
  {
    version: 5,
    description: 'the person beside the unit on every revision and review, and on the status row',
    // As in SQLite's migration 9: NULL (every row before this) reads as a unit key.
    sql: `
      ALTER TABLE revisions ADD COLUMN submitted_by_login text;
      ALTER TABLE revisions ADD COLUMN submitted_by_name text;
      ALTER TABLE reviews ADD COLUMN reviewer_login text;
      ALTER TABLE reviews ADD COLUMN reviewer_name text;
      ALTER TABLE reports ADD COLUMN submitted_by_login text;
      ALTER TABLE reports ADD COLUMN submitted_by_name text;
      ALTER TABLE reports ADD COLUMN reviewer_login text;
      ALTER TABLE reports ADD COLUMN reviewer_name text;
    `,
  },
  {
    version: 6,
    description: "each report's latest numbers packed, beside the revisions, for rollups",
    // As in SQLite's migration 10: the revisions keep their values as json, the text the clerk
    // sent; a rollup reads these small binary rows instead of parsing every report's JSON.
    sql: `
      CREATE TABLE value_layouts (key text PRIMARY KEY, codes text NOT NULL);
      CREATE TABLE latest_values (
        report_id bigint PRIMARY KEY REFERENCES reports (id),
        layout text NOT NULL,
        packed bytea NOT NULL
      );
    `,
  },
  {
    version: 7,
    description:
      'one change row a commit, stamped with its transaction id, instead of a data version every commit locked',
    sql: `
      DROP TABLE change_log;
      -- What one commit moved: the reports (unit, period and form, position by position) and the
      -- other versions it bumps. A worker reads the rows that became visible since its last
      -- snapshot; no row is shared by the commits, so they never wait for one another.
      CREATE TABLE changes (
        id bigserial PRIMARY KEY,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        at timestamptz NOT NULL DEFAULT now(),
        bumped text[] NOT NULL,
        units text[] NOT NULL,
        periods text[] NOT NULL,
        forms text[] NOT NULL
      );
      CREATE INDEX changes_xid ON changes (xid);
      CREATE INDEX changes_at ON changes (at);
      -- Rows pruned so far (the versions count them) and the transaction id below which every
      -- row is gone (a worker whose last snapshot is older counts again).
      DELETE FROM meta WHERE key IN ('data_version', 'units_version', 'forms_version', 'log_floor');
      INSERT INTO meta (key, value) VALUES ('changes_pruned', 0), ('units_pruned', 0),
        ('forms_pruned', 0), ('log_floor', 0);
    `,
  },
  {
    version: 8,
    description: "one index on reports for both a report's lookup and a period's reports",
    // The appends of a batch find their reports by unit, period and form in one statement: with
    // the period's index beside the unique one, a planner whose statistics lag (a table filling
    // up) walked every report of the period for each. Period and form first serve both; a new
    // report writes one index fewer.
    sql: `
      ALTER TABLE reports ADD CONSTRAINT reports_period_form_unit_key UNIQUE (period, form, unit);
      ALTER TABLE reports DROP CONSTRAINT reports_unit_period_form_key;
      DROP INDEX reports_period;
    `,
  },
]
