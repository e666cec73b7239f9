/**
 * @module Period helpers: which earlier period a report is compared with, and dates as a
 * Vietnamese clerk writes them.
 */
import type { StoredPeriod } from './store/store.ts'

function kindOf(id: string): string {
  return id.slice(id.indexOf('-') + 1)
}

/**
 * The period a report is compared with for period-over-period warnings: the latest earlier
 * period of the same kind (2026-Y with 2025-Y, 2026-H1 with 2025-H1), since figures counted "in
 * the period" are only comparable over equal spans.
 */
export function previousPeriod(
  periods: readonly StoredPeriod[],
  period: StoredPeriod,
): StoredPeriod | undefined {
  const kind = kindOf(period.id)
  let best: StoredPeriod | undefined
  for (const p of periods) {
    if (kindOf(p.id) === kind && p.cutoff < period.cutoff && (!best || p.cutoff > best.cutoff)) {
      best = p
    }
  }
  return best
}

/** `2026-11-30` → `30/11/2026`. */
export function vietnameseDate(iso: string): string {
  const [y, m, d] = iso.split('-')
  return `${d}/${m}/${y}`
}

/** Whether `text` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return false
  }
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}
