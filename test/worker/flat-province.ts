/**
 * @module The province the process-level tests (crash, several workers) start from: a root P with
 * grassroots unions directly below it, the period 2026-Y open, and a key for P.
 */
import { issueKey } from '../../worker/admin/operations.ts'
import type { Store } from '../../worker/store/store.ts'
import { CHEAP } from './helpers.ts'

const admin = { actor: 'admin', address: null }

/** Seeds `store` with P over `units` and returns P's key; the store is closed after. */
export async function seedFlatProvince(store: Store, units: readonly string[]): Promise<string> {
  await store.importUnits(
    [
      { code: 'P', name: 'LĐLĐ tỉnh Thử', parent: null, level: 'province' },
      ...units.map((code) => ({
        code,
        name: `CĐCS ${code}`,
        parent: 'P',
        level: 'grassroots' as const,
      })),
    ],
    { ...admin, action: 'units.import', target: 'P', details: {} },
  )
  await store.savePeriod(
    { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
    { ...admin, action: 'period.open', target: '2026-Y', details: {} },
  )
  const { key } = await issueKey(store, 'P', admin, { cost: CHEAP })
  await store.close()
  return key
}
