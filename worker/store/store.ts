/**
 * @module The storage interface of the worker: units, access keys, periods, submissions with
 * their revisions and reviews, idempotency records and the audit log. Asynchronous, so that a
 * PostgreSQL backend drops in beside the SQLite one; every write carries its audit entry and
 * lands in the same transaction.
 */
import type { Unit } from '../../shared/unit-tree.ts'
import type { Values } from '../../shared/form-definition.ts'
import type { Finding } from '../../shared/finding.ts'
import type { Target } from '../../shared/analysis/targets.ts'
import type { Period } from '../../shared/api-schemas.ts'
import type { ActingPerson, Role } from '../../shared/accounts.ts'
import type { PackedValues } from '../../shared/packed-values.ts'
import type { SubmissionForRollup } from '../../shared/rollup.ts'

export type SubmissionStatus = 'submitted' | 'accepted' | 'returned'

export interface StoredKey {
  id: string
  unit: string
  /** `scrypt$N$r$p$salt$hash`, never the key itself. */
  hash: string
  createdAt: string
  revokedAt: string | null
}

/** A person signed in under a unit (tài khoản), with their roles there. */
export interface StoredAccount {
  /** Trimmed, lower case: unique across the store. */
  login: string
  name: string
  unit: string
  roles: Role[]
  /** `scrypt$…` of the password; null until the one-time code is used. */
  passwordHash: string | null
  /** `scrypt$…` of the one-time code (mã kích hoạt); null once used. */
  codeHash: string | null
  createdAt: string
  disabledAt: string | null
}

export type AccountChange = Partial<
  Pick<StoredAccount, 'name' | 'roles' | 'passwordHash' | 'codeHash' | 'disabledAt'>
>

/** Who changed what, when and from where (nhật ký). */
export interface AuditInput {
  /** A unit code, or 'admin' for the command line. */
  actor: string
  /** The person who acted, `Name <login>`; absent or null when a unit key (or the CLI) did. */
  person?: string | null
  address: string | null
  action: string
  target: string
  details: unknown
}

export interface AuditRecord extends AuditInput {
  id: number
  person: string | null
  at: string
}

export interface StoredReview {
  revision: number
  decision: 'accept' | 'return'
  comment: string
  reviewer: string
  /** The person who reviewed, beside the unit; null when a unit key did. */
  reviewerPerson: ActingPerson | null
  reviewedAt: string
}

/** One revision of one report (unit × period × form); immutable but for its status. */
export interface StoredRevision {
  id: string
  unit: string
  period: string
  form: string
  formVersion: string
  revision: number
  status: SubmissionStatus
  submittedAt: string
  submittedBy: string
  /** The person who submitted, beside the unit; null when a unit key did. */
  submittedByPerson: ActingPerson | null
  values: Values
  warnings: Finding[]
  acknowledgedWarnings: string[]
  /** Why the acknowledged warnings are right (lý do xác nhận); null when none was given. */
  acknowledgementReason: string | null
  /** Why each acknowledged warning is right, by rule id (lý do xác nhận từng cảnh báo). */
  warningReasons: Record<string, string>
  /** The Ghi chú of each row, by row code, as the clerk wrote it. */
  notes: Record<string, string>
  review: StoredReview | null
}

/** A form version loaded after the build (biểu mẫu nạp thêm); its definition is parsed JSON. */
export interface StoredForm {
  id: string
  version: string
  definition: unknown
  loadedAt: string
}

/** The latest revision of a report, for rollups and status views. */
export interface ReportSummary {
  unit: string
  form: string
  formVersion: string
  revision: number
  status: SubmissionStatus
  firstSubmittedAt: string
  submittedAt: string
  /** Who entered the latest revision: the unit itself or an ancestor (nhập hộ). */
  submittedBy: string
  /** The person who entered it; null when a unit key did. */
  submittedByPerson: ActingPerson | null
  /** Warnings of the latest revision, and those of them nobody confirmed. */
  warnings: number
  unconfirmed: number
  /** The latest review of the latest revision, or null. */
  reviewer: string | null
  /** The person who made that review; null when a unit key did, or nobody reviewed. */
  reviewerPerson: ActingPerson | null
  decision: 'accept' | 'return' | null
}

