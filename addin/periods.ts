/** @module Which reporting periods the pane offers, and in what order: open ones, the current first. */
import type { PeriodInfo } from '../shared/api-schemas.ts'

/**
 * Open periods, those still before their deadline first (nearest deadline first), then those past
 * it (latest first). `today` is YYYY-MM-DD.
 */
export function openPeriodsCurrentFirst(
  periods: readonly PeriodInfo[],
  today: string,
): PeriodInfo[] {
  const open = periods.filter((period) => period.open)
  const upcoming = open
    .filter((period) => period.deadline >= today)
    .sort((a, b) => a.deadline.localeCompare(b.deadline))
  const past = open
    .filter((period) => period.deadline < today)
    .sort((a, b) => b.deadline.localeCompare(a.deadline))
  return [...upcoming, ...past]
}
