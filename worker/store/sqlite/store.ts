/**
 * @module The SQLite store (better-sqlite3): WAL, `synchronous=FULL`, migrations at open, prepared
 * statements, and group commit: writes that arrive together share one transaction and one fsync,
 * and each is acknowledged only after that commit, so a 2xx still means "on disk".
 */
import Database from 'better-sqlite3'
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs'
import type { Unit, UnitLevel } from '../../../shared/unit-tree.ts'
import type { Values } from '../../../shared/form-definition.ts'
import { readStoredFindings } from '../../../shared/finding.ts'
import { migrations } from './migrations.ts'
import { personOf, StorageFullError, StoreDamagedError } from '../store.ts'
import { createdRevision, decideAppend, decideReview, revisionId } from '../decisions.ts'
import { PackedReader, packRow } from '../packed.ts'
import { settleBatch, type Outcome } from '../batch.ts'
import { revisionTexts } from '../revision-texts.ts'
import type { LatestRow } from '../packed.ts'
import type {
  AppendResult,
  AuditInput,
  AuditRecord,
  NewReview,
  NewRevision,
  ReportKey,
  ReportSummary,
  ReportWithValues,
  PackedReport,
  ReviewResult,
  Store,
  StoredKey,
  StoredAccount,
  AccountChange,
  StoredForm,
  StoredReview,
  StoredRevision,
  SignInWindow,
  SubmissionStatus,
  TargetChange,
} from '../store.ts'
import type { Target } from '../../../shared/analysis/targets.ts'
import type { Period } from '../../../shared/api-schemas.ts'
import type { Role } from '../../../shared/accounts.ts'

interface UnitRow {
  code: string
  name: string
  parent: string | null
  level: UnitLevel
  valid_from: string | null
  valid_to: string | null
  phone: string | null
  email: string | null
}

interface KeyRow {
  id: string
  unit: string
  hash: string
  created_at: string
  revoked_at: string | null
}

interface AccountRow {
  login: string
  name: string
  unit: string
  roles: string
  password_hash: string | null
  code_hash: string | null
  created_at: string
  disabled_at: string | null
}

/**
 * A report's latest facts with its packed numbers; the JSON of its latest revision stands in only
 * where no packed row was written yet (a report last written before migration 10).
 */
const LATEST_VALUES = `SELECT r.unit, r.form_version, r.latest_revision, r.status,
    r.first_submitted_at, r.submitted_at, p.layout, p.packed,
    CASE WHEN p.report_id IS NULL THEN (SELECT v.vals FROM revisions v
      WHERE v.report_id = r.id AND v.revision = r.latest_revision) END AS vals
  FROM reports r LEFT JOIN latest_values p ON p.report_id = r.id`

interface PeriodRow {
  id: string
  cutoff: string
  deadline: string
  open: number
}

interface ReportRow {
  id: number
  unit: string
  period: string
  form: string
  latest_revision: number
  status: SubmissionStatus
  first_submitted_at: string
  form_version: string
  submitted_at: string
  submitted_by: string
  submitted_by_login: string | null
  submitted_by_name: string | null
  warning_count: number
  unconfirmed_count: number
  reviewer: string | null
  reviewer_login: string | null
  reviewer_name: string | null
  decision: 'accept' | 'return' | null
}

interface RevisionRow {
  report_id: number
  revision: number
  form_version: string
  status: SubmissionStatus
  submitted_at: string
  submitted_by: string
  submitted_by_login: string | null
  submitted_by_name: string | null
  vals: string
  warnings: string
  acknowledged: string
  acknowledgement_reason: string | null
  notes: string
  warning_reasons: string
}

interface ReviewRow {
  revision: number
  decision: 'accept' | 'return'
  comment: string
  reviewer: string
  reviewer_login: string | null
  reviewer_name: string | null
  reviewed_at: string
}

interface FormRow {
  id: string
  version: string
  definition: string
  loaded_at: string
}

interface TargetRow {
  unit: string
  period: string
  form: string
  row: string
  value: number
  set_by: string
  set_at: string
}

interface AuditRow {
  id: number
  at: string
  actor: string
  person: string | null
  address: string | null
  action: string
  target: string
  details: string
}

interface ReadCache {
  keys: Map<string, StoredKey | undefined>
  periods?: Period[]
  unitsVersion?: number
  formsVersion?: number
}

interface PendingWrite {
  run: () => unknown
  resolve: (value: unknown) => void
  reject: (reason: unknown) => void
}

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for tests. */
  path: string
  /** Gives the time written into the audit log. */
  now?: () => Date
}

/**
 * Makes the store's file readable by its owner only (0600), creating it so when it is new: SQLite
 * gives its WAL and shared-memory files the mode of the database file. An older store's files are
 * narrowed too. `:memory:` and SQLite's other special names are left alone.
 */