/** A report: one unit's submissions of one form in one period. */
export interface ReportKey {
  unit: string
  period: string
  form: string
}

export interface ReportWithValues extends ReportSummary {
  values: Values
}

/** A report's latest revision as a rollup reads it: its numbers packed in their layout's order. */
export interface PackedReport extends SubmissionForRollup<PackedValues> {
  revision: number
}

export interface NewRevision {
  unit: string
  period: string
  form: string
  formVersion: string
  values: Values
  /** `values` as JSON, when the caller has written it already (the store keeps this text). */
  valuesJson?: string
  warnings: Finding[]
  acknowledgedWarnings: string[]
  /** Why the acknowledged warnings are right; absent or null when none was given. */
  acknowledgementReason?: string | null
  warningReasons?: Record<string, string>
  notes?: Record<string, string>
  submittedAt: string
  submittedBy: string
  /** The person submitting; absent or null for a unit key (or the command line). */
  submittedByPerson?: ActingPerson | null
  /** The revision the client last saw (If-Match); 0 means "nothing submitted yet". */
  ifMatch?: number
  idempotency?: { key: string; requestHash: string }
  audit: AuditInput
}

/** What became of an append, decided inside the transaction. */
export type AppendResult =
  | { kind: 'created'; revision: StoredRevision }
  | { kind: 'replayed'; revision: StoredRevision }
  | { kind: 'keyReused' }
  | { kind: 'conflict'; latest: number }
  | { kind: 'accepted' }
  | { kind: 'periodClosed' }

export interface NewReview {
  unit: string
  period: string
  form: string
  decision: 'accept' | 'return'
  comment: string
  reviewer: string
  /** The person reviewing; absent or null for a unit key. */
  reviewerPerson?: ActingPerson | null
  reviewedAt: string
  /** The revision the reviewer was shown (If-Match); absent when the client named none. */
  ifMatch?: number
  audit: AuditInput
}

export type ReviewResult =
  | { kind: 'reviewed'; revision: StoredRevision }
  | { kind: 'notFound' }
  | { kind: 'periodClosed' }
  | { kind: 'conflict'; latest: number }

/** A target to store, or to remove when its value is null (one unit, period, form and row). */
export type TargetChange = Omit<Target, 'value'> & { value: number | null }

/** Failed sign-ins of one key since `start` (ms since the epoch). */
export interface SignInWindow {
  start: number
  failures: number
}

export interface Store {
  listUnits(): Promise<Unit[]>
  /** Adds or replaces units: every record of each code named in `units` is replaced. */
  importUnits(units: Unit[], audit: AuditInput): Promise<void>

  addKey(key: StoredKey, audit: AuditInput): Promise<void>
  getKey(id: string): Promise<StoredKey | undefined>
  activeKeys(unit: string): Promise<StoredKey[]>
  /** Revokes every active key of the unit; returns how many. */
  revokeKeys(unit: string, at: string, audit: AuditInput): Promise<number>

  /** Adds an account; false (and nothing written) when the login is taken. */
  addAccount(account: StoredAccount, audit: AuditInput): Promise<boolean>
  /** Read from the store every time: a disabled account is refused at once by every worker. */
  getAccount(login: string): Promise<StoredAccount | undefined>
  /** The accounts of one unit, by login. */
  listAccounts(unit: string): Promise<StoredAccount[]>
  /** Changes the fields given; false when there is no such account. */
  updateAccount(login: string, change: AccountChange, audit: AuditInput): Promise<boolean>

  listPeriods(): Promise<Period[]>
  getPeriod(id: string): Promise<Period | undefined>
  savePeriod(period: Period, audit: AuditInput): Promise<void>

