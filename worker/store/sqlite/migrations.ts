/**
 * @module The numbered schema migrations of the SQLite store; each runs once, in order, inside a
 * transaction, and `schema_version` records how far a database has come.
 */

export interface Migration {
  version: number
  description: string
  sql: string
}

export const migrations: Migration[] = [
  {
    version: 1,
    description: 'units, keys, periods, reports with revisions and reviews, idempotency, audit',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT INTO meta (key, value) VALUES ('data_version', 0), ('units_version', 0);

      CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        parent TEXT,
        level TEXT NOT NULL CHECK (level IN ('province', 'upper', 'grassroots')),
        valid_from TEXT,
        valid_to TEXT
      );
      CREATE INDEX units_code ON units (code);

      CREATE TABLE access_keys (
        id TEXT PRIMARY KEY,
        unit TEXT NOT NULL,
        hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX access_keys_unit ON access_keys (unit);

      CREATE TABLE periods (
        id TEXT PRIMARY KEY,
        cutoff TEXT NOT NULL,
        deadline TEXT NOT NULL,
        open INTEGER NOT NULL
      );

      CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        period TEXT NOT NULL,
        form TEXT NOT NULL,
        latest_revision INTEGER NOT NULL,
        status TEXT NOT NULL,
        first_submitted_at TEXT NOT NULL,
        UNIQUE (unit, period, form)
      );
      CREATE INDEX reports_period ON reports (period, form);

      CREATE TABLE revisions (
        report_id INTEGER NOT NULL REFERENCES reports (id),
        revision INTEGER NOT NULL,
        form_version TEXT NOT NULL,
        status TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        submitted_by TEXT NOT NULL,
        vals TEXT NOT NULL,
        warnings TEXT NOT NULL,
        acknowledged TEXT NOT NULL,
        PRIMARY KEY (report_id, revision)
      ) WITHOUT ROWID;

      CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports (id),
        revision INTEGER NOT NULL,
        decision TEXT NOT NULL,
        comment TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        reviewed_at TEXT NOT NULL
      );
      CREATE INDEX reviews_revision ON reviews (report_id, revision);

      CREATE TABLE idempotency (
        report_id INTEGER NOT NULL REFERENCES reports (id),
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        revision INTEGER NOT NULL,
        PRIMARY KEY (report_id, key)
      ) WITHOUT ROWID;

      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        address TEXT,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        details TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "the latest revision's form version and time on its report",
    // So that status views and rollups read the small reports table, never the revisions with
    // their values (tens of megabytes for a province).
    sql: `
      ALTER TABLE reports ADD COLUMN form_version TEXT NOT NULL DEFAULT '';
      ALTER TABLE reports ADD COLUMN submitted_at TEXT NOT NULL DEFAULT '';
      UPDATE reports SET
        form_version = (SELECT v.form_version FROM revisions v
          WHERE v.report_id = reports.id AND v.revision = reports.latest_revision),
        submitted_at = (SELECT v.submitted_at FROM revisions v
          WHERE v.report_id = reports.id AND v.revision = reports.latest_revision);
    `,
  },
  {
    version: 3,
    description: 'revisions in a rowid table',
    // A WITHOUT ROWID row keeps at most about 1 KB on its page and spills the rest to overflow
    // pages; the values of a report are about 2 KB, so reading a province's reports was twice as
    // slow as from a rowid table, where a row keeps up to 4 KB in place.
    sql: `
      CREATE TABLE revisions_rowid (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports (id),
        revision INTEGER NOT NULL,
        form_version TEXT NOT NULL,
        status TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        submitted_by TEXT NOT NULL,
        vals TEXT NOT NULL,
        warnings TEXT NOT NULL,
        acknowledged TEXT NOT NULL,
        UNIQUE (report_id, revision)
      );
      INSERT INTO revisions_rowid (report_id, revision, form_version, status, submitted_at,
        submitted_by, vals, warnings, acknowledged)
        SELECT report_id, revision, form_version, status, submitted_at, submitted_by, vals,
          warnings, acknowledged FROM revisions ORDER BY report_id, revision;
      DROP TABLE revisions;
      ALTER TABLE revisions_rowid RENAME TO revisions;
    `,
  },
  {
    version: 4,
    description: "the submitter's reason for the acknowledged warnings, on each revision",
    sql: `ALTER TABLE revisions ADD COLUMN acknowledgement_reason TEXT;`,
  },
  {
    version: 5,
    description: 'form versions loaded after the build (forms:load, POST /api/v1/forms)',
    sql: `
      CREATE TABLE forms (
        id TEXT NOT NULL,
        version TEXT NOT NULL,
        definition TEXT NOT NULL,
        loaded_at TEXT NOT NULL,
        PRIMARY KEY (id, version)
      );
    `,
  },
  {
    version: 6,
    description:
      "notes and per-warning reasons on revisions; the status row's facts on reports; unit contacts",
    // The status sheet lists 20,000 units from the reports table alone: who entered the latest
    // revision, its warning counts and its review live there, kept by every write.
    sql: `
      ALTER TABLE revisions ADD COLUMN notes TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE revisions ADD COLUMN warning_reasons TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE reports ADD COLUMN submitted_by TEXT NOT NULL DEFAULT '';
      ALTER TABLE reports ADD COLUMN warning_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE reports ADD COLUMN unconfirmed_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE reports ADD COLUMN reviewer TEXT;
      ALTER TABLE reports ADD COLUMN decision TEXT;
      UPDATE reports SET
        submitted_by = (SELECT v.submitted_by FROM revisions v
          WHERE v.report_id = reports.id AND v.revision = reports.latest_revision),
        warning_count = (SELECT json_array_length(v.warnings) FROM revisions v
          WHERE v.report_id = reports.id AND v.revision = reports.latest_revision),
        unconfirmed_count = (SELECT max(0, json_array_length(v.warnings)
          - json_array_length(v.acknowledged)) FROM revisions v
          WHERE v.report_id = reports.id AND v.revision = reports.latest_revision),
        reviewer = (SELECT w.reviewer FROM reviews w WHERE w.report_id = reports.id
          AND w.revision = reports.latest_revision ORDER BY w.id DESC LIMIT 1),
        decision = (SELECT w.decision FROM reviews w WHERE w.report_id = reports.id
          AND w.revision = reports.latest_revision ORDER BY w.id DESC LIMIT 1);
      ALTER TABLE units ADD COLUMN phone TEXT;
      ALTER TABLE units ADD COLUMN email TEXT;
    `,
  },
  {
    version: 7,
    description: 'targets (chỉ tiêu) a union sets for the units directly below it',
    sql: `
      CREATE TABLE targets (
        unit TEXT NOT NULL,
        period TEXT NOT NULL,
        form TEXT NOT NULL,
        row TEXT NOT NULL,
        value REAL NOT NULL,
        set_by TEXT NOT NULL,
        set_at TEXT NOT NULL,
        PRIMARY KEY (period, form, unit, row)
      );
    `,
  },
  {
    version: 8,
    description: 'accounts of people under a unit, with their roles',
    sql: `
      CREATE TABLE accounts (
        login TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        roles TEXT NOT NULL,
        password_hash TEXT,
        code_hash TEXT,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      );
      CREATE INDEX accounts_unit ON accounts (unit, login);
      ALTER TABLE audit ADD COLUMN person TEXT;
    `,
  },
  {
    version: 9,
    description: 'the person beside the unit on every revision and review, and on the status row',
    // Login and display name as they were at the act; NULL (every row before this) reads as a unit
    // key (khóa đơn vị).
    sql: `
      ALTER TABLE revisions ADD COLUMN submitted_by_login TEXT;
      ALTER TABLE revisions ADD COLUMN submitted_by_name TEXT;
      ALTER TABLE reviews ADD COLUMN reviewer_login TEXT;
      ALTER TABLE reviews ADD COLUMN reviewer_name TEXT;
      ALTER TABLE reports ADD COLUMN submitted_by_login TEXT;
      ALTER TABLE reports ADD COLUMN submitted_by_name TEXT;
      ALTER TABLE reports ADD COLUMN reviewer_login TEXT;
      ALTER TABLE reports ADD COLUMN reviewer_name TEXT;
    `,
  },
  {
    version: 10,
    description: "each report's latest numbers packed, beside the revisions, for rollups",
    // A rollup of the country reads 135,000 latest reports: packed Float64 bytes in a layout kept
    // once are a third of the JSON's size and need no parsing. A report written before this
    // migration has no row here yet, and is read from its revision's JSON until it is written.
    sql: `
      CREATE TABLE value_layouts (key TEXT PRIMARY KEY, codes TEXT NOT NULL);
      CREATE TABLE latest_values (
        report_id INTEGER PRIMARY KEY REFERENCES reports (id),
        layout TEXT NOT NULL,
        packed BLOB NOT NULL
      );
    `,
  },
]
