/**
 * @module `store:copy`: a province's SQLite store moved into an empty PostgreSQL database, row for
 * row (units with their validity dates, keys, accounts, periods, form versions, every revision
 * with its warnings and reviews and the person beside the unit on each, each report's packed
 * latest numbers, idempotency records, the audit log), in one transaction; then checked:
 * the rows of every table counted on both sides, and every unit's rollup of every period, form and
 * view worked out from each store and compared. A database that is not empty is refused untouched.
 */
import Database from 'better-sqlite3'
import pg from 'pg'
import { treeAt } from '../../shared/unit-tree.ts'
import { RollupState } from '../../shared/rollup.ts'
import type { RollupView } from '../../shared/rollup.ts'
import type { FormCatalog } from '../../shared/form-catalog.ts'
import { openSqliteStore } from './sqlite/store.ts'
import { openPostgresStore } from './postgres/store.ts'
import type { Store } from './store.ts'

/**
 * The tables copied, parents first, when both schemas have them (a table a newer feature brings,
 * such as targets, is copied once both backends' migrations make it); the columns both have are
 * copied.
 */
const TABLES = [
  'units',
  'access_keys',
  'periods',
  'forms',
  'reports',
  'value_layouts',
  'latest_values',
  'revisions',
  'reviews',
  'idempotency',
  'audit',
  'targets',
  'accounts',
] as const
type Table = (typeof TABLES)[number]

/** The order rows are read in: that of their ids, or of their insertion. */
const ORDER: Record<Table, string> = {
  units: 'id',
  access_keys: 'rowid',
  periods: 'rowid',
  forms: 'rowid',
  reports: 'id',
  value_layouts: 'key',
  latest_values: 'report_id',
  revisions: 'id',
  reviews: 'id',
  idempotency: 'report_id, key',
  audit: 'id',
  targets: 'period, form, unit, row',
  accounts: 'login',
}

/** Tables whose `id` comes from a sequence that must continue after the copied ids. */
const SERIAL_IDS = ['units', 'reports', 'reviews', 'audit'] as const

const CHUNK = 2000

export type CopyOutcome =
  { ok: true; counts: Record<string, number>; rollups: number } | { ok: false; problems: string[] }

/**
 * Copies the SQLite store at `sqlitePath` into the PostgreSQL database at `url` and checks the
 * copy, with the form versions of `catalog` (built-in and stored) for the rollups.
 */
export async function copySqliteToPostgres(
  sqlitePath: string,
  url: string,
  catalogOf: (store: Store) => Promise<FormCatalog>,
): Promise<CopyOutcome> {
  // Opening migrates the source to the latest schema, and the target to its own.
  const source = openSqliteStore({ path: sqlitePath })
  const target = await openPostgresStore({ connectionString: url })
  try {
    const copied = await copyRows(sqlitePath, url)
    if (!copied.ok) {
      return copied
    }
    const problems: string[] = []
    const counts = await targetCounts(url, Object.keys(copied.counts) as Table[])
    for (const table of Object.keys(copied.counts) as Table[]) {
      if (counts[table] !== copied.counts[table]) {
        problems.push(
          `Bảng ${table}: SQLite có ${copied.counts[table]} dòng, PostgreSQL có ${counts[table]} / table ${table}: ${copied.counts[table]} rows in SQLite, ${counts[table]} in PostgreSQL`,
        )
      }
    }
    const rollups = await compareRollups(source, target, await catalogOf(source), problems)
    return problems.length > 0 ? { ok: false, problems } : { ok: true, counts, rollups }
  } finally {
    await source.close()
    await target.close()
  }
}

type Row = Record<string, unknown>

/**
 * The rows alone, without the check: what `copySqliteToPostgres` copies first, and how the
 * benchmarks fill a migrated PostgreSQL database with a country in a minute.
 */
