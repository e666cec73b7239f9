/**
 * @module What the pane says and does about each failure the worker (or the network) gives: the
 * worker's own text for its code, in the pane's language, with a hint of the pane's where a
 * button or the queue is involved; and whether a queued submission is dropped, retried, held
 * until the clerk signs in again, or held for as long as the worker asked. It switches on the
 * closed codes of shared/api-errors.ts: a misspelt code fails the type check.
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
  /** The pane's own text in place of the failure's; null: the failure's text says it. */
  key: MessageKey | null
  /** The pane's words after the failure's text: what to click, what becomes of the queue. */
  hint: MessageKey | null
  params: Record<string, string | number>
  queue: QueueAction
  offer: Offer
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
    queue: QueueAction,
    { hint = null, offer = null }: { hint?: MessageKey | null; offer?: Offer } = {},
  ): Advice => ({ key: null, hint, params: {}, queue, offer })
  switch (error.code) {
    case 'REPORT_ACCEPTED':
    case 'NOT_YOURS':
    case 'ROOT_ONLY':
    case 'OWN_REPORT':
    case 'BAD_CREDENTIALS':
      return advice('drop')
    case 'IDEMPOTENCY_KEY_REUSED':
      return advice('drop', { hint: 'hintSubmitAgain' })
    case 'PERIOD_CLOSED':
      return advice('drop', { hint: 'hintAskUpper' })
    case 'REVISION_CONFLICT':
      return advice('drop', { offer: 'reload' })
    case 'REVIEW_CONFLICT':
      return advice('drop')
    case 'UNAUTHENTICATED':
    case 'KEY_REVOKED':
      return advice('signIn', { hint: 'hintQueueKept', offer: 'signIn' })
    case 'TOO_MANY_ATTEMPTS':
      return advice('wait')
    case 'TIMEOUT':
    case 'OFFLINE':
      return advice('retry')
  }
  if (error.status === 401) {
    return advice('signIn', { hint: 'hintQueueKept', offer: 'signIn' })
  }
  if (error.status === 429) {
    return { ...advice('wait'), key: 'errorTooMany', params: { minutes: minutesToWait(error) } }
  }
  return advice(error.retryable ? 'retry' : 'drop')
}

/** The clerk's message for a failure, in the pane's language. */
export function adviceText(error: ApiError, locale: PaneLocale): string {
  const { key, hint, params } = adviceFor(error)
  const text =
    key === null ? (locale === 'vi' ? error.message : error.messageEn) : t(locale, key, params)
  return hint === null ? text : `${text} ${t(locale, hint)}`
}
