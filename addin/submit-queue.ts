/**
 * @module The queue of submissions waiting to be sent (hàng đợi gửi): kept in the browser's
 * localStorage so it survives closing the pane, retried with exponential backoff and when the
 * connection comes back. Each item keeps the Idempotency-Key made for it once, so a retry that
 * reaches the worker twice still makes one revision. What a failure does to an item (dropped,
 * retried, held for a sign-in or for the worker's Retry-After) is error-advice.ts's `adviceFor`.
 */
import type { SubmissionCreated, SubmissionRequest } from '../shared/api-schemas.ts'
import type { ApiError, ApiResult, ReportRef } from './api/client.ts'
import { adviceFor } from './error-advice.ts'

export interface QueuedSubmission {
  /** The Idempotency-Key: made once per submission attempt, reused by every retry. */
  key: string
  report: ReportRef
  body: SubmissionRequest
  /** The unit signed in when it was queued: only its own session may send it. */
  by?: string
  /** The revision the pane saw before this one (If-Match); absent when it did not know. */
  ifMatch?: number
  queuedAt: string
  attempts: number
  /** Epoch ms of the next try. */
  nextAttemptAt: number
  lastError: { code: string; message: string } | null
}

/** What the queue needs of localStorage. */
export type QueueStorage = Pick<Storage, 'getItem' | 'setItem'>

export type Outcome =
  | { kind: 'sent'; item: QueuedSubmission; result: SubmissionCreated }
  | { kind: 'rejected'; item: QueuedSubmission; error: ApiError }
  | { kind: 'waiting'; item: QueuedSubmission; error: ApiError }

export interface SubmitQueueOptions {
  storage: QueueStorage
  send: (item: QueuedSubmission) => Promise<ApiResult<SubmissionCreated>>
  now?: () => number
  /** First retry delay; doubles per attempt up to `maxDelayMs`. */
  baseDelayMs?: number
  maxDelayMs?: number
  storageKey?: string
}

export const QUEUE_STORAGE_KEY = 'baocao-cd.queue.v1'

/** Delay before attempt `attempts + 1`: base × 2^(attempts − 1), capped. */
export function backoffDelay(attempts: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1))
}

export class SubmitQueue {
  readonly #options: Required<SubmitQueueOptions>
  #flushing: Promise<Outcome[]> | null = null

  constructor(options: SubmitQueueOptions) {
    this.#options = {
      now: () => Date.now(),
      baseDelayMs: 5_000,
      maxDelayMs: 5 * 60_000,
      storageKey: QUEUE_STORAGE_KEY,
      ...options,
    }
  }

  list(): QueuedSubmission[] {
    try {
      const parsed: unknown = JSON.parse(
        this.#options.storage.getItem(this.#options.storageKey) ?? '[]',
      )
      return Array.isArray(parsed) ? (parsed as QueuedSubmission[]) : []
    } catch {
      return []
    }
  }

  #save(items: QueuedSubmission[]): void {
    this.#options.storage.setItem(this.#options.storageKey, JSON.stringify(items))
  }

  /**
   * Queues a submission, replacing one waiting for the same report (only the latest figures
   * should go), and returns the queued item.
   */
  enqueue(
    report: ReportRef,
    body: SubmissionRequest,
    key: string,
    options: { by?: string; ifMatch?: number } = {},
  ): QueuedSubmission {
    const item: QueuedSubmission = {
      key,
      report,
      body,
      ...(options.by === undefined ? {} : { by: options.by }),
      ...(options.ifMatch === undefined ? {} : { ifMatch: options.ifMatch }),
      queuedAt: new Date(this.#options.now()).toISOString(),
      attempts: 0,
      nextAttemptAt: this.#options.now(),
      lastError: null,
    }
    const same = (other: QueuedSubmission): boolean =>
      other.report.unit === report.unit &&
      other.report.period === report.period &&
      other.report.form === report.form
    this.#save([...this.list().filter((other) => !same(other)), item])
    return item
  }

  remove(key: string): void {
    this.#save(this.list().filter((item) => item.key !== key))
  }

  /** Epoch ms of the earliest retry of `by`'s items (all items without it), or null. */
  nextAttemptAt(by?: string): number | null {
    const items = this.list().filter((item) => by === undefined || queuedBy(item) === by)
    return items.length === 0 ? null : Math.min(...items.map((item) => item.nextAttemptAt))
  }

  /**
   * Sends every item queued by `by` that is due (all of them with `force`, as when the
   * connection returns). Sent and dropped items leave the queue; the rest wait. An expired
   * session or a 429 stops the run: the items after it would meet the same answer. Concurrent
   * calls share one run, so an item is never in flight twice.
   */
  flush(force = false, by?: string): Promise<Outcome[]> {
    this.#flushing ??= this.#flush(force, by).finally(() => {
      this.#flushing = null
    })
    return this.#flushing
  }

  async #flush(force: boolean, by: string | undefined): Promise<Outcome[]> {
    const outcomes: Outcome[] = []
    const due = this.list().filter(
      (item) =>
        (by === undefined || queuedBy(item) === by) &&
        (force || item.nextAttemptAt <= this.#options.now()),
    )
    for (const item of due) {
      const result = await this.#options.send(item)
      if (result.ok) {
        this.remove(item.key)
        outcomes.push({ kind: 'sent', item, result: result.data })
        continue
      }
      const action = adviceFor(result.error).queue
      if (action === 'drop') {
        this.remove(item.key)
        outcomes.push({ kind: 'rejected', item, error: result.error })
        continue
      }
      const attempts = item.attempts + 1
      const now = this.#options.now()
      const delay =
        action === 'wait' && result.error.retryAfterSeconds !== undefined
          ? result.error.retryAfterSeconds * 1000
          : action === 'signIn'
            ? 0
            : backoffDelay(attempts, this.#options.baseDelayMs, this.#options.maxDelayMs)
      const waiting: QueuedSubmission = {
        ...item,
        attempts,
        nextAttemptAt: now + delay,
        lastError: { code: result.error.code, message: result.error.message },
      }
      this.#save(this.list().map((other) => (other.key === item.key ? waiting : other)))
      outcomes.push({ kind: 'waiting', item: waiting, error: result.error })
      if (action === 'signIn' || action === 'wait') {
        break
      }
    }
    return outcomes
  }
}

/** Who may send an item: the unit that queued it (items of older panes: the report's unit). */
function queuedBy(item: QueuedSubmission): string {
  return item.by ?? item.report.unit
}
