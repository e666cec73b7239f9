/**
 * @module The PostgreSQL store (node-postgres, one pool per worker): migrations at open under an
 * advisory lock, values as json, and group commit: writes that arrive while a commit is under way
 * are committed together after it, and each is acknowledged only after its COMMIT. Their appends
 * go in one statement (one round trip, one transaction: appends.ts); what that statement leaves,
 * and every other write, share one transaction, each inside its own savepoint. One commit at a
 * time per worker: on a machine whose cores the database shares, larger batches cost less CPU
 * per write than more commits in flight (two workers, 32 submissions in flight on 2 cores:
 * 2,160-2,200 a second with one commit at a time, 1,650-1,880 with two).
 *
 * Nothing orders the commits of all workers: a commit that changes data adds one row to `changes`
 * (the reports it moved, and whether units or forms moved), stamped with its transaction id, then
 * NOTIFYs. Each worker reads the rows that became visible since its last look: those of the
 * transactions still running at its last snapshot or started after it (xid8 and
 * `pg_current_snapshot()`, so a commit that lands late is never skipped), on a notification or
 * every half second. Its data version counts the rows it has seen (plus those pruned before it
 * started), so workers that have seen the same changes agree on it.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { Unit, UnitLevel } from '../../../shared/unit-tree.ts'
import type { Values } from '../../../shared/form-definition.ts'
import { readStoredFindings } from '../../../shared/finding.ts'
import { migrations } from './migrations.ts'
import { APPEND_MANY, appendParameters, appendRow } from './appends.ts'
import { GatheredReads } from './gathered-reads.ts'
import type { AppendedRow } from './appends.ts'
import { createdRevision, decideAppend, decideReview, revisionId } from '../decisions.ts'
import { PackedReader, packRow } from '../packed.ts'
import { settleBatch, type Outcome } from '../batch.ts'
import type { LatestRow } from '../packed.ts'
import { personOf, StorageFullError, StoreDamagedError, StoreUnavailableError } from '../store.ts'
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

/** Any constant: the key of the advisory lock the migrations run under. */
const MIGRATION_LOCK = 7_310_027
/** Versions of this worker's change log kept; a cache older than that reads every report again. */
const LOG_KEPT = 20_000
/** Change rows older than this are pruned (every worker has read them within half a second). */
const PRUNE_AFTER = '10 minutes'
/**
 * Reads of the other workers' changes start at most this often: under a stream of commits each
 * notification would otherwise cost a query, a query a submission at the other worker.
 */
const REFRESH_EVERY_MS = 25
/**
 * Notifications leave at most this often: under a stream of commits one each would cost a
 * statement a commit here and a message a commit at every other worker, which reads at most every
 * REFRESH_EVERY_MS anyway.
 */
const NOTIFY_EVERY_MS = 10
/** Named in a change row when every report may have moved (a store copied in). */
export const ALL_REPORTS = 'all_reports'

type MetaKey = 'data_version' | 'units_version' | 'forms_version'
type Versions = Record<MetaKey, number>
/** Named in a change row that moved the periods: only such a row drops the periods' cache. */
const PERIODS = 'periods'
type Bump = MetaKey | typeof PERIODS

interface ReportRow {
  id: string
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

/** The columns of a report the append locks and decides on. */
type LockedReport = Pick<
  ReportRow,
  'id' | 'unit' | 'period' | 'form' | 'latest_revision' | 'status'
>

interface RevisionRow {
  revision: number
  form_version: string
  status: SubmissionStatus
  submitted_at: string
  submitted_by: string
  submitted_by_login: string | null
  submitted_by_name: string | null
  vals: Values
  warnings: unknown
  acknowledged: string[]
  acknowledgement_reason: string | null
  notes: Record<string, string>
  warning_reasons: Record<string, string>
  review_revision: number | null
  decision: 'accept' | 'return' | null
  comment: string | null
  reviewer: string | null
  reviewer_login: string | null
  reviewer_name: string | null
  reviewed_at: string | null
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
  roles: Role[]
  password_hash: string | null
  code_hash: string | null
  created_at: string
  disabled_at: string | null
}

/** What one write does inside a shared transaction. */
interface Tx {
  /** A statement; `name` prepares it once per connection (PostgreSQL parses and plans it once). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
    name?: string,
  ): Promise<pg.QueryResult<R>>
  /**
   * The write's first statement, sent in the same round trip as the savepoint in front of it (as
   * one simple query, so its values, texts only, go inlined as quoted literals).
   */
  first<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values: readonly string[],
  ): Promise<pg.QueryResult<R>>
  /** A report this write changed, for the change log. */
  touch(report: ReportKey): void
  /** A version this write moves (the data version moves with each). */
  bump(key: Bump): void
}

interface PendingWrite {
  run: (tx: Tx) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (reason: unknown) => void
  /** The report it locks: a batch locks its reports in this order, so no two batches deadlock. */
  order: string
  /** An append, which the batch's one statement may store before `run` is needed. */
  append?: BatchedAppend
}

/** What the batch's statement needs of an append, and what it answers when the row went in. */
interface BatchedAppend {
  row: unknown[]
  input: NewRevision
  created: (revision: number) => AppendResult
}

/** One row of `changes`: what one commit moved. */
interface ChangeRow {
  id: string
  bumped: string[]
  units: string[]
  periods: string[]
  forms: string[]
}

/** Reports locked in one order by every batch of every worker: none waits on another's. */
function byOrder(a: PendingWrite, b: PendingWrite): number {
  return a.order < b.order ? -1 : a.order > b.order ? 1 : 0
}

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string
  now?: () => Date
  /** Connections in the pool (default 10). */
  poolSize?: number
}

/** The PostgreSQL store, and what only it keeps: secrets shared by every worker. */
export interface PostgresStore extends Store {
  /** The secret stored under `name`; the first worker to ask stores a new one from `make`. */
  sharedSecret(name: string, make: () => string): Promise<string>
}

/** Connects, migrates (once, whoever else starts at the same time) and opens a PostgreSQL store. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const store = new PgStore(options)
  try {
    await store.start()
  } catch (error) {
    await store.close().catch(() => {})
    throw unavailable(error)
  }
  return store
}

/** Connection-level failures: the database is unreachable, restarting, or dropped us. */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) {
    return true
  }
  if (!(error instanceof Error)) {
    return false
  }
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') {
    if (/^(ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)/.test(code)) {
      return true
    }
    // 08: connection exceptions; 57P01-57P03: shutting down, crashed, starting up.
    if (/^08|^57P0[123]$/.test(code)) {
      return true
    }
  }
  // pg-pool's "timeout exceeded when trying to connect": every connection busy past the
  // checkout timeout, which the client should meet as a 503 to retry, never a 500.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Client was closed/i.test(
    error.message,
  )
}