export async function copyRows(sqlitePath: string, url: string): Promise<CopyOutcome> {
  const lite = new Database(sqlitePath, { readonly: true })
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const inTarget = new Set(
      (
        await client.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`,
        )
      ).rows.map((row) => row.table_name),
    )
    const tables = TABLES.filter(
      (table) =>
        inTarget.has(table) &&
        lite
          .prepare<[string], { name: string }>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?",
          )
          .get(table) !== undefined,
    )
    await client.query('BEGIN')
    // No worker may write while the copy runs: it would interleave with the copied ids.
    await client.query(`LOCK TABLE ${tables.join(', ')}, meta IN EXCLUSIVE MODE`)
    const present: string[] = []
    for (const table of tables) {
      const { rows } = await client.query<{ any: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${table}) AS any`,
      )
      if (rows[0]?.any) {
        present.push(table)
      }
    }
    if (present.length > 0) {
      await client.query('ROLLBACK')
      return {
        ok: false,
        problems: [
          `Cơ sở dữ liệu đích không trống (${present.join(', ')}): không chép gì / the target database is not empty (${present.join(', ')}): nothing copied`,
        ],
      }
    }
    const counts: Record<string, number> = {}
    for (const table of tables) {
      counts[table] = await copyTable(lite, client, table)
    }
    for (const table of SERIAL_IDS) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest((SELECT max(id) FROM ${table}), 1))`,
      )
    }
    await client.query(
      `SELECT setval(pg_get_serial_sequence('forms', 'seq'), greatest((SELECT max(seq) FROM forms), 1))`,
    )
    const meta = (key: string) =>
      lite.prepare<[string], { value: number }>('SELECT value FROM meta WHERE key = ?').get(key)
        ?.value ?? 0
    // Beyond the source's versions, so no cache made before the copy is taken for a current one.
    await client.query(
      `UPDATE meta SET value = CASE key WHEN 'data_version' THEN $1::bigint
         WHEN 'units_version' THEN $2::bigint WHEN 'forms_version' THEN $3::bigint ELSE value END`,
      [meta('data_version') + 1, meta('units_version') + 1, counts.forms ?? 0],
    )
    await client.query('COMMIT')
    // Statistics for the planner at once, not at autovacuum's leisure: without them the first
    // rollup's read of 135,000 reports joins them one by one (5 s instead of a quarter of one).
    await client.query('ANALYZE')
    return { ok: true, counts, rollups: 0 }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    lite.close()
    await client.end()
  }
}

/** Copies the columns a table has on both sides, in chunks; returns the rows copied. */
async function copyTable(lite: Database.Database, client: pg.Client, table: Table) {
  const liteColumns = new Set(
    lite
      .prepare<[], { name: string }>(`PRAGMA table_info(${table})`)
      .all()
      .map((c) => c.name),
  )
  const { rows: pgColumns } = await client.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  )
  const columns = pgColumns.filter((c) => liteColumns.has(c.column_name))
  if (table === 'forms') {
    // Forms keep their load order through `seq`, SQLite's rowid.
    columns.push({ column_name: 'seq', data_type: 'bigint' })
  }
  const select = columns
    .map((c) => (c.column_name === 'seq' ? 'rowid AS seq' : `"${c.column_name}"`))
    .join(', ')
  const statement = lite.prepare<[], Row>(`SELECT ${select} FROM ${table} ORDER BY ${ORDER[table]}`)
  const names = columns.map((c) => `"${c.column_name}"`).join(', ')
  let chunk: Row[] = []
  let count = 0
  const flush = async () => {
    if (chunk.length === 0) {
      return
    }
    // json_populate_recordset turns each value into its column's type; json columns take the
    // value's text as it stands, so values keep their keys' order.
    await client.query(
      `INSERT INTO ${table} (${names}) SELECT ${names} FROM json_populate_recordset(null::${table}, $1)`,
      [`[${chunk.map((row) => rowJson(row, columns)).join(',')}]`],
    )
    count += chunk.length
    chunk = []
  }
  for (const row of statement.iterate()) {
    chunk.push(row)
    if (chunk.length >= CHUNK) {
      await flush()
    }
  }
  await flush()
  return count
}

function rowJson(row: Row, columns: { column_name: string; data_type: string }[]): string {
  const parts = columns.map(({ column_name: name, data_type: type }) => {
    const value = row[name]
    let text: string
    if (value === null || value === undefined) {
      text = 'null'
    } else if (type === 'boolean') {
      text = value ? 'true' : 'false'
    } else if (type === 'bytea') {
      // Packed numbers: bytea's hex input form.
      text = JSON.stringify(`\\x${(value as Buffer).toString('hex')}`)
    } else if (type === 'json' || type === 'jsonb') {
      // SQLite keeps JSON as its text already.
      text = typeof value === 'string' ? value : JSON.stringify(value)
    } else {
      text = JSON.stringify(value)
    }
    return `${JSON.stringify(name)}:${text}`
  })
  return `{${parts.join(',')}}`
}

async function targetCounts(url: string, tables: Table[]): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const counts: Record<string, number> = {}
    for (const table of tables) {
      const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM ${table}`)
      counts[table] = Number(rows[0]?.count ?? 0)
    }
    return counts
  } finally {
    await client.end()
  }
}

/**
 * Every unit's rollup of every period, form and view, from each store: they must be equal, to the
 * last digit and the last missing unit. Returns how many were compared.
 */
async function compareRollups(
  source: Store,
  target: Store,
  catalog: FormCatalog,
  problems: string[],
): Promise<number> {
  const units = { source: await source.listUnits(), target: await target.listUnits() }
  let compared = 0
  for (const period of await source.listPeriods()) {
    const trees = {
      source: treeAt(units.source, period.cutoff),
      target: treeAt(units.target, period.cutoff),
    }
    for (const form of catalog.list()) {
      const read = (store: Store) => store.latestValues(period.id, form.id)
      const submissions = { source: await read(source), target: await read(target) }
      for (const view of ['latest', 'accepted'] as RollupView[]) {
        const states = {
          source: new RollupState({
            tree: trees.source,
            form,
            period,
            submissions: submissions.source,
            view,
          }),
          target: new RollupState({
            tree: trees.target,
            form,
            period,
            submissions: submissions.target,
            view,
          }),
        }
        for (const unit of trees.source.roots.flatMap((root) => trees.source.subtree(root))) {
          const a = JSON.stringify(states.source.rollupFor(unit) ?? null)
          const b = JSON.stringify(states.target.rollupFor(unit) ?? null)
          compared++
          if (a !== b && problems.length < 20) {
            problems.push(
              `Tổng hợp khác nhau: ${unit}, kỳ ${period.id}, ${form.id} (${view}) / rollups differ: ${unit}, ${period.id}, ${form.id} (${view})`,
            )
          }
        }
      }
    }
  }
  return compared
}