function privateFile(path: string, create = true): void {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) {
    return
  }
  if (create && !existsSync(path)) {
    closeSync(openSync(path, 'a', 0o600))
  }
  if (existsSync(path)) {
    chmodSync(path, 0o600)
  }
}

/**
 * SQLite's failures as the store's: a full disk (`SQLITE_FULL`) and a damaged file
 * (`SQLITE_CORRUPT`, `SQLITE_NOTADB`) have errors of their own; the rest go as they are.
 */
function storeError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') {
    return error
  }
  const message = error instanceof Error ? error.message : code
  if (
    code === 'SQLITE_FULL' ||
    (code.startsWith('SQLITE_IOERR') && /disk|space|full/i.test(message))
  ) {
    return new StorageFullError(message, { cause: error })
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new StoreDamagedError(message, { cause: error })
  }
  return error
}

/** Opens (creating when needed) and migrates a SQLite store. */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  return new SqliteStore(options)
}

/** How many turns of the event loop a batch may wait for more writes before it commits. */
const MAX_GATHERING_TURNS = 4

class SqliteStore implements Store {
  readonly #db: Database.Database
  readonly #now: () => Date
  #pending: PendingWrite[] = []
  #flushScheduled = false
  readonly #s
  /**
   * Keys and periods are read on every request and change rarely: they are cached, and the cache
   * is dropped on our own writes and whenever `PRAGMA data_version` says another connection (the
   * admin command line, another worker) committed, so a revoked key still stops working at once.
   */
  #cache: ReadCache = { keys: new Map() }
  #seenDataVersion = -1
  #checkedAt = -Infinity
  /** The reports each of our commits changed, by the data versions it moved between. */
  #changes: { from: number; to: number; reports: ReportKey[] }[] = []
  /** The reports changed by the operations of the batch being committed. */
  #touched: ReportKey[] = []
  /** Whether an operation of the batch changed data: the batch moves the data version once. */
  #dataChanged = false
  /** Value layouts known to be in the store, and those the batch being committed adds. */
  readonly #storedLayouts = new Set<string>()
  #newLayouts: string[] = []
  /** Failed sign-ins: in memory, as one process serves a SQLite store. */
  readonly #signIn = new Map<string, SignInWindow>()
  readonly #packed = new PackedReader()