  appendRevision(input: NewRevision): Promise<AppendResult>
  latestRevision(unit: string, period: string, form: string): Promise<StoredRevision | undefined>
  revisions(unit: string, period: string, form: string): Promise<StoredRevision[]>
  /** The latest revision of each report of one form in the period, with values: of every unit,
   * or of the units named. */
  reportsWithValues(
    period: string,
    form: string,
    units?: readonly string[],
  ): Promise<ReportWithValues[]>
  /**
   * The latest revision of each report of one form in the period with its numbers packed (no
   * per-report object of values): of every unit, or of the units named. The numbers are those of
   * `reportsWithValues`; what a rollup reads.
   */
  latestValues(period: string, form: string, units?: readonly string[]): Promise<PackedReport[]>
  /** The latest revision (with values, notes and review) of each named unit's report that
   * exists, in the order of `units`: an upper union's pre-filled "Nhập hộ" sheet. */
  latestRevisions(period: string, form: string, units: readonly string[]): Promise<StoredRevision[]>
  /** The latest revision of every report of the period, without values. */
  reportSummaries(period: string): Promise<ReportSummary[]>
  review(input: NewReview): Promise<ReviewResult>

  /** Stores targets in one transaction: each replaces the one of its unit, period, form and
   * row, or removes it when its value is null. */
  saveTargets(targets: readonly TargetChange[], audit: AuditInput): Promise<void>
  /** The targets of a period and form: of every unit, or of the units named; by unit, then row. */
  listTargets(period: string, form: string, units?: readonly string[]): Promise<Target[]>

  /** Every stored form version, in the order they were loaded. */
  listForms(): Promise<StoredForm[]>
  /** Stores a form version; false (and nothing written) when that id and version are stored. */
  saveForm(form: StoredForm, audit: AuditInput): Promise<boolean>

  /** Grows with every write of submissions, reviews, units, periods, forms or targets: the
   * cache key. */
  dataVersion(): Promise<number>
  /**
   * The reports whose latest revision or status changed since data version `since`, when this
   * store made every write since then itself; null when it cannot tell (another process wrote,
   * or `since` is too old), and the caller must read the reports again.
   */
  changedReports(since: number): Promise<ReportKey[] | null>
  /** Grows with every write of units: the key of the unit-tree cache. */
  unitsVersion(): Promise<number>

  /** Grows with every form version stored, by any process: the key of the catalog's refresh. */
  formsVersion(): Promise<number>

  /**
   * Failed sign-ins in fixed windows, per key (a unit, an address, both): the current window of
   * each key named that has one. PostgreSQL shares them between workers; SQLite, which one process
   * serves, keeps them in memory.
   */
  signInWindows(keys: readonly string[]): Promise<Map<string, SignInWindow>>
  /**
   * Counts one failure for each key, at once for all callers (so attempts sent together see each
   * other), and gives each key's window as counted; a key whose window (of `windowMs`) has ended
   * starts anew.
   */
  failSignIn(
    keys: readonly string[],
    now: number,
    windowMs: number,
  ): Promise<Map<string, SignInWindow>>
  /** Takes back one failure of the key (an attempt counted before it was checked, then right). */
  releaseSignIn(key: string): Promise<void>
  clearSignIn(key: string): Promise<void>

  audit(entry: AuditInput): Promise<void>
  listAudit(options: { limit: number; before?: number }): Promise<AuditRecord[]>

  /** Resolves when the store answers (the health route); rejects with StoreUnavailableError. */
  ping(): Promise<void>

  /**
   * A quick check of the store's own integrity, run at start: the problems found, none when
   * sound. A store with problems serves reads but refuses writes (`StoreDamagedError`).
   */
  integrityProblems(): Promise<string[]>

  close(): Promise<void>
}

/** The person of a row's login and name columns (both backends); null, a unit key, when the login
 * is NULL, as in every row written before people signed in. */
export function personOf(login: string | null, name: string | null): ActingPerson | null {
  return login === null ? null : { login, name: name ?? login }
}

/**
 * The store cannot be reached (PostgreSQL down, restarting, or the connection lost): nothing of
 * the request was committed; the client may try again shortly, and the worker recovers by itself.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError'
}

/**
 * The disk under the store is full: nothing of the request was committed, and writes succeed
 * again once space is freed.
 */
export class StorageFullError extends Error {
  override name = 'StorageFullError'
}

/** The store found itself damaged (corrupt pages): nothing was written, and writes are refused. */
export class StoreDamagedError extends Error {
  override name = 'StoreDamagedError'
}
