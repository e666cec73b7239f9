/** @module Which reporting periods the pane offers, and in what order: open ones, the current first. */
import type { PeriodInfo } from '../shared/api-schemas.ts'
import { vietnamDate } from '../shared/periods.ts'

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

/**
 * `openPeriodsCurrentFirst` as of an instant, by Vietnam's calendar (UTC+7), whatever the
 * computer's clock zone: at 06:00 on 16/12 in Hà Nội a 15/12 deadline has passed.
 */
export function openPeriodsAt(periods: readonly PeriodInfo[], now: Date): PeriodInfo[] {
  return openPeriodsCurrentFirst(periods, vietnamDate(now))
}

/**
 * The period the worker compares a report with (period-over-period warnings): the latest earlier
 * period of the same kind, 2026-Y with 2025-Y, 2026-H1 with 2025-H1. The same rule as
 * worker/periods.ts `previousPeriod`, which belongs in shared/ so that both import one copy.
 */
export function previousPeriod<P extends { id: string; cutoff: string }>(
  periods: readonly P[],
  period: P,
): P | undefined {
  const kind = periodKind(period.id)
  let best: P | undefined
  for (const p of periods) {
    if (
      periodKind(p.id) === kind &&
      p.cutoff < period.cutoff &&
      (!best || p.cutoff > best.cutoff)
    ) {
      best = p
    }
  }
  return best
}

function periodKind(id: string): string {
  return id.slice(id.indexOf('-') + 1)
}