  constructor({ path, now = () => new Date() }: SqliteStoreOptions) {
    this.#now = now
    privateFile(path)
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('busy_timeout = 5000')
    db.pragma('foreign_keys = ON')
    migrate(db)
    for (const companion of [`${path}-wal`, `${path}-shm`]) {
      privateFile(companion, false)
    }
    this.#db = db
    this.#s = {
      units: db.prepare<[], UnitRow>(
        'SELECT code, name, parent, level, valid_from, valid_to, phone, email FROM units ORDER BY id',
      ),
      deleteUnit: db.prepare<[string]>('DELETE FROM units WHERE code = ?'),
      insertUnit: db.prepare<
        [
          string,
          string,
          string | null,
          string,
          string | null,
          string | null,
          string | null,
          string | null,
        ]
      >(
        `INSERT INTO units (code, name, parent, level, valid_from, valid_to, phone, email)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertKey: db.prepare<[string, string, string, string]>(
        'INSERT INTO access_keys (id, unit, hash, created_at) VALUES (?, ?, ?, ?)',
      ),
      key: db.prepare<[string], KeyRow>('SELECT * FROM access_keys WHERE id = ?'),
      activeKeys: db.prepare<[string], KeyRow>(
        'SELECT * FROM access_keys WHERE unit = ? AND revoked_at IS NULL ORDER BY created_at',
      ),
      revokeKeys: db.prepare<[string, string]>(
        'UPDATE access_keys SET revoked_at = ? WHERE unit = ? AND revoked_at IS NULL',
      ),
      insertAccount: db.prepare(
        `INSERT INTO accounts (login, name, unit, roles, password_hash, code_hash, created_at,
           disabled_at) VALUES (@login, @name, @unit, @roles, @password_hash, @code_hash,
           @created_at, @disabled_at) ON CONFLICT (login) DO NOTHING`,
      ),
      account: db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE login = ?'),
      accounts: db.prepare<[string], AccountRow>(
        'SELECT * FROM accounts WHERE unit = ? ORDER BY login',
      ),
      updateAccount: db.prepare(
        `UPDATE accounts SET name = @name, roles = @roles, password_hash = @password_hash,
           code_hash = @code_hash, disabled_at = @disabled_at WHERE login = @login`,
      ),
      periods: db.prepare<[], PeriodRow>('SELECT * FROM periods ORDER BY cutoff, id'),
      period: db.prepare<[string], PeriodRow>('SELECT * FROM periods WHERE id = ?'),
      upsertPeriod: db.prepare<[string, string, string, number]>(
        `INSERT INTO periods (id, cutoff, deadline, open) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET cutoff = excluded.cutoff, deadline = excluded.deadline,
         open = excluded.open`,
      ),
      report: db.prepare<[string, string, string], ReportRow>(
        'SELECT * FROM reports WHERE unit = ? AND period = ? AND form = ?',
      ),
      insertReport: db.prepare<[string, string, string, string, string, string]>(
        `INSERT INTO reports (unit, period, form, latest_revision, status, first_submitted_at,
         form_version, submitted_at) VALUES (?, ?, ?, 0, 'submitted', ?, ?, ?)`,
      ),
      updateReport: db.prepare<
        [
          number,
          string,
          string,
          string,
          string,
          string | null,
          string | null,
          number,
          number,
          number,
        ]
      >(
        `UPDATE reports SET latest_revision = ?, status = ?, form_version = ?, submitted_at = ?,
         submitted_by = ?, submitted_by_login = ?, submitted_by_name = ?, warning_count = ?,
         unconfirmed_count = ?, reviewer = NULL, reviewer_login = NULL, reviewer_name = NULL,
         decision = NULL WHERE id = ?`,
      ),
      setReportStatus: db.prepare<[string, string, string | null, string | null, string, number]>(
        `UPDATE reports SET status = ?, reviewer = ?, reviewer_login = ?, reviewer_name = ?,
         decision = ? WHERE id = ?`,
      ),
      insertRevision: db.prepare<
        [
          number,
          number,
          string,
          string,
          string,
          string,
          string,
          string,
          string,
          string | null,
          string,
          string,
          string | null,
          string | null,
        ]
      >(
        `INSERT INTO revisions (report_id, revision, form_version, status, submitted_at,
         submitted_by, vals, warnings, acknowledged, acknowledgement_reason, notes,
         warning_reasons, submitted_by_login, submitted_by_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      revision: db.prepare<[number, number], RevisionRow>(
        'SELECT * FROM revisions WHERE report_id = ? AND revision = ?',
      ),
      revisions: db.prepare<[number], RevisionRow>(
        'SELECT * FROM revisions WHERE report_id = ? ORDER BY revision',
      ),
      setRevisionStatus: db.prepare<[string, number, number]>(
        'UPDATE revisions SET status = ? WHERE report_id = ? AND revision = ?',
      ),
      idempotency: db.prepare<[number, string], { request_hash: string; revision: number }>(
        'SELECT request_hash, revision FROM idempotency WHERE report_id = ? AND key = ?',
      ),
      insertIdempotency: db.prepare<[number, string, string, number]>(
        'INSERT INTO idempotency (report_id, key, request_hash, revision) VALUES (?, ?, ?, ?)',
      ),
      insertReview: db.prepare<
        [number, number, string, string, string, string | null, string | null, string]
      >(
        `INSERT INTO reviews (report_id, revision, decision, comment, reviewer, reviewer_login,
         reviewer_name, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      latestReview: db.prepare<[number, number], ReviewRow>(
        `SELECT revision, decision, comment, reviewer, reviewer_login, reviewer_name, reviewed_at
         FROM reviews
         WHERE report_id = ? AND revision = ? ORDER BY id DESC LIMIT 1`,
      ),
      reportsWithValues: db.prepare<[string, string], ReportRow & { vals: string }>(
        `SELECT r.*, v.vals FROM reports r
         JOIN revisions v ON v.report_id = r.id AND v.revision = r.latest_revision
         WHERE r.period = ? AND r.form = ?`,
      ),
      reportSummaries: db.prepare<[string], ReportRow>('SELECT * FROM reports WHERE period = ?'),
      latestValues: db
        .prepare<[string, string], LatestRow>(
          `${LATEST_VALUES} WHERE r.period = ? AND r.form = ? AND r.latest_revision > 0`,
        )
        .raw(true),
      latestValuesOf: db
        .prepare<[string, string, string], LatestRow>(
          `${LATEST_VALUES} WHERE r.unit = ? AND r.period = ? AND r.form = ?
           AND r.latest_revision > 0`,
        )
        .raw(true),
      layout: db.prepare<[string], { codes: string }>(
        'SELECT codes FROM value_layouts WHERE key = ?',
      ),
      insertLayout: db.prepare<[string, string]>(
        'INSERT OR IGNORE INTO value_layouts (key, codes) VALUES (?, ?)',
      ),
      upsertLatestValues: db.prepare<[number, string, Buffer]>(
        `INSERT INTO latest_values (report_id, layout, packed) VALUES (?, ?, ?)
         ON CONFLICT (report_id) DO UPDATE SET layout = excluded.layout, packed = excluded.packed`,
      ),
      revisionValues: db.prepare<[number, number], { vals: string }>(
        'SELECT vals FROM revisions WHERE report_id = ? AND revision = ?',
      ),
      upsertTarget: db.prepare<[string, string, string, string, number, string, string]>(
        `INSERT INTO targets (unit, period, form, row, value, set_by, set_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (period, form, unit, row) DO UPDATE SET value = excluded.value,
         set_by = excluded.set_by, set_at = excluded.set_at`,
      ),
      deleteTarget: db.prepare<[string, string, string, string]>(
        'DELETE FROM targets WHERE period = ? AND form = ? AND unit = ? AND row = ?',
      ),
      targets: db.prepare<[string, string], TargetRow>(
        'SELECT * FROM targets WHERE period = ? AND form = ? ORDER BY unit, row',
      ),
      unitTargets: db.prepare<[string, string, string], TargetRow>(
        'SELECT * FROM targets WHERE period = ? AND form = ? AND unit = ? ORDER BY row',
      ),
      forms: db.prepare<[], FormRow>('SELECT * FROM forms ORDER BY loaded_at, rowid'),
      insertForm: db.prepare<[string, string, string, string]>(
        `INSERT INTO forms (id, version, definition, loaded_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id, version) DO NOTHING`,
      ),
      formsCount: db.prepare<[], { count: number }>('SELECT count(*) AS count FROM forms'),
      metaValue: db.prepare<[string], { value: number }>('SELECT value FROM meta WHERE key = ?'),
      bump: db.prepare<[string]>('UPDATE meta SET value = value + 1 WHERE key = ?'),
      insertAudit: db.prepare<
        [string, string, string | null, string, string, string, string | null]
      >(
        `INSERT INTO audit (at, actor, address, action, target, details, person)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      auditPage: db.prepare<[number, number], AuditRow>(
        'SELECT * FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?',
      ),
      externalVersion: db.prepare<[], { data_version: number }>('PRAGMA data_version'),
      savepoint: db.prepare('SAVEPOINT op'),
      release: db.prepare('RELEASE op'),
      rollbackTo: db.prepare('ROLLBACK TO op'),
    }
  }

  /**
   * Queues a write; writes queued while the queue still grows from one turn of the event loop to
   * the next commit together (at most MAX_GATHERING_TURNS turns), and each promise settles only
   * after the commit (or its own savepoint's rollback). Under load the requests read in the next
   * polls join the commit, so each commit's pages and fsync are shared by more writes (24 rather
   * than 16 at 32 in flight); a lone write waits two turns, microseconds when nothing else runs.
   */
  #write<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ run, resolve: resolve as (value: unknown) => void, reject })
      if (!this.#flushScheduled) {
        this.#flushScheduled = true
        this.#flushWhenSettled(0, 1)
      }
    })
  }

