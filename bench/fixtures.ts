/**
 * @module Seeded synthetic unit trees and submissions for the benchmarks: a province (LĐLĐ) over
 * upper-level unions over CĐCS, some CĐCS with member CĐCS one level further down.
 */
import type { FormDefinition, Values } from '../shared/form-definition.ts'
import { ratioPercent } from '../shared/quotient.ts'
import type { SubmissionForRollup } from '../shared/rollup.ts'
import type { Unit } from '../shared/unit-tree.ts'
import type { Store } from '../worker/store/store.ts'
import { issueKey } from '../worker/admin/operations.ts'
import { prng } from '../worker/prng.ts'

export interface ProvinceOptions {
  /** Province code, prefix of every unit code. */
  code: string
  /** How many CĐCS (grassroots units) in all, member CĐCS included. */
  grassroots: number
  seed: number
  /** Share of CĐCS that are member CĐCS under another CĐCS (default 0.05). */
  memberShare?: number
}

/**
 * A province: one LĐLĐ, about one upper-level union per 150 CĐCS (at least 10), CĐCS spread
 * unevenly over them, and a share of member CĐCS two levels below their upper union.
 */
export function syntheticProvince(options: ProvinceOptions): Unit[] {
  const random = prng(options.seed)
  const { code, grassroots } = options
  const uppers = Math.max(10, Math.round(grassroots / 150))
  const units: Unit[] = [{ code, name: `LĐLĐ tỉnh ${code}`, parent: null, level: 'province' }]
  for (let i = 0; i < uppers; i++) {
    units.push({
      code: `${code}.U${i}`,
      name: `Công đoàn phường ${i}`,
      parent: code,
      level: 'upper',
    })
  }
  const memberShare = options.memberShare ?? 0.05
  const direct: string[] = []
  for (let i = 0; i < grassroots; i++) {
    const unitCode = `${code}.G${i}`
    const isMember = direct.length > 0 && random() < memberShare
    // Squaring skews the spread: some upper unions hold many more CĐCS than others.
    const parent = isMember
      ? direct[Math.floor(random() * direct.length)]!
      : `${code}.U${Math.floor(random() * random() * uppers)}`
    if (!isMember) {
      direct.push(unitCode)
    }
    units.push({ code: unitCode, name: `Công đoàn cơ sở ${i}`, parent, level: 'grassroots' })
  }
  return units
}

/** A country of `provinces` provinces sharing `grassroots` CĐCS unevenly (a forest of provinces). */
export function syntheticCountry(options: {
  provinces: number
  grassroots: number
  seed: number
}): Unit[] {
  const random = prng(options.seed)
  const weights = Array.from({ length: options.provinces }, () => 0.2 + random())
  const total = weights.reduce((a, b) => a + b, 0)
  const units: Unit[] = []
  let left = options.grassroots
  weights.forEach((w, i) => {
    const share = i === weights.length - 1 ? left : Math.round((options.grassroots * w) / total)
    left -= share
    units.push(
      ...syntheticProvince({ code: `P${i}`, grassroots: share, seed: options.seed + i + 1 }),
    )
  })
  return units
}

/**
 * Plausible values for every row of a form: counts within their "trong đó" parent, amounts up to
 * 10^10 đồng, average wages of 5-15 million, a few rows left empty, ratio rows derived.
 */
export function syntheticValues(form: FormDefinition, random: () => number): Values {
  const values: Values = {}
  for (const row of form.rows) {
    if (row.heading || row.aggregate.type === 'ratio') {
      continue
    }
    if (!row.required && random() < 0.05) {
      values[row.code] = null
      continue
    }
    const parent = row.parent === undefined ? undefined : values[row.parent]
    const cap = typeof parent === 'number' ? parent : 2000
    switch (row.kind) {
      case 'count':
        values[row.code] = Math.floor(random() * (cap + 1))
        break
      case 'amount':
        values[row.code] = Math.floor(random() * 1e10)
        break
      case 'average':
        values[row.code] = 5_000_000 + Math.floor(random() * 10_000_000)
        break
      case 'percent':
        values[row.code] = Math.round(random() * 10000) / 100
        break
      case 'text':
        values[row.code] = 'Ghi chú'
        break
    }
  }
  for (const row of form.rows) {
    if (row.aggregate.type === 'ratio') {
      const n = values[row.aggregate.numerator]
      const d = values[row.aggregate.denominator]
      values[row.code] = typeof n === 'number' && typeof d === 'number' ? ratioPercent(n, d) : null
    }
  }
  // Stored submissions come back through JSON.parse, which gives objects with fast properties.
  return JSON.parse(JSON.stringify(values)) as Values
}

/** One accepted, on-time submission of `form` by every unit of the level that fills it. */
export function syntheticSubmissions(
  units: readonly Unit[],
  form: FormDefinition,
  seed: number,
): SubmissionForRollup[] {
  const random = prng(seed)
  const fills = (level: Unit['level']) =>
    form.level === 'grassroots' ? level === 'grassroots' : level !== 'grassroots'
  return units
    .filter((unit) => fills(unit.level))
    .map((unit) => ({
      unit: unit.code,
      formVersion: form.version,
      status: 'accepted' as const,
      firstSubmittedAt: '2026-06-03T02:00:00.000Z',
      submittedAt: '2026-06-03T02:00:00.000Z',
      values: syntheticValues(form, random),
    }))
}

/**
 * Stores each submission as its unit's own revision of `form` in `period`, 2,000 at a time (so a
 * PostgreSQL pool is never asked for them all at once).
 */
export async function storeSubmissions(
  store: Store,
  period: string,
  form: string,
  submissions: readonly SubmissionForRollup[],
): Promise<void> {
  for (let i = 0; i < submissions.length; i += 2000) {
    await Promise.all(
      submissions.slice(i, i + 2000).map((s) =>
        store.appendRevision({
          unit: s.unit,
          period,
          form,
          formVersion: s.formVersion,
          values: s.values,
          warnings: [],
          acknowledgedWarnings: [],
          submittedAt: s.submittedAt,
          submittedBy: s.unit,
          audit: {
            actor: s.unit,
            address: null,
            action: 'submission.create',
            target: s.unit,
            details: {},
          },
        }),
      ),
    )
  }
}

const benchAdmin = { actor: 'admin', address: null }

/**
 * Seeds a synthetic province `BK` with `grassroots` CĐCS into an empty store: its units, the open
 * period 2026-Y, a key of BK and, with `form`, every grassroots unit's report of it. Closes the
 * store; the units and BK's key.
 */
export async function seedSyntheticProvince(
  store: Store,
  grassroots: number,
  form?: FormDefinition,
): Promise<{ units: Unit[]; key: string }> {
  const units = syntheticProvince({ code: 'BK', grassroots, seed: 7 })
  await store.importUnits(units, {
    ...benchAdmin,
    action: 'units.import',
    target: 'bench',
    details: {},
  })
  await store.savePeriod(
    { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
    { ...benchAdmin, action: 'period.open', target: '2026-Y', details: {} },
  )
  const { key } = await issueKey(store, 'BK', benchAdmin)
  if (form) {
    await storeSubmissions(store, '2026-Y', form.id, syntheticSubmissions(units, form, 11))
  }
  await store.close()
  return { units, key }
}
