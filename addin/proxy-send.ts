/**
 * @module What "Gửi bảng nhập hộ" does with each unit's row, decided over plain data before
 * anything is sent: a row unchanged from what the sheet was pre-filled with is not sent; a row with
 * errors is refused by the check; an accepted report is locked; a report the unit sent itself is
 * overwritten only with the clerk's consent for that unit; the rest go with If-Match on the
 * revision the row showed. Then the true result per unit.
 */
import type { RawValues } from '../shared/form-definition.ts'
import { hasErrors } from '../shared/validation.ts'
import type { ProxyEntry, ProxyPrefill } from './proxy-layout.ts'

/** What became of one unit's row. */
export type ProxyOutcome =
  | { unit: string; kind: 'sent'; revision: number }
  | { unit: string; kind: 'unchanged' }
  | { unit: string; kind: 'checkFailed'; errors: number }
  | { unit: string; kind: 'locked' }
  | { unit: string; kind: 'needsConsent' }
  | { unit: string; kind: 'refused'; code: string; message: string; messageEn: string }
  | { unit: string; kind: 'queued' }

export type ProxyPlanItem =
  | { unit: string; kind: 'send'; values: RawValues; ifMatch: number }
  | Exclude<ProxyOutcome, { kind: 'sent' | 'refused' | 'queued' }>

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) =>
    v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
      ? null
      : typeof v === 'string'
        ? v.trim()
        : v
  return norm(a) === norm(b)
}

/** Whether a row's figures differ from what it was pre-filled with. */
export function rowChanged(entry: ProxyEntry, prefill: ProxyPrefill | undefined): boolean {
  return Object.entries(entry.raw).some(([code, value]) => !same(value, prefill?.values[code]))
}

/**
 * @example
 * planProxySend(entries, { G1: { revision: 2, submittedBy: 'G1', … } }, [])
 * // [{ unit: 'G1', kind: 'needsConsent' }, …]
 */
export function planProxySend(
  entries: readonly ProxyEntry[],
  prefilled: Readonly<Record<string, ProxyPrefill>>,
  overwrite: readonly string[],
): ProxyPlanItem[] {
  return entries.map((entry): ProxyPlanItem => {
    const prefill = prefilled[entry.unit]
    if (!rowChanged(entry, prefill)) {
      return { unit: entry.unit, kind: 'unchanged' }
    }
    if (prefill?.status === 'accepted') {
      return { unit: entry.unit, kind: 'locked' }
    }
    if (hasErrors(entry.findings)) {
      const errors = entry.findings.filter((finding) => finding.severity === 'error').length
      return { unit: entry.unit, kind: 'checkFailed', errors }
    }
    if (prefill && prefill.submittedBy === entry.unit && !overwrite.includes(entry.unit)) {
      return { unit: entry.unit, kind: 'needsConsent' }
    }
    return { unit: entry.unit, kind: 'send', values: entry.raw, ifMatch: prefill?.revision ?? 0 }
  })
}

/** Counts of the outcomes, for the one-line summary. */
export function proxyCounts(
  outcomes: readonly ProxyOutcome[],
): Record<ProxyOutcome['kind'], number> {
  const counts = {
    sent: 0,
    unchanged: 0,
    checkFailed: 0,
    locked: 0,
    needsConsent: 0,
    refused: 0,
    queued: 0,
  }
  for (const outcome of outcomes) {
    counts[outcome.kind]++
  }
  return counts
}