  #flushWhenSettled(seen: number, turns: number): void {
    setImmediate(() => {
      if (this.#pending.length > seen && turns < MAX_GATHERING_TURNS) {
        this.#flushWhenSettled(this.#pending.length, turns + 1)
      } else {
        this.#flush()
      }
    })
  }

  #flush(): void {
    this.#flushScheduled = false
    const batch = this.#pending
    this.#pending = []
    if (batch.length === 0) {
      return
    }
    const outcomes: Outcome[] = []
    const failAll = (error: unknown) => {
      for (const op of batch) {
        op.reject(storeError(error))
      }
    }
    try {
      this.#db.exec('BEGIN IMMEDIATE')
    } catch (error) {
      failAll(error)
      return
    }
    // BEGIN IMMEDIATE holds the write lock: no other process moves the version inside the batch.
    const from = this.#s.metaValue.get('data_version')?.value ?? 0
    this.#touched = []
    this.#dataChanged = false
    this.#newLayouts = []
    for (const op of batch) {
      const touched = this.#touched.length
      const dataChanged: boolean = this.#dataChanged
      const newLayouts = this.#newLayouts.length
      this.#s.savepoint.run()
      try {
        outcomes.push({ ok: true, value: op.run() })
        this.#s.release.run()
      } catch (error) {
        if (!this.#db.inTransaction) {
          // SQLite rolled the whole batch back (a full disk, an I/O error): nothing was written.
          failAll(error)
          return
        }
        this.#s.rollbackTo.run()
        this.#s.release.run()
        this.#touched.length = touched
        this.#dataChanged = dataChanged
        this.#newLayouts.length = newLayouts
        outcomes.push({ ok: false, error: storeError(error) })
      }
    }
    let to = from
    try {
      if (this.#dataChanged) {
        this.#s.bump.run('data_version')
        to = from + 1
      }
      this.#db.exec('COMMIT')
      for (const layout of this.#newLayouts) {
        this.#storedLayouts.add(layout)
      }
      if (to !== from) {
        this.#changes.push({ from, to, reports: this.#touched })
        if (this.#changes.length > 4096) {
          this.#changes.splice(0, 2048)
        }
      }
    } catch (error) {
      if (this.#db.inTransaction) {
        this.#db.exec('ROLLBACK')
      }
      failAll(error)
      return
    }
    settleBatch(batch, outcomes)
  }

  #fresh(): ReadCache {
    // Asking SQLite costs microseconds and a request reads the cache several times: ask at most
    // once a millisecond, so another process's revocation is seen within a millisecond.
    const now = performance.now()
    if (now - this.#checkedAt < 1) {
      return this.#cache
    }
    this.#checkedAt = now
    const version = this.#s.externalVersion.get()?.data_version ?? 0
    if (version !== this.#seenDataVersion) {
      this.#seenDataVersion = version
      this.#forget()
    }
    return this.#cache
  }

  #forget(): void {
    this.#cache = { keys: new Map() }
  }

  #audit(entry: AuditInput): void {
    this.#s.insertAudit.run(
      this.#now().toISOString(),
      entry.actor,
      entry.address,
      entry.action,
      entry.target,
      JSON.stringify(entry.details ?? null),
      entry.person ?? null,
    )
  }

  async listUnits(): Promise<Unit[]> {
    return this.#s.units.all().map((row) => ({
      code: row.code,
      name: row.name,
      parent: row.parent,
      level: row.level,
      validFrom: row.valid_from,
      validTo: row.valid_to,
      ...(row.phone ? { phone: row.phone } : {}),
      ...(row.email ? { email: row.email } : {}),
    }))
  }

  importUnits(units: Unit[], audit: AuditInput): Promise<void> {
    return this.#write(() => {
      for (const code of new Set(units.map((unit) => unit.code))) {
        this.#s.deleteUnit.run(code)
      }
      for (const unit of units) {
        this.#s.insertUnit.run(
          unit.code,
          unit.name,
          unit.parent,
          unit.level,
          unit.validFrom ?? null,
          unit.validTo ?? null,
          unit.phone ?? null,
          unit.email ?? null,
        )
      }
      this.#s.bump.run('units_version')
      this.#dataChanged = true
      this.#audit(audit)
      this.#forget()
    })
  }

  addKey(key: StoredKey, audit: AuditInput): Promise<void> {
    return this.#write(() => {
      this.#s.insertKey.run(key.id, key.unit, key.hash, key.createdAt)
      this.#forget()
      this.#audit(audit)
    })
  }

  async getKey(id: string): Promise<StoredKey | undefined> {
    const cache = this.#fresh()
    if (cache.keys.has(id)) {
      return cache.keys.get(id)
    }
    const row = this.#s.key.get(id)
    const key = row && keyFromRow(row)
    if (cache.keys.size > 10_000) {
      cache.keys.clear()
    }
    cache.keys.set(id, key)
    return key
  }

  async activeKeys(unit: string): Promise<StoredKey[]> {
    return this.#s.activeKeys.all(unit).map(keyFromRow)
  }

  revokeKeys(unit: string, at: string, audit: AuditInput): Promise<number> {
    return this.#write(() => {
      const { changes } = this.#s.revokeKeys.run(at, unit)
      this.#forget()
      this.#audit({ ...audit, details: { ...(audit.details as object), revoked: changes } })
      return changes
    })
  }

  addAccount(account: StoredAccount, audit: AuditInput): Promise<boolean> {
    return this.#write(() => {
      const { changes } = this.#s.insertAccount.run(accountToRow(account))
      if (changes > 0) {
        this.#audit(audit)
      }
      return changes > 0
    })
  }

  async getAccount(login: string): Promise<StoredAccount | undefined> {
    const row = this.#s.account.get(login)
    return row && accountFromRow(row)
  }

  async listAccounts(unit: string): Promise<StoredAccount[]> {
    return this.#s.accounts.all(unit).map(accountFromRow)
  }

  updateAccount(login: string, change: AccountChange, audit: AuditInput): Promise<boolean> {
    return this.#write(() => {
      const row = this.#s.account.get(login)
      if (!row) {
        return false
      }
      this.#s.updateAccount.run(accountToRow({ ...accountFromRow(row), ...change }))
      this.#audit(audit)
      return true
    })
  }

  async listPeriods(): Promise<Period[]> {
    const cache = this.#fresh()
    cache.periods ??= this.#s.periods.all().map(periodFromRow)
    return cache.periods
  }

  async getPeriod(id: string): Promise<Period | undefined> {
    return (await this.listPeriods()).find((period) => period.id === id)
  }

  savePeriod(period: Period, audit: AuditInput): Promise<void> {
    return this.#write(() => {
      this.#s.upsertPeriod.run(period.id, period.cutoff, period.deadline, period.open ? 1 : 0)
      this.#forget()
      this.#dataChanged = true
      this.#audit(audit)
    })
  }

  appendRevision(input: NewRevision): Promise<AppendResult> {
    return this.#write((): AppendResult => {
      let report = this.#s.report.get(input.unit, input.period, input.form)
      const seen =
        report && input.idempotency
          ? this.#s.idempotency.get(report.id, input.idempotency.key)
          : undefined
      const decision = decideAppend({
        report: report && { latestRevision: report.latest_revision, status: report.status },
        seenKey: seen && { requestHash: seen.request_hash, revision: seen.revision },
        requestHash: input.idempotency?.requestHash,
        periodOpen: this.#s.period.get(input.period)?.open === 1,
        ifMatch: input.ifMatch,
      })
      switch (decision.kind) {
        case 'replay':
          return {
            kind: 'replayed',
            revision: this.#revision(report as ReportRow, decision.revision, false),
          }
        case 'conflict':
        case 'keyReused':
        case 'accepted':
        case 'periodClosed':
          return decision
      }
      if (!report) {
        this.#s.insertReport.run(
          input.unit,
          input.period,
          input.form,
          input.submittedAt,
          input.formVersion,
          input.submittedAt,
        )
        report = this.#s.report.get(input.unit, input.period, input.form)
        if (!report) {
          throw new Error('report row vanished inside its transaction')
        }
      }
      const revision = decision.revision
      const person = input.submittedByPerson ?? null
      const texts = revisionTexts(input)
      this.#s.insertRevision.run(
        report.id,
        revision,
        input.formVersion,
        'submitted',
        input.submittedAt,
        input.submittedBy,
        texts.values,
        texts.warnings,
        texts.acknowledged,
        input.acknowledgementReason ?? null,
        texts.notes,
        texts.warningReasons,
        person?.login ?? null,
        person?.name ?? null,
      )
      const packed = packRow(input.values)
      if (!this.#storedLayouts.has(packed.layout)) {
        this.#s.insertLayout.run(packed.layout, packed.codes)
        this.#newLayouts.push(packed.layout)
      }
      this.#s.upsertLatestValues.run(report.id, packed.layout, packed.packed)
      const acknowledged = new Set(input.acknowledgedWarnings)
      this.#s.updateReport.run(
        revision,
        'submitted',
        input.formVersion,
        input.submittedAt,
        input.submittedBy,
        person?.login ?? null,
        person?.name ?? null,
        input.warnings.length,
        input.warnings.filter((warning) => !acknowledged.has(warning.rule)).length,
        report.id,
      )
      if (input.idempotency) {
        this.#s.insertIdempotency.run(
          report.id,
          input.idempotency.key,
          input.idempotency.requestHash,
          revision,
        )
      }
      this.#dataChanged = true
      this.#touched.push({ unit: input.unit, period: input.period, form: input.form })
      this.#audit(input.audit)
      return { kind: 'created', revision: createdRevision(input, revision) }
    })
  }

  #revision(report: ReportRow, revision: number, withReview = true): StoredRevision {
    const row = this.#s.revision.get(report.id, revision)
    if (!row) {
      throw new Error(`revision ${revision} of report ${report.id} is missing`)
    }
    return this.#revisionFromRow(report, row, withReview)
  }

  #revisionFromRow(report: ReportRow, row: RevisionRow, withReview = true): StoredRevision {
    const review = withReview ? this.#s.latestReview.get(report.id, row.revision) : undefined
    return {
      id: revisionId(report, row.revision),
      unit: report.unit,
      period: report.period,
      form: report.form,
      formVersion: row.form_version,
      revision: row.revision,
      status: withReview ? row.status : 'submitted',
      submittedAt: row.submitted_at,
      submittedBy: row.submitted_by,
      submittedByPerson: personOf(row.submitted_by_login, row.submitted_by_name),
      values: JSON.parse(row.vals) as Values,
      warnings: readStoredFindings(JSON.parse(row.warnings)),
      acknowledgedWarnings: JSON.parse(row.acknowledged) as string[],
      acknowledgementReason: row.acknowledgement_reason,
      warningReasons: JSON.parse(row.warning_reasons) as Record<string, string>,
      notes: JSON.parse(row.notes) as Record<string, string>,
      review: review ? reviewFromRow(review) : null,
    }
  }

  async latestRevision(
    unit: string,
    period: string,
    form: string,
  ): Promise<StoredRevision | undefined> {
    const report = this.#s.report.get(unit, period, form)
    return report && this.#revision(report, report.latest_revision)
  }

  async revisions(unit: string, period: string, form: string): Promise<StoredRevision[]> {
    const report = this.#s.report.get(unit, period, form)
    if (!report) {
      return []
    }
    return this.#s.revisions.all(report.id).map((row) => this.#revisionFromRow(report, row))
  }

  async reportsWithValues(
    period: string,
    form: string,
    units?: readonly string[],
  ): Promise<ReportWithValues[]> {
    if (units === undefined) {
      return this.#s.reportsWithValues.all(period, form).map((row) => ({
        ...summaryFromRow(row),
        values: JSON.parse(row.vals) as Values,
      }))
    }
    return units.flatMap((unit) => {
      const report = this.#s.report.get(unit, period, form)
      const row = report && this.#s.revisionValues.get(report.id, report.latest_revision)
      return report && row
        ? [{ ...summaryFromRow(report), values: JSON.parse(row.vals) as Values }]
        : []
    })
  }

  async latestValues(
    period: string,
    form: string,
    units?: readonly string[],
  ): Promise<PackedReport[]> {
    const rows =
      units === undefined
        ? this.#s.latestValues.all(period, form)
        : units.flatMap((unit) => this.#s.latestValuesOf.all(unit, period, form))
    for (const key of this.#packed.unknownLayouts(rows)) {
      const layout = this.#s.layout.get(key)
      if (layout) {
        this.#packed.addLayout(key, layout.codes)
      }
    }
    return this.#packed.reports(rows)
  }

  async latestRevisions(
    period: string,
    form: string,
    units: readonly string[],
  ): Promise<StoredRevision[]> {
    return units.flatMap((unit) => {
      const report = this.#s.report.get(unit, period, form)
      return report ? [this.#revision(report, report.latest_revision)] : []
    })
  }

  async reportSummaries(period: string): Promise<ReportSummary[]> {
    return this.#s.reportSummaries.all(period).map(summaryFromRow)
  }

  review(input: NewReview): Promise<ReviewResult> {
    return this.#write((): ReviewResult => {
      const report = this.#s.report.get(input.unit, input.period, input.form)
      const decision = decideReview({
        report: report && { latestRevision: report.latest_revision, status: report.status },
        periodOpen: this.#s.period.get(input.period)?.open === 1,
        decision: input.decision,
        ...(input.ifMatch === undefined ? {} : { ifMatch: input.ifMatch }),
      })
      if (decision.kind !== 'review' || !report) {
        return decision.kind === 'review' ? { kind: 'notFound' } : decision
      }
      const status = decision.status
      const person = input.reviewerPerson ?? null
      this.#s.insertReview.run(
        report.id,
        report.latest_revision,
        input.decision,
        input.comment,
        input.reviewer,
        person?.login ?? null,
        person?.name ?? null,
        input.reviewedAt,
      )
      this.#s.setRevisionStatus.run(status, report.id, report.latest_revision)
      this.#s.setReportStatus.run(
        status,
        input.reviewer,
        person?.login ?? null,
        person?.name ?? null,
        input.decision,
        report.id,
      )
      this.#dataChanged = true
      this.#touched.push({ unit: input.unit, period: input.period, form: input.form })
      this.#audit(input.audit)
      return {
        kind: 'reviewed',
        revision: this.#revision({ ...report, status }, report.latest_revision),
      }
    })
  }

  saveTargets(targets: readonly TargetChange[], audit: AuditInput): Promise<void> {
    return this.#write(() => {
      for (const t of targets) {
        if (t.value === null) {
          this.#s.deleteTarget.run(t.period, t.form, t.unit, t.row)
        } else {
          this.#s.upsertTarget.run(t.unit, t.period, t.form, t.row, t.value, t.setBy, t.setAt)
        }
      }
      this.#dataChanged = true
      this.#audit(audit)
    })
  }

  async listTargets(period: string, form: string, units?: readonly string[]): Promise<Target[]> {
    const rows =
      units === undefined
        ? this.#s.targets.all(period, form)
        : [...new Set(units)].sort().flatMap((unit) => this.#s.unitTargets.all(period, form, unit))
    return rows.map((row) => ({
      unit: row.unit,
      period: row.period,
      form: row.form,
      row: row.row,
      value: row.value,
      setBy: row.set_by,
      setAt: row.set_at,
    }))
  }

  async listForms(): Promise<StoredForm[]> {
    return this.#s.forms.all().map((row) => ({
      id: row.id,
      version: row.version,
      definition: JSON.parse(row.definition) as unknown,
      loadedAt: row.loaded_at,
    }))
  }

  saveForm(form: StoredForm, audit: AuditInput): Promise<boolean> {
    return this.#write(() => {
      const { changes } = this.#s.insertForm.run(
        form.id,
        form.version,
        JSON.stringify(form.definition),
        form.loadedAt,
      )
      if (changes > 0) {
        // Status views list the units of every form: a new form must not meet a cached view.
        this.#dataChanged = true
        this.#forget()
        this.#audit(audit)
      }
      return changes > 0
    })
  }

  async dataVersion(): Promise<number> {
    return this.#s.metaValue.get('data_version')?.value ?? 0
  }

  async changedReports(since: number): Promise<ReportKey[] | null> {
    const current = this.#s.metaValue.get('data_version')?.value ?? 0
    const changed: ReportKey[] = []
    let reached = current
    // Walk back from the current version; a gap means a write we did not make.
    for (let i = this.#changes.length - 1; i >= 0 && reached > since; i--) {
      const change = this.#changes[i]
      if (!change || change.to !== reached) {
        return null
      }
      changed.push(...change.reports)
      reached = change.from
    }
    return reached === since ? changed : null
  }

  async unitsVersion(): Promise<number> {
    const cache = this.#fresh()
    cache.unitsVersion ??= this.#s.metaValue.get('units_version')?.value ?? 0
    return cache.unitsVersion
  }

  async formsVersion(): Promise<number> {
    // Form versions are never removed: their count grows with every one stored. Read per request
    // (the catalog's refresh): cached like the units version.
    const cache = this.#fresh()
    cache.formsVersion ??= this.#s.formsCount.get()?.count ?? 0
    return cache.formsVersion
  }

  async signInWindows(keys: readonly string[]): Promise<Map<string, SignInWindow>> {
    const found = new Map<string, SignInWindow>()
    for (const key of keys) {
      const window = this.#signIn.get(key)
      if (window) {
        found.set(key, { ...window })
      }
    }
    return found
  }

  async failSignIn(
    keys: readonly string[],
    now: number,
    windowMs: number,
  ): Promise<Map<string, SignInWindow>> {
    if (this.#signIn.size > 100_000) {
      for (const [key, window] of this.#signIn) {
        if (now - window.start >= windowMs) {
          this.#signIn.delete(key)
        }
      }
    }
    for (const key of keys) {
      const window = this.#signIn.get(key)
      if (window && now - window.start < windowMs) {
        window.failures++
      } else {
        this.#signIn.set(key, { start: now, failures: 1 })
      }
    }
    return this.signInWindows(keys)
  }

  async releaseSignIn(key: string): Promise<void> {
    const window = this.#signIn.get(key)
    if (window && window.failures > 0) {
      window.failures--
    }
  }

  async clearSignIn(key: string): Promise<void> {
    this.#signIn.delete(key)
  }

  audit(entry: AuditInput): Promise<void> {
    return this.#write(() => this.#audit(entry))
  }

  async listAudit({ limit, before }: { limit: number; before?: number }): Promise<AuditRecord[]> {
    return this.#s.auditPage.all(before ?? Number.MAX_SAFE_INTEGER, limit).map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actor,
      person: row.person,
      address: row.address,
      action: row.action,
      target: row.target,
      details: JSON.parse(row.details) as unknown,
    }))
  }

  async ping(): Promise<void> {
    this.#s.metaValue.get('data_version')
  }

  /** `PRAGMA quick_check`: every page's b-tree structure, without matching indexes to tables. */
  async integrityProblems(): Promise<string[]> {
    try {
      const rows = this.#db.pragma('quick_check(20)') as { quick_check: string }[]
      return rows.map((row) => row.quick_check).filter((line) => line !== 'ok')
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)]
    }
  }

  async close(): Promise<void> {
    while (this.#pending.length > 0 || this.#flushScheduled) {
      await new Promise((resolve) => setImmediate(resolve))
    }
    this.#db.close()
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)')
  const current =
    db.prepare<[], { version: number }>('SELECT max(version) AS version FROM schema_version').get()
      ?.version ?? 0
  for (const migration of migrations) {
    if (migration.version > current) {
      db.transaction(() => {
        db.exec(migration.sql)
        db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(migration.version)
      }).immediate()
    }
  }
}

