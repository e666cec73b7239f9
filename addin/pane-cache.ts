/**
 * @module What the pane keeps in localStorage so that, after one online session, it can check a
 * report and queue it with the worker unreachable: form definitions by id and version (a version
 * never changes once loaded), the periods, and the signed-in unit's detail, each with the time it
 * was saved so the pane can say it may be stale. Never a token or an access key.
 */
import type { Period, UnitDetail } from '../shared/api-schemas.ts'
import { compareFormVersions } from '../shared/form-versions.ts'
import type { FormDefinition } from '../shared/form-definition.ts'

export type CacheStorage = Pick<Storage, 'getItem' | 'setItem'>

/** A value as last fetched, with when (ISO instant). */
export interface Kept<T> {
  value: T
  savedAt: string
}

const PREFIX = 'baocao-cd.cache.'

/**
 * @example
 * const cache = new PaneCache(localStorage)
 * cache.saveForm(b01)
 * cache.form('B01', '2026.1') // b01, offline too
 */
export class PaneCache {
  readonly #storage: CacheStorage
  readonly #now: () => Date

  constructor(storage: CacheStorage, now: () => Date = () => new Date()) {
    this.#storage = storage
    this.#now = now
  }

  #read<T>(key: string): T | null {
    try {
      return JSON.parse(this.#storage.getItem(PREFIX + key) ?? 'null') as T | null
    } catch {
      return null
    }
  }

  /** Best effort: a full storage only means less works offline. */
  #write(key: string, value: unknown): void {
    try {
      this.#storage.setItem(PREFIX + key, JSON.stringify(value))
    } catch {
      return
    }
  }

  /** That version of the form, or without a version the latest one this pane has seen. */
  form(id: string, version?: string): FormDefinition | null {
    const wanted = version ?? this.#read<string>(`form-latest.${id}`)
    if (wanted === null) {
      return null
    }
    const form = this.#read<FormDefinition>(`form.${id}@${wanted}`)
    return form && form.id === id && form.version === wanted ? form : null
  }

  saveForm(form: FormDefinition): void {
    this.#write(`form.${form.id}@${form.version}`, form)
    const latest = this.#read<string>(`form-latest.${form.id}`)
    if (latest === null || compareFormVersions(form.version, latest) > 0) {
      this.#write(`form-latest.${form.id}`, form.version)
    }
  }

  periods(): Kept<Period[]> | null {
    return this.#read<Kept<Period[]>>('periods')
  }

  savePeriods(periods: Period[]): void {
    this.#write('periods', { value: periods, savedAt: this.#now().toISOString() })
  }

  unit(code: string): Kept<UnitDetail> | null {
    return this.#read<Kept<UnitDetail>>(`unit.${code}`)
  }

  saveUnit(unit: UnitDetail): void {
    this.#write(`unit.${unit.code}`, { value: unit, savedAt: this.#now().toISOString() })
  }
}
