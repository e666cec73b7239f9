/**
 * @module What the pane says and does about each failure the worker (or the network) gives: the
 * clerk's message for each error code, and whether a queued submission is dropped, retried,
 * held until the clerk signs in again, or held for as long as the worker asked.
 */
import type { ApiError } from './api/client.ts'
import { t, type MessageKey, type PaneLocale } from './i18n.ts'

/**
 * What the queue does with a submission that failed so:
 * - `drop`: sending it again can never succeed (accepted, closed, conflict, not yours, invalid);
 * - `retry`: later, with backoff (no connection, timeout, the worker down);
 * - `signIn`: kept, sent once the clerk signs in again (the session expired);
 * - `wait`: kept, sent after the delay the worker asked for (429 Retry-After).
 */
export type QueueAction = 'drop' | 'retry' | 'signIn' | 'wait'

/** A way out the pane offers beside the message. */
export type Offer = 'reload' | 'signIn' | null

export interface Advice {
  /** The pane's own text for the code; null: the worker's message says it best. */
  key: MessageKey | null
  params: Record<string, string | number>
  queue: QueueAction
  offer: Offer
}

function latestRevision(error: ApiError): number | null {
  const detail: unknown = error.details[0]
  if (typeof detail === 'object' && detail !== null && 'latestRevision' in detail) {
    const revision = Number(detail.latestRevision)
    return Number.isInteger(revision) ? revision : null
  }
  return null
}

/** Whole minutes to wait, at least one: "thử lại sau 15 phút". */
export function minutesToWait(error: ApiError): number {
  return Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60))
}

/**
 * @example
 * adviceFor({ code: 'REPORT_ACCEPTED', status: 409, … }).queue // 'drop'
 */
export function adviceFor(error: ApiError): Advice {
  const advice = (
    key: MessageKey | null,
    queue: QueueAction,
    offer: Offer = null,
    params: Record<string, string | number> = {},
  ): Advice => ({ key, params, queue, offer })
  switch (error.code) {
    case 'REPORT_ACCEPTED':
      return advice('errorReportAccepted', 'drop')
    case 'IDEMPOTENCY_KEY_REUSED':
      return advice('errorKeyReused', 'drop')
    case 'PERIOD_CLOSED':
      return advice('errorPeriodClosed', 'drop')
    case 'REVISION_CONFLICT': {
      const revision = latestRevision(error)
      return revision === null
        ? advice('errorConflict', 'drop', 'reload')
        : advice('errorConflictRevision', 'drop', 'reload', { revision })
    }
    case 'NOT_YOURS':
      return advice('errorNotYours', 'drop')
    case 'BAD_CREDENTIALS':
      return advice('errorBadCredentials', 'drop')
    case 'KEY_REVOKED':
      return advice('errorKeyRevoked', 'signIn', 'signIn')
    case 'TIMEOUT':
    case 'OFFLINE':
      return advice(null, 'retry')
  }
  if (error.status === 401) {
    return advice('errorSessionExpired', 'signIn', 'signIn')
  }
  if (error.status === 429) {
    return advice('errorTooMany', 'wait', null, { minutes: minutesToWait(error) })
  }
  if (error.status === 403) {
    return advice('errorNotYours', 'drop')
  }
  return advice(null, error.retryable ? 'retry' : 'drop')
}

/** The clerk's message for a failure, in the pane's language. */
export function adviceText(error: ApiError, locale: PaneLocale): string {
  const { key, params } = adviceFor(error)
  if (key === null) {
    return locale === 'vi' ? error.message : error.messageEn
  }
  return t(locale, key, params)
}
