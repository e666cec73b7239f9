/**
 * @module Form versions loaded without a code change (nạp phiên bản biểu mẫu mới): the catalog a
 * worker starts with (the built-in forms plus every stored version), and loading one more, which
 * the command line (`forms:load FILE.json`) and the root unit's `POST /api/v1/forms` share.
 */
import { builtInForms, FormCatalog, loadForm } from '../../shared/form-catalog.ts'
import type { LoadFormResult } from '../../shared/form-catalog.ts'
import { formDefinitionSchema } from '../../shared/form-definition.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import type { Store } from '../store/store.ts'
import type { Actor } from './operations.ts'

export type FormLoadResult =
  { ok: true; form: FormDefinition; created: boolean } | { ok: false; problems: string[] }

/**
 * A version ends up in URLs (`?version=`), in `formVersion` (at most 40 characters) and in the
 * template's file name: keep it to letters, digits, dots, dashes and underscores.
 */
const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/

/**
 * The built-in forms plus every version stored in `store`. A stored version that no longer loads
 * (it cannot have been stored so, but a database is edited by hand at times) is left out, and
 * said in `problems`, rather than keeping the worker from starting.
 */
export async function catalogWithStoredForms(
  store: Store,
): Promise<{ catalog: FormCatalog; problems: string[] }> {
  const catalog = new FormCatalog()
  for (const form of builtInForms()) {
    catalog.add(form)
  }
  const problems: string[] = []
  for (const stored of await store.listForms()) {
    const loaded = loadForm(stored.definition)
    const added = loaded.ok ? catalog.add(loaded.form) : loaded
    if (!added.ok) {
      problems.push(
        ...added.problems.map((p) => `Biểu mẫu ${stored.id} ${stored.version} bị bỏ qua: ${p}`),
      )
    }
  }
  return { catalog, problems }
}

/**
 * Keeps a worker's catalog up to date with the stored form versions: when the store's forms
 * version moved (another worker, or the command line, loaded one), the new versions are added.
 * Called before each request; costs nothing while no form is loaded.
 */
export function catalogRefresher(store: Store, catalog: FormCatalog): () => Promise<void> {
  let seen: number | undefined
  let running: Promise<void> | undefined
  const refresh = async () => {
    const version = await store.formsVersion()
    if (version === seen) {
      return
    }
    for (const stored of await store.listForms()) {
      if (!catalog.get(stored.id, stored.version)) {
        const loaded = loadForm(stored.definition)
        if (loaded.ok) {
          catalog.add(loaded.form)
        }
      }
    }
    seen = version
  }
  return () => {
    running ??= refresh().finally(() => (running = undefined))
    return running
  }
}

/**
 * Every version of every form of a catalog, and every stored version (another process, the
 * command line, may have loaded one since this catalog was built), in a new catalog to try an
 * addition on.
 */
async function trialCatalog(store: Store, catalog: FormCatalog): Promise<FormCatalog> {
  const trial = new FormCatalog()
  for (const latest of catalog.list()) {
    for (const version of catalog.versions(latest.id)) {
      const form = catalog.get(latest.id, version)
      if (form) {
        trial.add(form)
      }
    }
  }
  for (const stored of await store.listForms()) {
    const loaded = loadForm(stored.definition)
    if (loaded.ok) {
      trial.add(loaded.form)
    }
  }
  return trial
}

/** Loads into one catalog run one at a time, so two versions never pass each other's checks. */
const queues = new WeakMap<FormCatalog, Promise<unknown>>()

/**
 * Checks untrusted data as a new form version (its shape, its integrity, and that it agrees with
 * every version already known or stored: a row code keeps its kind), then stores it,
 * audit-logged, and adds it to `catalog`. On any problem nothing is stored and the catalog is
 * unchanged; every problem is returned. Loading a version already known with the same content
 * changes nothing (`created: false`).
 */
export function loadFormVersion(
  store: Store,
  catalog: FormCatalog,
  data: unknown,
  by: Actor,
  now = new Date(),
): Promise<FormLoadResult> {
  const previous = queues.get(catalog) ?? Promise.resolve()
  const next = previous.then(() => loadOne(store, catalog, data, by, now))
  queues.set(
    catalog,
    next.catch(() => undefined),
  )
  return next
}

/**
 * The data as a form definition when it has the right shape, sound or not: `FormCatalog.add` on
 * the trial catalog checks its integrity (as `loadForm` does) together with its agreement with the
 * known versions, so that one run reports every problem. Otherwise the problems of its shape.
 */
function shapedDefinition(data: unknown): LoadFormResult {
  const loaded = loadForm(data)
  if (loaded.ok) {
    return loaded
  }
  const shape = formDefinitionSchema.safeParse(data)
  return shape.success ? { ok: true, form: shape.data } : loaded
}

async function loadOne(
  store: Store,
  catalog: FormCatalog,
  data: unknown,
  by: Actor,
  now: Date,
): Promise<FormLoadResult> {
  const shaped = shapedDefinition(data)
  if (!shaped.ok) {
    return shaped
  }
  const form = shaped.form
  const problems: string[] = []
  if (!VERSION_PATTERN.test(form.version)) {
    problems.push(
      `Phiên bản "${form.version}" không hợp lệ: tối đa 40 ký tự, chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới (vd. 2026.2). / Version "${form.version}" must be at most 40 letters, digits, dots, dashes or underscores.`,
    )
  }
  const trial = (await trialCatalog(store, catalog)).add(form)
  if (!trial.ok) {
    problems.push(...trial.problems)
  }
  if (problems.length > 0) {
    return { ok: false, problems }
  }
  const known = catalog.get(form.id, form.version)
  if (known) {
    return { ok: true, form: known, created: false }
  }
  const created = await store.saveForm(
    { id: form.id, version: form.version, definition: form, loadedAt: now.toISOString() },
    {
      ...by,
      action: 'form.load',
      target: `${form.id}/${form.version}`,
      details: { rows: form.rows.length, rules: form.rules.length },
    },
  )
  if (!created) {
    // Another process stored this version after our check: only the same content may stand.
    const other = (await store.listForms()).find(
      (f) => f.id === form.id && f.version === form.version,
    )
    if (JSON.stringify(other?.definition) !== JSON.stringify(form)) {
      return {
        ok: false,
        problems: [
          `Biểu mẫu ${form.id} phiên bản ${form.version} vừa được nạp với nội dung khác; hãy đặt số phiên bản mới. / Form ${form.id} version ${form.version} was just loaded with different content; give it a new version.`,
        ],
      }
    }
  }
  const added = catalog.add(form)
  if (!added.ok) {
    return added
  }
  return { ok: true, form: catalog.get(form.id, form.version) ?? form, created }
}
