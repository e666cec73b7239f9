/**
 * @module Rollups and status views as the routes serve them: the store's latest revisions handed to
 * the shared rollup arithmetic, over the tree at the period's cut-off, cached by the store's data
 * version (any write of submissions, reviews, units or periods moves it: nothing stale is served).
 * The consolidation itself is kept between writes and only the reports that moved are applied.
 */
import { isLate, RollupState } from '../shared/rollup.ts'
import type { Rollup, RollupView, SubmissionChange, UnitRollup } from '../shared/rollup.ts'
import { fillsForm } from '../shared/form-definition.ts'
import type { FormDefinition } from '../shared/form-definition.ts'
import type { Period, StatusResponse, UnitStatus } from '../shared/api-schemas.ts'
import type { Services } from './context.ts'
import type { PackedReport, Store } from './store/store.ts'
import type { UnitTree } from '../shared/unit-tree.ts'

interface Mirror {
  version: number
  byUnit: Map<string, PackedReport>
  list: PackedReport[]
  /** The version of the mirror this one was made from, and the units read again since. */
  from: number
  moved: readonly string[]
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
  period: Period,
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
 * The latest submission of every unit for a period and form, as the rollup takes them: numbers
 * packed, never an object of values per report (the values of 135,000 reports are hundreds of
 * megabytes of JSON). After a write only the reports that moved are read again: even their
 * summaries take tens of milliseconds to read.
 */
async function latestSubmissions(
  store: Store,
  period: Period,
  form: FormDefinition,
  version: number,
): Promise<Mirror> {
  let perStore = mirrors.get(store)
  if (!perStore) {
    perStore = new Map()
    mirrors.set(store, perStore)
  }
  const key = `${period.id}|${form.id}`
  const known = perStore.get(key)
  if (known?.version === version) {
    keepRecent(perStore, key, known, MIRRORS_KEPT)
    return known
  }
  const byUnit = new Map<string, PackedReport>()
  let moved: string[] = []
  if (!known) {
    for (const report of await store.latestValues(period.id, form.id)) {
      byUnit.set(report.unit, report)
    }
  } else {
    moved = await movedUnits(store, period, form, known)
    for (const [unit, submission] of known.byUnit) {
      byUnit.set(unit, submission)
    }
    for (const report of await store.latestValues(period.id, form.id, moved)) {
      byUnit.set(report.unit, report)
    }
  }
  const mirror = { version, byUnit, list: [...byUnit.values()], from: known?.version ?? -1, moved }
  keepRecent(perStore, key, mirror, MIRRORS_KEPT)
  return mirror
}

/**
 * How many (period, form) mirrors and (period, form version, view) consolidations a store keeps:
 * a province's is tens of megabytes, and a worker that runs for years sees many periods. The least
 * recently used goes first; asking for it again reads it back from the store.
 */
const MIRRORS_KEPT = 6
const CONSOLIDATIONS_KEPT = 12

function keepRecent<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  map.delete(key)
  map.set(key, value)
  for (const oldest of map.keys()) {
    if (map.size <= limit) {
      break
    }
    map.delete(oldest)
  }
}

interface Consolidated {
  tree: UnitTree
  form: FormDefinition
  deadline: string
  /** The submissions the state holds, by unit: a mirror's map, never changed once made. */
  byUnit: ReadonlyMap<string, PackedReport>
  version: number
  state: RollupState
}

/** One consolidation per (period, form version, view), kept per store. */
const consolidations = new WeakMap<Store, Map<string, Consolidated>>()

/**
 * The consolidation of a period, form and view at the store's data version. After a write only
 * the reports that moved are applied, so only their units' ancestors are worked out again: a
 * province of 20,000 units takes tens of milliseconds to consolidate, one write's ancestors well
 * under one. A new tree, form or deadline changes every unit's totals or coverage: it starts afresh.
 */
