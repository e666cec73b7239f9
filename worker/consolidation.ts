/**
 * @module Rollups and status views as the routes serve them: the store's latest revisions handed to
 * the shared rollup arithmetic, over the tree at the period's cut-off, cached by the store's data
 * version (any write of submissions, reviews, units or periods moves it: nothing stale is served).
 */
import { isLate, rollupForUnit } from '../shared/rollup.ts'
import type { Rollup, RollupView, SubmissionForRollup } from '../shared/rollup.ts'
import { unitLevelsForForm } from '../shared/form-catalog.ts'
import type { FormDefinition } from '../shared/form-definition.ts'
import type { StatusResponse, UnitStatus } from '../shared/api-schemas.ts'
import type { Services } from './context.ts'
import type { ReportWithValues, Store, StoredPeriod } from './store/store.ts'

interface Mirror {
  version: number
  byUnit: Map<string, SubmissionForRollup & { revision: number }>
  list: SubmissionForRollup[]
}

/** The latest submissions of each (period, form), kept in memory per store. */
const mirrors = new WeakMap<Store, Map<string, Mirror>>()

/**
 * The reports of the period and form that moved since the mirror's version: told by the store
 * when it made every write since itself, else found by comparing every report's revision and
 * status (another process wrote).
 */
async function movedUnits(
  store: Store,
  period: StoredPeriod,
  form: FormDefinition,
  known: Mirror,
): Promise<string[]> {
  const changed = await store.changedReports(known.version)
  if (changed !== null) {
    return [
      ...new Set(
        changed.filter((r) => r.period === period.id && r.form === form.id).map((r) => r.unit),
      ),
    ]
  }
  const summaries = (await store.reportSummaries(period.id)).filter((s) => s.form === form.id)
  return summaries
    .filter((summary) => {
      const old = known.byUnit.get(summary.unit)
      return !old || old.revision !== summary.revision || old.status !== summary.status
    })
    .map((summary) => summary.unit)
}

/**
 * The latest submission of every unit for a period and form, as the rollup takes them. After a
 * write only the reports that moved are read and parsed again: the values of 20,000 reports are
 * tens of megabytes of JSON, and even their summaries take tens of milliseconds to read.
 */
async function latestSubmissions(
  store: Store,
  period: StoredPeriod,
  form: FormDefinition,
  version: number,
): Promise<SubmissionForRollup[]> {
  let perStore = mirrors.get(store)
  if (!perStore) {
    perStore = new Map()
    mirrors.set(store, perStore)
  }
  const key = `${period.id}|${form.id}`
  const known = perStore.get(key)
  if (known?.version === version) {
    return known.list
  }
  const byUnit = new Map<string, SubmissionForRollup & { revision: number }>()
  const take = (report: ReportWithValues) =>
    byUnit.set(report.unit, {
      unit: report.unit,
      formVersion: report.formVersion,
      status: report.status,
      firstSubmittedAt: report.firstSubmittedAt,
      submittedAt: report.submittedAt,
      values: report.values,
      revision: report.revision,
    })
  if (!known) {
    for (const report of await store.reportsWithValues(period.id, form.id)) {
      take(report)
    }
  } else {
    const moved = await movedUnits(store, period, form, known)
    for (const [unit, submission] of known.byUnit) {
      byUnit.set(unit, submission)
    }
    for (const report of await store.reportsWithValues(period.id, form.id, moved)) {
      take(report)
    }
  }
  const mirror = { version, byUnit, list: [...byUnit.values()] }
  perStore.set(key, mirror)
  return mirror.list
}

export async function cachedRollup(
  services: Services,
  period: StoredPeriod,
  form: FormDefinition,
  view: RollupView,
  unit: string,
): Promise<Rollup | undefined> {
  const version = await services.store.dataVersion()
  return services.cache.get(
    `rollup|${version}|${period.id}|${form.id}|${form.version}|${view}|${unit}`,
    async () =>
      rollupForUnit({
        tree: await services.units.treeAt(period.cutoff),
        form,
        period,
        submissions: await latestSubmissions(services.store, period, form, version),
        view,
        unit,
      }),
  )
}

/**
 * One row per unit below `unit` that fills a form in the period. `late` is decided per unit by the
 * rollup's own deadline rule (`isLate`), so status and rollup coverage never disagree.
 */
export async function cachedStatus(
  services: Services,
  period: StoredPeriod,
  unit: string,
): Promise<StatusResponse> {
  const version = await services.store.dataVersion()
  return services.cache.get(`status|${version}|${period.id}|${unit}`, async () => {
    const tree = await services.units.treeAt(period.cutoff)
    const summaries = await services.store.reportSummaries(period.id)
    const rows: UnitStatus[] = []
    const below = new Set(tree.subtree(unit))
    below.delete(unit)
    for (const form of services.catalog.list()) {
      const levels = new Set(unitLevelsForForm(form))
      const mine = summaries.filter((s) => s.form === form.id && below.has(s.unit))
      const byUnit = new Map(mine.map((s) => [s.unit, s]))
      for (const code of below) {
        const info = tree.get(code)
        if (!info || !levels.has(info.level)) {
          continue
        }
        const report = byUnit.get(code)
        rows.push({
          unit: code,
          name: info.name,
          level: info.level,
          parent: info.parent,
          form: form.id,
          status: report?.status ?? 'none',
          revision: report?.revision ?? null,
          submittedAt: report?.submittedAt ?? null,
          late: report ? isLate(period, report.firstSubmittedAt) : false,
        })
      }
    }
    const order = new Map(tree.subtree(unit).map((code, i) => [code, i]))
    rows.sort((a, b) => (order.get(a.unit) ?? 0) - (order.get(b.unit) ?? 0))
    const count = (status: UnitStatus['status']) => rows.filter((r) => r.status === status).length
    return {
      unit,
      period: period.id,
      deadline: period.deadline,
      counts: {
        expected: rows.length,
        none: count('none'),
        submitted: rows.length - count('none'),
        accepted: count('accepted'),
        returned: count('returned'),
        late: rows.filter((r) => r.late).length,
      },
      units: rows,
    }
  })
}
