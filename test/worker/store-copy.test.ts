/**
 * @module `npm run admin -- store:copy --to postgres://…`: the demo province on SQLite, with its
 * history, reviews, a returned report, a loaded form version, an account, a revision and a review
 * by a person, and the audit log, copied into an
 * empty PostgreSQL database; every table, history and rollup compared; a second copy refused.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { builtInForms, defaultCatalog } from '../../shared/form-catalog.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { openSqliteStore } from '../../worker/store/sqlite/store.ts'
import { openPostgresStore } from '../../worker/store/postgres/store.ts'
import type { Store } from '../../worker/store/store.ts'
import { databasePath } from '../../worker/secrets.ts'
import { DEMO_PEOPLE, seedDemo } from '../../worker/demo.ts'
import { freshPostgresUrl } from '../postgres/fresh.ts'
import { CHEAP } from './helpers.ts'

const root = path.resolve(import.meta.dirname, '../..')
const admin = { actor: 'admin', address: null }
const lan = { login: 'lan@bk.vn', name: 'Nguyễn Thị Lan' }

async function copy(dataDir: string, to: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'worker/admin.ts', 'store:copy', '--to', to],
      { cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** Everything a store holds, as its interface reads it. */
async function everything(store: Store) {
  const units = await store.listUnits()
  const periods = await store.listPeriods()
  const reports = []
  for (const period of periods) {
    // The interface leaves the order of summaries open: compare them by unit and form.
    const summaries = (await store.reportSummaries(period.id)).sort((a, b) =>
      `${a.unit}|${a.form}`.localeCompare(`${b.unit}|${b.form}`),
    )
    for (const summary of summaries) {
      reports.push({
        summary,
        history: await store.revisions(summary.unit, period.id, summary.form),
      })
    }
  }
  const keys = []
  const accounts = []
  for (const code of new Set(units.map((u) => u.code))) {
    keys.push(...(await store.activeKeys(code)))
    accounts.push(...(await store.listAccounts(code)))
  }
  return {
    units,
    periods,
    reports,
    keys,
    accounts,
    forms: await store.listForms(),
    audit: await store.listAudit({ limit: 100_000 }),
  }
}

describe('store:copy', () => {
  it('copies a province with its history into an empty PostgreSQL, checks it, and refuses twice', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'copy-'))
    const sqlite = openSqliteStore({ path: databasePath(dataDir) })
    await seedDemo(sqlite, defaultCatalog(), { secret: 'copy-test', cost: CHEAP })
    const v2: FormDefinition = {
      ...(builtInForms().find((f) => f.id === 'B01') as FormDefinition),
      version: '2026.5',
    }
    await sqlite.saveForm(
      { id: 'B01', version: '2026.5', definition: v2, loadedAt: '2026-11-01T00:00:00.000Z' },
      { ...admin, action: 'form.load', target: 'B01/2026.5', details: {} },
    )
    // The returned report corrected: a second revision, with a reason for its warnings.
    const open = new Set((await sqlite.listPeriods()).filter((p) => p.open).map((p) => p.id))
    const returned = (await everything(sqlite)).reports.find(
      (r) => r.summary.status === 'returned' && open.has(r.history[0]?.period ?? ''),
    )
    const last = returned?.history.at(-1)
    expect(last).toBeDefined()
    if (last) {
      const corrected = await sqlite.appendRevision({
        ...last,
        values: { ...last.values, 'members.new': 1 },
        acknowledgementReason: 'Đã sửa theo ý kiến cấp trên',
        submittedAt: '2026-12-01T02:00:00.000Z',
        submittedByPerson: lan,
        idempotency: { key: 'k-1', requestHash: 'h' },
        audit: { ...admin, action: 'submission.create', target: last.id, details: {} },
      })
      expect(corrected.kind).toBe('created')
      const reviewed = await sqlite.review({
        unit: last.unit,
        period: last.period,
        form: last.form,
        decision: 'return',
        comment: 'Còn thiếu số nữ',
        reviewer: 'BK',
        reviewerPerson: { login: 'binh@bk.vn', name: 'Trần Văn Bình' },
        reviewedAt: '2026-12-02T02:00:00.000Z',
        audit: { ...admin, action: 'review.return', target: last.id, details: {} },
      })
      expect(reviewed.kind).toBe('reviewed')
    }
    await sqlite.addAccount(
      {
        login: lan.login,
        name: lan.name,
        unit: 'BK',
        roles: ['lập-biểu'],
        passwordHash: null,
        codeHash: 'scrypt$code',
        createdAt: '2026-11-01T00:00:00.000Z',
        disabledAt: null,
      },
      { ...admin, action: 'account.add', target: lan.login, details: {} },
    )
    const before = await everything(sqlite)
    expect(before.reports.some((r) => r.history[0]?.review?.decision === 'return')).toBe(true)
    expect(before.reports.some((r) => r.summary.status === 'accepted')).toBe(true)
    expect(before.reports.some((r) => r.history.length > 1)).toBe(true)
    expect(before.reports.some((r) => r.summary.submittedByPerson?.name === lan.name)).toBe(true)
    expect(before.accounts.map((a) => a.login).sort()).toEqual(
      [lan.login, ...DEMO_PEOPLE.map((p) => p.login)].sort(),
    )
    await sqlite.close()

    const url = await freshPostgresUrl()
    const first = await copy(dataDir, url)
    expect(first.stderr).toMatch(/copied to .*units \d+.*revisions \d+/)
    expect(first.stderr).toMatch(/checked: equal row counts, \d+ equal rollups/)
    expect(first.code).toBe(0)

    const postgres = await openPostgresStore({ connectionString: url })
    try {
      expect(await everything(postgres)).toEqual(before)

      // Refused the second time, and nothing changed.
      const second = await copy(dataDir, url)
      expect(second.code).toBe(1)
      expect(second.stderr).toContain('the target database is not empty')
      expect((await postgres.listAudit({ limit: 100_000 })).length).toBe(before.audit.length)

      // The copy goes on where SQLite stopped: new rows get new ids.
      const [report] = before.reports.filter((r) => r.summary.status === 'submitted')
      expect(report).toBeDefined()
      await postgres.audit({ ...admin, action: 'after.copy', target: 'x', details: {} })
      const [latest] = await postgres.listAudit({ limit: 1 })
      expect(latest?.id).toBe((before.audit[0]?.id ?? 0) + 1)
    } finally {
      await postgres.close()
    }
  }, 120_000)
})