async function consolidation(
  services: Services,
  period: Period,
  form: FormDefinition,
  view: RollupView,
  version: number,
): Promise<RollupState> {
  const tree = await services.units.treeAt(period.cutoff)
  const mirror = await latestSubmissions(services.store, period, form, version)
  let perStore = consolidations.get(services.store)
  if (!perStore) {
    perStore = new Map()
    consolidations.set(services.store, perStore)
  }
  const key = `${period.id}|${form.id}|${form.version}|${view}`
  const known = perStore.get(key)
  if (known?.version === version && known.tree === tree) {
    keepRecent(perStore, key, known, CONSOLIDATIONS_KEPT)
    return known.state
  }
  let state: RollupState
  if (known && known.tree === tree && known.form === form && known.deadline === period.deadline) {
    state = known.state
    state.applySubmissions(changesBetween(known, mirror))
  } else {
    state = new RollupState({ tree, form, period, submissions: mirror.list, view })
  }
  keepRecent(
    perStore,
    key,
    { tree, form, deadline: period.deadline, byUnit: mirror.byUnit, version, state },
    CONSOLIDATIONS_KEPT,
  )
  return state
}

/**
 * The reports that differ between what a state holds and a mirror: the units the mirror read again
 * when it was made from the state's version, else every unit whose submission is not the same
 * object (a mirror keeps the objects of the units that did not move).
 */
function changesBetween(known: Consolidated, mirror: Mirror): SubmissionChange[] {
  const changes: SubmissionChange[] = []
  const units =
    mirror.from === known.version
      ? mirror.moved
      : new Set([...known.byUnit.keys(), ...mirror.byUnit.keys()])
  for (const unit of units) {
    const previous = known.byUnit.get(unit)
    const next = mirror.byUnit.get(unit)
    if (previous !== next) {
      changes.push({ previous, next })
    }
  }
  return changes
}

/** The latest submission of every unit for a period and form, as the rollup counts them. */
export async function latestSubmissionList(
  services: Services,
  period: Period,
  form: FormDefinition,
): Promise<readonly PackedReport[]> {
  const version = await services.store.dataVersion()
  return (await latestSubmissions(services.store, period, form, version)).list
}

/** A unit's totals and coverage alone (no children), for live figures. */
export async function unitTotals(
  services: Services,
  period: Period,
  form: FormDefinition,
  view: RollupView,
  unit: string,
): Promise<UnitRollup | undefined> {
  const version = await services.store.dataVersion()
  return (await consolidation(services, period, form, view, version)).totalsFor(unit)
}

export async function cachedRollup(
  services: Services,
  period: Period,
  form: FormDefinition,
  view: RollupView,
  unit: string,
): Promise<Rollup | undefined> {
  const version = await services.store.dataVersion()
  return services.cache.get(
    `rollup|${version}|${period.id}|${form.id}|${form.version}|${view}|${unit}`,
    async () => (await consolidation(services, period, form, view, version)).rollupFor(unit),
  )
}

/**
 * One row per unit below `unit` that fills a form in the period. `late` is decided per unit by the
 * rollup's own deadline rule (`isLate`), so status and rollup coverage never disagree.
 */
export async function cachedStatus(
  services: Services,
  period: Period,
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
      const mine = summaries.filter((s) => s.form === form.id && below.has(s.unit))
      const byUnit = new Map(mine.map((s) => [s.unit, s]))
      for (const code of below) {
        const info = tree.get(code)
        if (!info || !fillsForm(form.level, info.level)) {
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
          parentName: info.parent === null ? null : (tree.get(info.parent)?.name ?? null),
          submittedBy: report?.submittedBy || null,
          submittedByPerson: report?.submittedByPerson ?? null,
          warnings: report?.warnings ?? 0,
          unconfirmed: report?.unconfirmed ?? 0,
          reviewer: report?.reviewer ?? null,
          reviewerPerson: report?.reviewerPerson ?? null,
          decision: report?.decision ?? null,
          phone: info.phone ?? null,
          email: info.email ?? null,
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