function unavailable(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code
  // 53100 disk_full, 53200 out_of_memory … the class 53 is "insufficient resources".
  if (code === '53100') {
    return new StorageFullError(error instanceof Error ? error.message : String(error), {
      cause: error,
    })
  }
  // XX001 data_corrupted, XX002 index_corrupted.
  if (code === 'XX001' || code === 'XX002') {
    return new StoreDamagedError(error instanceof Error ? error.message : String(error), {
      cause: error,
    })
  }
  return isConnectionError(error) && !(error instanceof StoreUnavailableError)
    ? new StoreUnavailableError(error instanceof Error ? error.message : String(error), {
        cause: error,
      })
    : error
}

/**
 * Thrown by a write that decided to change nothing (a conflict, a replay…): its savepoint is
 * rolled back, taking the report row it may have made to lock, and `value` is its answer.
 */
class Discard extends Error {
  constructor(readonly value: unknown) {
    super('the write changed nothing')
  }
}

/** Deadlocks and serialization failures: the whole batch is run again. */
function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === '40P01' || code === '40001'
}

class PgStore implements PostgresStore {
  readonly #pool: pg.Pool
  readonly #writer: pg.Pool
  readonly #connectionString: string
  readonly #now: () => Date
  /** Writes waiting for the commit under way, if any (`writing`) to end. */
  #pending: PendingWrite[] = []
  #writing = false
  #closed = false
  #versions: Versions = { data_version: 0, units_version: 0, forms_version: 0 }
  /** The reports each data version of this worker moved (null: any may have). */
  #log: { version: number; reports: ReportKey[] | null }[] = []
  /** The data version the log starts after. */
  #logBase = 0
  /** Change rows counted, so one seen twice (its own commit, then a read) counts once. */
  readonly #counted = new Set<string>()
  /** The last snapshot read: transactions at or past `xmax`, or in `running`, had not committed. */
  #snapshot = { xmin: '0', xmax: '0', running: [] as string[] }
  #refreshing: Promise<void> | undefined
  #refreshAgain = false
  #refreshedAt = 0
  #refreshLater: NodeJS.Timeout | undefined
  #periods: Period[] | undefined
  /** Moves with every change row that moved the periods. */
  #periodsVersion = 0
  #listener: pg.Client | undefined
  #poll: NodeJS.Timeout | undefined
  #idle: (() => void)[] = []
  /** The notification channel of this schema: tests (and tenants) may share one database. */
  #channel = 'baocao:public'
  /** This store's own notifications are not news to it. */
  readonly #self = randomUUID()
  #signInWrites = 0
  #commits = 0
  #notifying: Promise<void> | undefined
  #notifyAgain = false
  /** Layouts of packed values known to be stored (a layout row, once written, never changes). */
  readonly #storedLayouts = new Set<string>()
  readonly #packed = new PackedReader()
  /** Every request reads its key or account: those asked together share one query. */
  readonly #keys = new GatheredReads(async (ids) => {
    const { rows } = await this.#prepared<KeyRow>(
      'get_keys',
      'SELECT id, unit, hash, created_at, revoked_at FROM access_keys WHERE id = ANY($1)',
      [ids],
    )
    return new Map(rows.map((row) => [row.id, keyFromRow(row)]))
  })
  readonly #accounts = new GatheredReads(async (logins) => {
    const { rows } = await this.#prepared<AccountRow>(
      'get_accounts',
      `SELECT login, name, unit, roles, password_hash, code_hash, created_at, disabled_at
       FROM accounts WHERE login = ANY($1)`,
      [logins],
    )
    return new Map(rows.map((row) => [row.login, accountFromRow(row)]))
  })

  constructor({ connectionString, now = () => new Date(), poolSize = 10 }: PostgresStoreOptions) {
    this.#connectionString = connectionString
    this.#now = now
    this.#pool = new pg.Pool({
      connectionString,
      max: poolSize,
      // A lost database must answer 503 quickly rather than hold every request.
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
    })
    // Writes commit one batch at a time, on a connection of their own: never behind a read for
    // a pooled one. Its statements are planned once: the batch statement's custom plans (made
    // again on every batch, a tenth of the backend's time) were no better than the generic one.
    this.#writer = new pg.Pool({
      connectionString,
      max: 1,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
      options: '-c plan_cache_mode=force_generic_plan',
    })
    // An idle client losing its connection is no fault of any request: the next checkout reconnects.
    this.#pool.on('error', () => {})
    this.#writer.on('error', () => {})
  }

  async start(): Promise<void> {
    const { rows } = await this.#pool.query<{ schema: string }>('SELECT current_schema() AS schema')
    this.#channel = `baocao:${rows[0]?.schema ?? 'public'}`
    await this.#migrate()
    await this.#count(false)
    await this.#listen()
    this.#poll = setInterval(() => this.#refreshSoon(), 500)
    this.#poll.unref()
  }

  async #migrate(): Promise<void> {
    const client = await this.#pool.connect()
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
      try {
        await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)')
        const { rows } = await client.query<{ version: number | null }>(
          'SELECT max(version) AS version FROM schema_version',
        )
        const current = rows[0]?.version ?? 0
        for (const migration of migrations) {
          if (migration.version > current) {
            await client.query('BEGIN')
            try {
              await client.query(migration.sql)
              await client.query('INSERT INTO schema_version (version) VALUES ($1)', [
                migration.version,
              ])
              await client.query('COMMIT')
            } catch (error) {
              await client.query('ROLLBACK')
              throw error
            }
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
      }
    } finally {
      client.release()
    }
  }

  /**
   * Counts the change rows committed so far (pruned ones included) as the versions, in the same
   * snapshot as the one the next read starts from. `moved`: the changes in between are unknown
   * (a worker that could not read for longer than the rows are kept), so every cache is dropped.
   */
  async #count(moved: boolean): Promise<void> {
    const { rows } = await this.#pool.query<{
      snapshot: string
      data: string
      units: string
      forms: string
    }>(
      `SELECT pg_current_snapshot()::text AS snapshot,
         (SELECT value FROM meta WHERE key = 'changes_pruned') + count(*) AS data,
         (SELECT value FROM meta WHERE key = 'units_pruned')
           + count(*) FILTER (WHERE 'units_version' = ANY(bumped)) AS units,
         (SELECT value FROM meta WHERE key = 'forms_pruned')
           + count(*) FILTER (WHERE 'forms_version' = ANY(bumped)) AS forms
       FROM changes`,
    )
    const row = rows[0]
    if (!row) {
      return
    }
    const next = (known: number, counted: string) =>
      moved ? Math.max(known + 1, Number(counted)) : Math.max(known, Number(counted))
    this.#versions = {
      data_version: next(this.#versions.data_version, row.data),
      units_version: next(this.#versions.units_version, row.units),
      forms_version: next(this.#versions.forms_version, row.forms),
    }
    this.#log = []
    this.#logBase = this.#versions.data_version
    this.#periods = undefined
    this.#periodsVersion++
    this.#snapshot = parseSnapshot(row.snapshot)
  }

  /** Reads again soon; one read at a time, and one more if asked while it ran. */
  #refreshSoon(): void {
    if (this.#closed) {
      return
    }
    if (this.#refreshing) {
      this.#refreshAgain = true
      return
    }
    const wait = this.#refreshedAt + REFRESH_EVERY_MS - performance.now()
    if (wait > 0) {
      this.#refreshLater ??= setTimeout(() => {
        this.#refreshLater = undefined
        this.#refreshSoon()
      }, wait)
      return
    }
    this.#refreshedAt = performance.now()
    this.#refreshing = this.#refresh()
      .catch(() => {})
      .finally(() => {
        this.#refreshing = undefined
        if (this.#refreshAgain) {
          this.#refreshAgain = false
          this.#refreshSoon()
        }
      })
  }

  /** The change rows committed since the last snapshot, each counted once. */
  async #refresh(): Promise<void> {
    const { xmin, xmax, running } = this.#snapshot
    const { rows } = await this.#pool.query<
      ChangeRow & { snapshot: string | null; floor: string | null }
    >(
      `SELECT pg_current_snapshot()::text AS snapshot,
         (SELECT value FROM meta WHERE key = 'log_floor')::text AS floor,
         NULL AS id, NULL AS bumped, NULL AS units, NULL AS periods, NULL AS forms
       UNION ALL
       SELECT NULL, NULL, id::text, bumped, units, periods, forms FROM changes
       WHERE xid >= $1::xid8 OR xid = ANY($2::xid8[])`,
      [xmax, running],
    )
    const head = rows.find((row) => row.snapshot !== null)
    if (!head?.snapshot) {
      return
    }
    // Rows pruned that this worker may not have read: count again, and drop every cache.
    if (BigInt(head.floor ?? '0') > BigInt(xmin)) {
      await this.#count(true)
      return
    }
    this.#observe(rows.filter((row) => row.snapshot === null))
    this.#snapshot = parseSnapshot(head.snapshot)
  }

  /** Moves the versions by the change rows not yet counted, and logs what they moved. */
  #observe(changes: readonly ChangeRow[]): void {
    for (const change of [...changes].sort((a, b) => Number(a.id) - Number(b.id))) {
      if (this.#counted.has(change.id)) {
        continue
      }
      this.#counted.add(change.id)
      this.#versions.data_version++
      if (change.bumped.includes('units_version')) {
        this.#versions.units_version++
      }
      if (change.bumped.includes('forms_version')) {
        this.#versions.forms_version++
      }
      if (change.bumped.includes(PERIODS) || change.bumped.includes(ALL_REPORTS)) {
        this.#periods = undefined
        this.#periodsVersion++
      }
      this.#log.push({
        version: this.#versions.data_version,
        reports: change.bumped.includes(ALL_REPORTS)
          ? null
          : change.units.map((unit, i) => ({
              unit,
              period: change.periods[i] ?? '',
              form: change.forms[i] ?? '',
            })),
      })
    }
    if (this.#log.length > LOG_KEPT) {
      const dropped = this.#log.splice(0, this.#log.length - LOG_KEPT)
      this.#logBase = dropped.at(-1)?.version ?? this.#logBase
    }
    if (this.#counted.size > 4 * LOG_KEPT) {
      // Ids are counted in order: the oldest are the first in the set.
      let excess = this.#counted.size - 2 * LOG_KEPT
      for (const id of this.#counted) {
        if (excess-- <= 0) {
          break
        }
        this.#counted.delete(id)
      }
    }
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#connectionString })
    client.on('notification', (message) => {
      if (message.channel === this.#channel && message.payload !== this.#self) {
        this.#refreshSoon()
      }
    })
    // One retry per lost client, whether it says so by 'error', by 'end' or by a failed connect.
    let lost = false
    const again = () => {
      if (lost) {
        return
      }
      lost = true
      if (this.#listener === client) {
        this.#listener = undefined
      }
      client.removeAllListeners('error')
      client.on('error', () => {})
      if (!this.#closed) {
        setTimeout(() => {
          if (!this.#closed) {
            void this.#listen()
              .then(() => this.#refreshSoon())
              .catch(() => {})
          }
        }, 500).unref()
      }
    }
    client.on('error', again)
    client.on('end', again)
    try {
      await client.connect()
      await client.query(`LISTEN "${this.#channel.replaceAll('"', '""')}"`)
      // Its notifications' own little transactions need not wait for the disk.
      await client.query('SET synchronous_commit = off')
    } catch (error) {
      again()
      throw error
    }
    this.#listener = client
    if (this.#closed) {
      await client.end()
    }
  }

  async #query<R extends pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.#pool.query<R>(text, values)
    } catch (error) {
      throw unavailable(error)
    }
  }

  /**
   * A read every request makes: prepared once per pooled connection under `name`, so PostgreSQL
   * parses and plans it once rather than on every request.
   */
  async #prepared<R extends pg.QueryResultRow>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.#pool.query<R>({ name, text, values })
    } catch (error) {
      throw unavailable(error)
    }
  }

  /** Rows as arrays, in the order of the columns selected: no object per row. */
  async #arrays<R extends unknown[]>(text: string, values: unknown[]): Promise<R[]> {
    try {
      return (await this.#pool.query<R>({ text, values, rowMode: 'array' })).rows
    } catch (error) {
      throw unavailable(error)
    }
  }

  /**
   * Queues a write; writes queued while a commit is under way commit together after it, and each
   * promise settles only after that commit (or its own savepoint's rollback). A write of a report
   * names it, so its place in the batch follows from it.
   */
  #write<T>(run: (tx: Tx) => Promise<T>, report?: ReportKey, append?: BatchedAppend): Promise<T> {
    if (this.#closed) {
      return Promise.reject(new StoreUnavailableError('the store is closed'))
    }
    const order = report ? `${report.unit}\u0000${report.period}\u0000${report.form}` : ''
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({
        run,
        resolve: resolve as (value: unknown) => void,
        reject,
        order,
        ...(append ? { append } : {}),
      })
      if (!this.#writing) {
        this.#writing = true
        setImmediate(() => void this.#drain())
      }
    })
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending.sort(byOrder)
      this.#pending = []
      await this.#commit(batch)
    }
    this.#writing = false
    for (const wake of this.#idle.splice(0)) {
      wake()
    }
  }

  async #commit(batch: PendingWrite[]): Promise<void> {
    let client: pg.PoolClient
    try {
      client = await this.#writer.connect()
    } catch (error) {
      for (const op of batch) {
        op.reject(unavailable(error))
      }
      return
    }
    let broken: unknown
    // A connection lost while checked out says so by an 'error' event as well as by the query's
    // rejection: the pool listens only to idle clients, so this one must, or the process dies.
    const lost = (error: Error) => {
      broken = error
    }
    client.on('error', lost)
    try {
      const rest = await this.#appendTogether(client, batch)
      if (rest.length > 0) {
        await this.#commitEach(client, rest)
      }
    } catch (error) {
      // Every write not settled yet learns it was not stored (one settled ignores this).
      for (const op of batch) {
        op.reject(unavailable(error))
      }
      if (isConnectionError(error)) {
        broken = error
      }
    } finally {
      client.off('error', lost)
      client.release(broken instanceof Error ? broken : undefined)
    }
  }

  /**
   * Stores the batch's appends in one statement, its own transaction: the first write of each
   * report, when that is an append. Settles those it stored; answers the writes left to
   * `#commitEach` (what it refused, the rest of the batch, or all of it when it failed).
   */
  async #appendTogether(client: pg.PoolClient, batch: PendingWrite[]): Promise<PendingWrite[]> {
    const together: PendingWrite[] = []
    const rest: PendingWrite[] = []
    const reports = new Set<string>()
    for (const op of batch) {
      if (op.append && !reports.has(op.order)) {
        together.push(op)
      } else {
        rest.push(op)
      }
      reports.add(op.order)
    }
    if (together.length === 0) {
      return batch
    }
    let rows: AppendedRow[]
    for (let attempt = 0; ; attempt++) {
      try {
        const parameters = appendParameters(together.map((op) => op.append?.row ?? []))
        rows = (
          await client.query<AppendedRow>({
            name: 'append_many',
            text: APPEND_MANY,
            values: [...parameters, true],
          })
        ).rows
        break
      } catch (error) {
        if (isRetryable(error) && attempt < 5) {
          continue
        }
        if (isConnectionError(error)) {
          // Committed or not, nobody knows: no write is acknowledged (#commit refuses them all);
          // an Idempotency-Key retry finds out.
          throw error
        }
        // Each write alone, with its own savepoint: one bad append refuses none of the others.
        return batch
      }
    }
    const stored = new Set<number>()
    let change: ChangeRow | undefined
    for (const row of rows) {
      stored.add(Number(row.n) - 1)
      change ??= { id: row.change, bumped: [], units: [], periods: [], forms: [] }
    }
    if (change) {
      for (const [i, op] of together.entries()) {
        if (stored.has(i)) {
          const { unit, period, form } = op.append?.input as NewRevision
          change.units.push(unit)
          change.periods.push(period)
          change.forms.push(form)
        }
      }
      // This worker's own readers see the commit before its writers hear of it.
      this.#observe([change])
    }
    for (const row of rows) {
      const op = together[Number(row.n) - 1] as PendingWrite
      op.resolve(op.append?.created(row.revision))
    }
    if (change) {
      this.#announce()
      await this.#prune(client)
    }
    return [...together.filter((_, i) => !stored.has(i)), ...rest].sort(byOrder)
  }

  /** Commits the writes of a batch in one transaction, each inside its own savepoint. */
  async #commitEach(client: pg.PoolClient, batch: PendingWrite[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const { outcomes, change } = await this.#runBatch(client, batch)
        if (change) {
          // This worker's own readers see the commit before its writers hear of it.
          this.#observe([change])
        }
        settleBatch(batch, outcomes)
        if (change) {
          this.#announce()
          await this.#prune(client)
        }
        return
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        if (isRetryable(error) && attempt < 5) {
          continue
        }
        // Nothing was committed (or, if the connection broke during COMMIT, nothing is known):
        // no write of the batch is acknowledged; an Idempotency-Key retry finds out.
        if (isConnectionError(error)) {
          throw error
        }
        for (const op of batch) {
          op.reject(unavailable(error))
        }
        return
      }
    }
  }

  async #runBatch(
    client: pg.PoolClient,
    batch: PendingWrite[],
  ): Promise<{ outcomes: Outcome[]; change: ChangeRow | undefined }> {
    const outcomes: Outcome[] = []
    let touched: ReportKey[] = []
    let bumped = new Set<Bump>()
    // What must reach the server before the next statement: the transaction and the savepoint of
    // the write under way, sent with its first statement. Empty once sent.
    let ahead = 'BEGIN; SAVEPOINT op'
    let begun = false
    const send = async () => {
      if (ahead !== '') {
        const text = ahead
        ahead = ''
        begun = true
        await client.query(text)
      }
    }
    const tx: Tx = {
      query: async (text, values, name) => {
        await send()
        return client.query(name ? { name, text, values } : { text, values })
      },
      first: async <R extends pg.QueryResultRow>(text: string, values: readonly string[]) => {
        if (ahead === '') {
          return client.query<R>(text, [...values])
        }
        const inlined = text.replace(/\$(\d+)/g, (_, n: string) =>
          client.escapeLiteral(values[Number(n) - 1] ?? ''),
        )
        const sent = `${ahead}; ${inlined}`
        ahead = ''
        begun = true
        const results = (await client.query(sent)) as unknown as pg.QueryResult<R>[]
        return results.at(-1) as pg.QueryResult<R>
      },
      touch: (report) => touched.push(report),
      bump: (key) => {
        bumped.add(key)
        bumped.add('data_version')
      },
    }
    for (const op of batch) {
      if (begun && ahead === '') {
        ahead = 'RELEASE SAVEPOINT op; SAVEPOINT op'
      }
      const keepTouched = touched.length
      const keepBumped = new Set(bumped)
      try {
        outcomes.push({ ok: true, value: await op.run(tx) })
      } catch (error) {
        if (isRetryable(error) || isConnectionError(error)) {
          throw error
        }
        if (ahead === '') {
          await client.query('ROLLBACK TO SAVEPOINT op')
        }
        touched = touched.slice(0, keepTouched)
        bumped = keepBumped
        outcomes.push(
          error instanceof Discard ? { ok: true, value: error.value } : { ok: false, error },
        )
      }
    }
    if (!begun) {
      return { outcomes, change: undefined }
    }
    // The change row and COMMIT in one round trip (COMMIT releases the last savepoint).
    let change: ChangeRow | undefined
    let closing = ''
    if (bumped.size > 0) {
      // One row for the whole commit, stamped with its transaction id: no row every worker's
      // commit must lock, so commits of several workers never wait for one another here.
      const row: Omit<ChangeRow, 'id'> = {
        bumped: [...bumped].filter((key) => key !== 'data_version'),
        units: touched.map((r) => r.unit),
        periods: touched.map((r) => r.period),
        forms: touched.map((r) => r.form),
      }
      const list = (texts: string[]) => `${client.escapeLiteral(textArray(texts))}::text[]`
      closing += `INSERT INTO changes (bumped, units, periods, forms) VALUES (${list(row.bumped)},
        ${list(row.units)}, ${list(row.periods)}, ${list(row.forms)}) RETURNING id::text AS id; `
      change = { id: '', ...row }
    }
    const results = (await client.query(`${closing}COMMIT`)) as unknown as
      pg.QueryResult[] | pg.QueryResult
    if (change && Array.isArray(results)) {
      change.id = String(
        (
          results.find((result) => result.command === 'INSERT')?.rows[0] as
            { id: string } | undefined
        )?.id ?? '',
      )
    }
    return { outcomes, change }
  }

  /**
   * Tells the other workers, after COMMIT and on the listening connection: a NOTIFY inside the
   * write would hold PostgreSQL's one notification lock from then until the commit is on disk,
   * ordering every worker's commits. One notification at a time, at most one each
   * NOTIFY_EVERY_MS, and one more if commits came meanwhile; a lost one is made up by the poll.
   */
  #announce(): void {
    const listener = this.#listener
    if (this.#notifying || !listener) {
      this.#notifyAgain = this.#notifying !== undefined
      return
    }
    const started = performance.now()
    this.#notifying = listener
      .query({
        name: 'notify',
        text: 'SELECT pg_notify($1, $2)',
        values: [this.#channel, this.#self],
      })
      .then(
        () => {},
        () => {},
      )
      .then(
        () =>
          new Promise<void>((resolve) => {
            setTimeout(resolve, started + NOTIFY_EVERY_MS - performance.now())
          }),
      )
      .finally(() => {
        this.#notifying = undefined
        if (this.#notifyAgain) {
          this.#notifyAgain = false
          this.#announce()
        }
      })
  }

  /** Now and then, the change rows every worker has long read go. */
  async #prune(client: pg.PoolClient): Promise<void> {
    if (++this.#commits % 1000 !== 0) {
      return
    }
    try {
      await client.query(
        `WITH gone AS (DELETE FROM changes WHERE at < now() - interval '${PRUNE_AFTER}'
           RETURNING xid, bumped)
         UPDATE meta SET value = CASE key
           WHEN 'changes_pruned' THEN value + (SELECT count(*) FROM gone)
           WHEN 'units_pruned' THEN value
             + (SELECT count(*) FROM gone WHERE 'units_version' = ANY(bumped))
           WHEN 'forms_pruned' THEN value
             + (SELECT count(*) FROM gone WHERE 'forms_version' = ANY(bumped))
           ELSE greatest(value, coalesce((SELECT max(xid::text::bigint) + 1 FROM gone), 0)) END
         WHERE key IN ('changes_pruned', 'units_pruned', 'forms_pruned', 'log_floor')`,
      )
    } catch {
      // Pruned by the next try; nothing depends on it now.
    }
  }

  async #audit(tx: Tx, entry: AuditInput): Promise<void> {
    await tx.query(
      `INSERT INTO audit (at, actor, address, action, target, details, person)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        this.#now().toISOString(),
        entry.actor,
        entry.address,
        entry.action,
        entry.target,
        JSON.stringify(entry.details ?? null),
        entry.person ?? null,
      ],
    )
  }

  async listUnits(): Promise<Unit[]> {
    const { rows } = await this.#query<{
      code: string
      name: string
      parent: string | null
      level: UnitLevel
      valid_from: string | null
      valid_to: string | null
      phone: string | null
      email: string | null
    }>(
      'SELECT code, name, parent, level, valid_from, valid_to, phone, email FROM units ORDER BY id',
    )
    return rows.map((row) => ({
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
    return this.#write(async (tx) => {
      await tx.query('DELETE FROM units WHERE code = ANY($1)', [
        [...new Set(units.map((unit) => unit.code))],
      ])
      await tx.query(
        `INSERT INTO units (code, name, parent, level, valid_from, valid_to, phone, email)
         SELECT code, name, parent, level, valid_from, valid_to, phone, email
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
           $7::text[], $8::text[])
           WITH ORDINALITY AS u (code, name, parent, level, valid_from, valid_to, phone, email, n)
         ORDER BY n`,
        [
          units.map((u) => u.code),
          units.map((u) => u.name),
          units.map((u) => u.parent),
          units.map((u) => u.level),
          units.map((u) => u.validFrom ?? null),
          units.map((u) => u.validTo ?? null),
          units.map((u) => u.phone ?? null),
          units.map((u) => u.email ?? null),
        ],
      )
      tx.bump('units_version')
      await this.#audit(tx, audit)
    })
  }

  addKey(key: StoredKey, audit: AuditInput): Promise<void> {
    return this.#write(async (tx) => {
      await tx.query(
        'INSERT INTO access_keys (id, unit, hash, created_at) VALUES ($1, $2, $3, $4)',
        [key.id, key.unit, key.hash, key.createdAt],
      )
      await this.#audit(tx, audit)
    })
  }

  /** Read from the database every time: a key revoked at any worker is refused at once. */
  getKey(id: string): Promise<StoredKey | undefined> {
    return this.#keys.get(id)
  }

  async activeKeys(unit: string): Promise<StoredKey[]> {
    const { rows } = await this.#query<KeyRow>(
      'SELECT * FROM access_keys WHERE unit = $1 AND revoked_at IS NULL ORDER BY created_at',
      [unit],
    )
    return rows.map(keyFromRow)
  }

  revokeKeys(unit: string, at: string, audit: AuditInput): Promise<number> {
    return this.#write(async (tx) => {
      const { rowCount } = await tx.query(
        'UPDATE access_keys SET revoked_at = $1 WHERE unit = $2 AND revoked_at IS NULL',
        [at, unit],
      )
      const revoked = rowCount ?? 0
      await this.#audit(tx, { ...audit, details: { ...(audit.details as object), revoked } })
      return revoked
    })
  }

  addAccount(account: StoredAccount, audit: AuditInput): Promise<boolean> {
    return this.#write(async (tx) => {
      const { rowCount } = await tx.query(
        `INSERT INTO accounts (login, name, unit, roles, password_hash, code_hash, created_at,
           disabled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (login) DO NOTHING`,
        [
          account.login,
          account.name,
          account.unit,
          JSON.stringify(account.roles),
          account.passwordHash,
          account.codeHash,
          account.createdAt,
          account.disabledAt,
        ],
      )
      if (!rowCount) {
        return false
      }
      await this.#audit(tx, audit)
      return true
    })
  }

  /** Read from the database every time: an account disabled at any worker is refused at once. */
  getAccount(login: string): Promise<StoredAccount | undefined> {
    return this.#accounts.get(login)
  }

  async listAccounts(unit: string): Promise<StoredAccount[]> {
    const { rows } = await this.#query<AccountRow>(
      'SELECT * FROM accounts WHERE unit = $1 ORDER BY login',
      [unit],
    )
    return rows.map(accountFromRow)
  }

  updateAccount(login: string, change: AccountChange, audit: AuditInput): Promise<boolean> {
    return this.#write(async (tx) => {
      const { rows } = await tx.query<AccountRow>(
        'SELECT * FROM accounts WHERE login = $1 FOR UPDATE',
        [login],
      )
      if (!rows[0]) {
        return false
      }
      const next = { ...accountFromRow(rows[0]), ...change }
      await tx.query(
        `UPDATE accounts SET name = $2, roles = $3, password_hash = $4, code_hash = $5,
           disabled_at = $6 WHERE login = $1`,
        [
          login,
          next.name,
          JSON.stringify(next.roles),
          next.passwordHash,
          next.codeHash,
          next.disabledAt,
        ],
      )
      await this.#audit(tx, audit)
      return true
    })
  }

  async listPeriods(): Promise<Period[]> {
    if (this.#periods) {
      return this.#periods
    }
    const version = this.#periodsVersion
    const { rows } = await this.#query<Period>(
      'SELECT id, cutoff, deadline, open FROM periods ORDER BY cutoff, id',
    )
    if (version === this.#periodsVersion) {
      this.#periods = rows
    }
    return rows
  }

  async getPeriod(id: string): Promise<Period | undefined> {
    return (await this.listPeriods()).find((period) => period.id === id)
  }

  savePeriod(period: Period, audit: AuditInput): Promise<void> {
    return this.#write(async (tx) => {
      await tx.query(
        `INSERT INTO periods (id, cutoff, deadline, open) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET cutoff = excluded.cutoff, deadline = excluded.deadline,
         open = excluded.open`,
        [period.id, period.cutoff, period.deadline, period.open],
      )
      tx.bump(PERIODS)
      await this.#audit(tx, audit)
    })
  }

  /**
   * Locks one report until the transaction ends, on every worker, and reads it with whether its
   * period is open, in one round trip. A report not yet submitted gets a row to lock (revision 0);
   * a write that then appends nothing throws `Discard`, and the row goes with its savepoint.
   */
  async #lockReport(
    tx: Tx,
    key: ReportKey,
  ): Promise<{ id: string; report: LockedReport | undefined; periodOpen: boolean }> {
    // Only what the decision and a replay's answer read: a wide row is text to make and parse.
    const { rows } = await tx.first<LockedReport & { period_open: boolean | null }>(
      `INSERT INTO reports (unit, period, form, latest_revision, status, first_submitted_at,
         form_version, submitted_at) VALUES ($1, $2, $3, 0, 'submitted', '', '', '')
       ON CONFLICT (unit, period, form) DO UPDATE SET latest_revision = reports.latest_revision
       RETURNING id, unit, period, form, latest_revision, status,
         (SELECT open FROM periods WHERE id = $2) AS period_open`,
      [key.unit, key.period, key.form],
    )
    const row = rows[0] as LockedReport & { period_open: boolean | null }
    return {
      id: row.id,
      report: row.latest_revision > 0 ? row : undefined,
      periodOpen: row.period_open === true,
    }
  }

  async appendRevision(input: NewRevision): Promise<AppendResult> {
    const packed = packRow(input.values)
    if (!this.#storedLayouts.has(packed.layout)) {
      // Outside the write's transaction, once per layout and worker: a layout row is harmless
      // when the write that brought it is refused.
      await this.#query(
        'INSERT INTO value_layouts (key, codes) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
        [packed.layout, packed.codes],
      )
      this.#storedLayouts.add(packed.layout)
    }
    const row = appendRow(input, packed, this.#now().toISOString())
    const created = (revision: number): AppendResult => ({
      kind: 'created',
      revision: createdRevision(input, revision),
    })
    // What the batch's statement did not store (it leaves every refusal to this), decided here.
    const alone = async (tx: Tx): Promise<AppendResult> => {
      // The key is read after the lock: a retry at another worker that committed first is seen.
      const { id, report, periodOpen } = await this.#lockReport(tx, input)
      const seen =
        report && input.idempotency
          ? (
              await tx.query<{ request_hash: string; revision: number }>(
                'SELECT request_hash, revision FROM idempotency WHERE report_id = $1 AND key = $2',
                [id, input.idempotency.key],
              )
            ).rows[0]
          : undefined
      const decision = decideAppend({
        report: report && { latestRevision: report.latest_revision, status: report.status },
        seenKey: seen && { requestHash: seen.request_hash, revision: seen.revision },
        requestHash: input.idempotency?.requestHash,
        periodOpen,
        ifMatch: input.ifMatch,
      })
      switch (decision.kind) {
        case 'replay': {
          const [found] = await this.#revisions(tx, report as LockedReport, decision.revision)
          if (!found) {
            throw new Error(`revision ${decision.revision} of report ${id} is missing`)
          }
          throw new Discard({
            kind: 'replayed',
            revision: { ...found, status: 'submitted', review: null },
          } satisfies AppendResult)
        }
        case 'conflict':
        case 'keyReused':
        case 'accepted':
        case 'periodClosed':
          throw new Discard(decision)
      }
      // The report locked and found as decided: the statement stores it as the batch's would.
      const { rows } = await tx.query<AppendedRow>(
        APPEND_MANY,
        [...appendParameters([row]), false],
        'append_many',
      )
      if (rows[0]?.revision !== decision.revision) {
        throw new Error(`revision ${decision.revision} of report ${id} was not stored`)
      }
      tx.bump('data_version')
      tx.touch({ unit: input.unit, period: input.period, form: input.form })
      return created(decision.revision)
    }
    return this.#write(alone, input, { row, input, created })
  }

  /** Revisions of a report with the latest review of each: one, or all in order. */
  async #revisions(
    tx: Pick<Tx, 'query'>,
    report: LockedReport,
    revision?: number,
  ): Promise<StoredRevision[]> {
    const { rows } = await tx.query<RevisionRow>(
      `SELECT v.revision, v.form_version, v.status, v.submitted_at, v.submitted_by,
         v.submitted_by_login, v.submitted_by_name, v.vals,
         v.warnings, v.acknowledged, v.acknowledgement_reason, v.notes, v.warning_reasons,
         rv.revision AS review_revision,
         rv.decision, rv.comment, rv.reviewer, rv.reviewer_login, rv.reviewer_name, rv.reviewed_at
       FROM revisions v
       LEFT JOIN LATERAL (SELECT * FROM reviews r WHERE r.report_id = v.report_id
         AND r.revision = v.revision ORDER BY r.id DESC LIMIT 1) rv ON true
       WHERE v.report_id = $1 AND ($2::integer IS NULL OR v.revision = $2)
       ORDER BY v.revision`,
      [report.id, revision ?? null],
    )
    return rows.map((row) => revisionFromRow(report, row))
  }

  async latestRevision(
    unit: string,
    period: string,
    form: string,
  ): Promise<StoredRevision | undefined> {
    const report = await this.#report(unit, period, form)
    if (!report) {
      return undefined
    }
    const [latest] = await this.#revisions(this.#reader(), report, report.latest_revision)
    return latest
  }

  async revisions(unit: string, period: string, form: string): Promise<StoredRevision[]> {
    const report = await this.#report(unit, period, form)
    return report ? this.#revisions(this.#reader(), report) : []
  }

  #reader(): Pick<Tx, 'query'> {
    return { query: (text, values) => this.#query(text, values) }
  }

  async #report(unit: string, period: string, form: string): Promise<ReportRow | undefined> {
    const { rows } = await this.#query<ReportRow>(
      'SELECT * FROM reports WHERE unit = $1 AND period = $2 AND form = $3',
      [unit, period, form],
    )
    return rows[0]
  }

  async reportsWithValues(
    period: string,
    form: string,
    units?: readonly string[],
  ): Promise<ReportWithValues[]> {
    const { rows } = await this.#query<ReportRow & { vals: Values }>(
      `SELECT r.*, v.vals FROM reports r
       JOIN revisions v ON v.report_id = r.id AND v.revision = r.latest_revision
       WHERE r.period = $1 AND r.form = $2 AND ($3::text[] IS NULL OR r.unit = ANY($3))
       ORDER BY ${units === undefined ? 'r.id' : 'array_position($3, r.unit)'}`,
      [period, form, units === undefined ? null : [...units]],
    )
    return rows.map((row) => ({ ...summaryFromRow(row), values: row.vals }))
  }

  async latestValues(
    period: string,
    form: string,
    units?: readonly string[],
  ): Promise<PackedReport[]> {
    // The bytes as base64 without line breaks: a third smaller than bytea's hex text, and
    // decoded straight into the block the reports share.
    const rows = await this.#arrays<LatestRow>(
      `SELECT r.unit, r.form_version, r.latest_revision, r.status, r.first_submitted_at,
         r.submitted_at, p.layout, replace(encode(p.packed, 'base64'), E'\\n', '') AS packed,
         CASE WHEN p.report_id IS NULL THEN (SELECT v.vals FROM revisions v
           WHERE v.report_id = r.id AND v.revision = r.latest_revision) END AS vals
       FROM reports r LEFT JOIN latest_values p ON p.report_id = r.id
       WHERE r.period = $1 AND r.form = $2 AND r.latest_revision > 0
         AND ($3::text[] IS NULL OR r.unit = ANY($3))
       ${units === undefined ? '' : 'ORDER BY array_position($3, r.unit)'}`,
      [period, form, units === undefined ? null : [...units]],
    )
    const unknown = this.#packed.unknownLayouts(rows)
    if (unknown.length > 0) {
      const layouts = await this.#query<{ key: string; codes: string }>(
        'SELECT key, codes FROM value_layouts WHERE key = ANY($1)',
        [unknown],
      )
      for (const layout of layouts.rows) {
        this.#packed.addLayout(layout.key, layout.codes)
      }
    }
    return this.#packed.reports(rows)
  }

  async latestRevisions(
    period: string,
    form: string,
    units: readonly string[],
  ): Promise<StoredRevision[]> {
    const { rows } = await this.#query<ReportRow>(
      `SELECT * FROM reports WHERE period = $1 AND form = $2 AND unit = ANY($3)
       ORDER BY array_position($3, unit)`,
      [period, form, [...units]],
    )
    const reader = this.#reader()
    const found: StoredRevision[] = []
    for (const report of rows) {
      found.push(...(await this.#revisions(reader, report, report.latest_revision)))
    }
    return found
  }

  async reportSummaries(period: string): Promise<ReportSummary[]> {
    const { rows } = await this.#query<ReportRow>(
      'SELECT * FROM reports WHERE period = $1 ORDER BY id',
      [period],
    )
    return rows.map(summaryFromRow)
  }

  review(input: NewReview): Promise<ReviewResult> {
    return this.#write(async (tx): Promise<ReviewResult> => {
      const { report, periodOpen } = await this.#lockReport(tx, input)
      const decision = decideReview({
        report: report && { latestRevision: report.latest_revision, status: report.status },
        periodOpen,
        decision: input.decision,
        ...(input.ifMatch === undefined ? {} : { ifMatch: input.ifMatch }),
      })
      if (decision.kind !== 'review' || !report) {
        throw new Discard(decision.kind === 'review' ? { kind: 'notFound' } : decision)
      }
      await tx.query(
        `WITH review AS (
           INSERT INTO reviews (report_id, revision, decision, comment, reviewer, reviewed_at,
             reviewer_login, reviewer_name)
           VALUES ($1, $2, $3, $4, $5, $6, $8, $9)),
         revision AS (
           UPDATE revisions SET status = $7 WHERE report_id = $1 AND revision = $2),
         report AS (UPDATE reports SET status = $7, reviewer = $5, reviewer_login = $8,
           reviewer_name = $9, decision = $3 WHERE id = $1)
         SELECT 1`,
        [
          report.id,
          report.latest_revision,
          input.decision,
          input.comment,
          input.reviewer,
          input.reviewedAt,
          decision.status,
          input.reviewerPerson?.login ?? null,
          input.reviewerPerson?.name ?? null,
        ],
      )
      tx.bump('data_version')
      tx.touch({ unit: input.unit, period: input.period, form: input.form })
      await this.#audit(tx, input.audit)
      const [revision] = await this.#revisions(
        tx,
        { ...report, status: decision.status },
        report.latest_revision,
      )
      if (!revision) {
        throw new Error(`revision ${report.latest_revision} of report ${report.id} is missing`)
      }
      return { kind: 'reviewed', revision }
    }, input)
  }

  saveTargets(targets: readonly TargetChange[], audit: AuditInput): Promise<void> {
    return this.#write(async (tx) => {
      for (const t of targets) {
        if (t.value === null) {
          await tx.query(
            'DELETE FROM targets WHERE period = $1 AND form = $2 AND unit = $3 AND row = $4',
            [t.period, t.form, t.unit, t.row],
          )
        } else {
          await tx.query(
            `INSERT INTO targets (unit, period, form, row, value, set_by, set_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (period, form, unit, row) DO UPDATE SET value = excluded.value,
             set_by = excluded.set_by, set_at = excluded.set_at`,
            [t.unit, t.period, t.form, t.row, t.value, t.setBy, t.setAt],
          )
        }
      }
      tx.bump('data_version')
      await this.#audit(tx, audit)
    })
  }

  async listTargets(period: string, form: string, units?: readonly string[]): Promise<Target[]> {
    const { rows } = await this.#query<{
      unit: string
      period: string
      form: string
      row: string
      value: number
      set_by: string
      set_at: string
    }>(
      units === undefined
        ? 'SELECT * FROM targets WHERE period = $1 AND form = $2 ORDER BY unit, row'
        : 'SELECT * FROM targets WHERE period = $1 AND form = $2 AND unit = ANY($3) ORDER BY unit, row',
      units === undefined ? [period, form] : [period, form, [...units]],
    )
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
    const { rows } = await this.#query<{
      id: string
      version: string
      definition: unknown
      loaded_at: string
    }>('SELECT id, version, definition, loaded_at FROM forms ORDER BY loaded_at, seq')
    return rows.map((row) => ({
      id: row.id,
      version: row.version,
      definition: row.definition,
      loadedAt: row.loaded_at,
    }))
  }

  saveForm(form: StoredForm, audit: AuditInput): Promise<boolean> {
    return this.#write(async (tx) => {
      const { rowCount } = await tx.query(
        `INSERT INTO forms (id, version, definition, loaded_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id, version) DO NOTHING`,
        [form.id, form.version, JSON.stringify(form.definition), form.loadedAt],
      )
      const created = (rowCount ?? 0) > 0
      if (created) {
        tx.bump('forms_version')
        await this.#audit(tx, audit)
      }
      return created
    })
  }

  async sharedSecret(name: string, make: () => string): Promise<string> {
    await this.#query('INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      name,
      make(),
    ])
    const { rows } = await this.#query<{ value: string }>(
      'SELECT value FROM secrets WHERE name = $1',
      [name],
    )
    return rows[0]?.value ?? ''
  }

  async dataVersion(): Promise<number> {
    return this.#versions.data_version
  }

  async changedReports(since: number): Promise<ReportKey[] | null> {
    const current = this.#versions.data_version
    if (since > current || since < this.#logBase) {
      return null
    }
    const moved: ReportKey[] = []
    for (const entry of this.#log) {
      if (entry.version > since) {
        if (entry.reports === null) {
          return null
        }
        moved.push(...entry.reports)
      }
    }
    return moved
  }

  async unitsVersion(): Promise<number> {
    return this.#versions.units_version
  }

  async formsVersion(): Promise<number> {
    return this.#versions.forms_version
  }

  async signInWindows(keys: readonly string[]): Promise<Map<string, SignInWindow>> {
    const { rows } = await this.#query<{ key: string; window_start: string; failures: number }>(
      'SELECT key, window_start, failures FROM sign_in_failures WHERE key = ANY($1)',
      [[...keys]],
    )
    return new Map(
      rows.map((row) => [row.key, { start: Number(row.window_start), failures: row.failures }]),
    )
  }

  /** One statement, outside the group commit: a failed sign-in is counted at once by all. */
  async failSignIn(
    keys: readonly string[],
    now: number,
    windowMs: number,
  ): Promise<Map<string, SignInWindow>> {
    if (++this.#signInWrites % 1000 === 0) {
      await this.#query('DELETE FROM sign_in_failures WHERE window_start <= $1', [now - windowMs])
    }
    const { rows } = await this.#query<{ key: string; window_start: string; failures: number }>(
      `INSERT INTO sign_in_failures (key, window_start, failures)
       SELECT key, $2, 1 FROM unnest($1::text[]) AS key
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN $2 - sign_in_failures.window_start >= $3 THEN 1
           ELSE sign_in_failures.failures + 1 END,
         window_start = CASE WHEN $2 - sign_in_failures.window_start >= $3 THEN $2
           ELSE sign_in_failures.window_start END
       RETURNING key, window_start, failures`,
      [[...keys], now, windowMs],
    )
    return new Map(
      rows.map((row) => [row.key, { start: Number(row.window_start), failures: row.failures }]),
    )
  }

  async releaseSignIn(key: string): Promise<void> {
    await this.#query(
      'UPDATE sign_in_failures SET failures = failures - 1 WHERE key = $1 AND failures > 0',
      [key],
    )
  }

  async clearSignIn(key: string): Promise<void> {
    await this.#query('DELETE FROM sign_in_failures WHERE key = $1', [key])
  }

  audit(entry: AuditInput): Promise<void> {
    return this.#write((tx) => this.#audit(tx, entry))
  }

  async listAudit({ limit, before }: { limit: number; before?: number }): Promise<AuditRecord[]> {
    const { rows } = await this.#query<{
      id: string
      at: string
      actor: string
      person: string | null
      address: string | null
      action: string
      target: string
      details: unknown
    }>('SELECT * FROM audit WHERE id < $1 ORDER BY id DESC LIMIT $2', [
      before ?? Number.MAX_SAFE_INTEGER,
      limit,
    ])
    return rows.map((row) => ({ ...row, id: Number(row.id) }))
  }

  async ping(): Promise<void> {
    await this.#query('SELECT 1')
  }

  /** PostgreSQL checks its own pages (and its checksums, when enabled) as it reads them. */
  async integrityProblems(): Promise<string[]> {
    return []
  }

  async close(): Promise<void> {
    if (this.#writing) {
      await new Promise<void>((resolve) => this.#idle.push(resolve))
    }
    while (this.#notifying) {
      await this.#notifying
    }
    this.#closed = true
    clearInterval(this.#poll)
    clearTimeout(this.#refreshLater)
    const listener = this.#listener
    this.#listener = undefined
    await listener?.end().catch(() => {})
    await Promise.all([this.#pool.end(), this.#writer.end()])
  }
}

function accountFromRow(row: AccountRow): StoredAccount {
  return {
    login: row.login,
    name: row.name,
    unit: row.unit,
    roles: row.roles,
    passwordHash: row.password_hash,
    codeHash: row.code_hash,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
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

function reviewFromRow(row: RevisionRow): StoredReview | null {
  if (row.review_revision === null || row.decision === null) {
    return null
  }
  return {
    revision: row.review_revision,
    decision: row.decision,
    comment: row.comment ?? '',
    reviewer: row.reviewer ?? '',
    reviewerPerson: personOf(row.reviewer_login, row.reviewer_name),
    reviewedAt: row.reviewed_at ?? '',
  }
}

function revisionFromRow(report: LockedReport, row: RevisionRow): StoredRevision {
  return {
    id: revisionId(report, row.revision),
    unit: report.unit,
    period: report.period,
    form: report.form,
    formVersion: row.form_version,
    revision: row.revision,
    status: row.status,
    submittedAt: row.submitted_at,
    submittedBy: row.submitted_by,
    submittedByPerson: personOf(row.submitted_by_login, row.submitted_by_name),
    values: row.vals,
    warnings: readStoredFindings(row.warnings),
    acknowledgedWarnings: row.acknowledged,
    acknowledgementReason: row.acknowledgement_reason,
    warningReasons: row.warning_reasons,
    notes: row.notes,
    review: reviewFromRow(row),
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

/** A text[] literal of `texts`, every element quoted. */
function textArray(texts: readonly string[]): string {
  return `{${texts.map((text) => `"${text.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`
}

/** `pg_current_snapshot()` as text, `xmin:xmax:xip,…`. */
function parseSnapshot(text: string): { xmin: string; xmax: string; running: string[] } {
  const [xmin = '0', xmax = '0', running = ''] = text.split(':')
  return { xmin, xmax, running: running === '' ? [] : running.split(',') }
}