function keyFromRow(row: KeyRow): StoredKey {
  return {
    id: row.id,
    unit: row.unit,
    hash: row.hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  }
}

function accountFromRow(row: AccountRow): StoredAccount {
  return {
    login: row.login,
    name: row.name,
    unit: row.unit,
    roles: JSON.parse(row.roles) as Role[],
    passwordHash: row.password_hash,
    codeHash: row.code_hash,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  }
}

function accountToRow(account: StoredAccount): AccountRow {
  return {
    login: account.login,
    name: account.name,
    unit: account.unit,
    roles: JSON.stringify(account.roles),
    password_hash: account.passwordHash,
    code_hash: account.codeHash,
    created_at: account.createdAt,
    disabled_at: account.disabledAt,
  }
}

function periodFromRow(row: PeriodRow): Period {
  return { id: row.id, cutoff: row.cutoff, deadline: row.deadline, open: row.open === 1 }
}

function reviewFromRow(row: ReviewRow): StoredReview {
  return {
    revision: row.revision,
    decision: row.decision,
    comment: row.comment,
    reviewer: row.reviewer,
    reviewerPerson: personOf(row.reviewer_login, row.reviewer_name),
    reviewedAt: row.reviewed_at,
  }
}

function summaryFromRow(row: ReportRow): ReportSummary {
  return {
    unit: row.unit,
    form: row.form,
    formVersion: row.form_version,
    revision: row.latest_revision,
    status: row.status,
    firstSubmittedAt: row.first_submitted_at,
    submittedAt: row.submitted_at,
    submittedBy: row.submitted_by,
    submittedByPerson: personOf(row.submitted_by_login, row.submitted_by_name),
    warnings: row.warning_count,
    unconfirmed: row.unconfirmed_count,
    reviewer: row.reviewer,
    reviewerPerson: personOf(row.reviewer_login, row.reviewer_name),
    decision: row.decision,
  }
}
