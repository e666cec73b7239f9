/** @module Which reporting periods the pane offers, and in what order: open ones, the current first. */
import type { Period } from '../shared/api-schemas.ts'
import { vietnamDate } from '../shared/periods.ts'

/**
 * Open periods, those still before their deadline first (nearest deadline first), then those past
 * it (latest first). `today` is YYYY-MM-DD.
 */
export function openPeriodsCurrentFirst(periods: readonly Period[], today: string): Period[] {
  const open = periods.filter((period) => period.open)
  const upcoming = open
    .filter((period) => period.deadline >= today)
    .sort((a, b) => a.deadline.localeCompare(b.deadline))
  const past = open
    .filter((period) => period.deadline < today)
    .sort((a, b) => b.deadline.localeCompare(a.deadline))
  return [...upcoming, ...past]
}

/**
 * `openPeriodsCurrentFirst` as of an instant, by Vietnam's calendar (UTC+7), whatever the
 * computer's clock zone: at 06:00 on 16/12 in Hà Nội a 15/12 deadline has passed.
 */
export function openPeriodsAt(periods: readonly Period[], now: Date): Period[] {
  return openPeriodsCurrentFirst(periods, vietnamDate(now))
}
