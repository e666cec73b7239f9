/**
 * @module The queue of submissions waiting to be sent (hàng đợi gửi): kept in the browser's
 * localStorage so it survives closing the pane, retried with exponential backoff and when the
 * connection comes back. Each item keeps the Idempotency-Key made for it once, so a retry that
 * reaches the worker twice still makes one revision.
 */
import type { SubmissionCreated, SubmissionRequest } from '../shared/api-schemas.ts'
import type { ApiError, ApiResult, ReportRef } from './api/client.ts'

export interface QueuedSubmission {
  /** The Idempotency-Key: made once per submission attempt, reused by every retry. */
  key: string
  report: ReportRef
  body: SubmissionRequest
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
  enqueue(report: ReportRef, body: SubmissionRequest, key: string): QueuedSubmission {
    const item: QueuedSubmission = {
      key,
      report,
      body,
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

  /** Epoch ms of the earliest retry, or null when nothing waits. */
  nextAttemptAt(): number | null {
    const items = this.list()
    return items.length === 0 ? null : Math.min(...items.map((item) => item.nextAttemptAt))
  }

  /**
   * Sends every item that is due (all of them with `force`, as when the connection returns).
   * Sent and rejected items leave the queue; the rest wait with a longer delay. Concurrent calls
   * share one run, so an item is never in flight twice.
   */
  flush(force = false): Promise<Outcome[]> {
    this.#flushing ??= this.#flush(force).finally(() => {
      this.#flushing = null
    })
    return this.#flushing
  }

  async #flush(force: boolean): Promise<Outcome[]> {
    const outcomes: Outcome[] = []
    const due = this.list().filter((item) => force || item.nextAttemptAt <= this.#options.now())
    for (const item of due) {
      const result = await this.#options.send(item)
      if (result.ok) {
        this.remove(item.key)
        outcomes.push({ kind: 'sent', item, result: result.data })
        continue
      }
      if (!result.error.retryable && result.error.status !== 401) {
        this.remove(item.key)
        outcomes.push({ kind: 'rejected', item, error: result.error })
        continue
      }
      const attempts = item.attempts + 1
      const waiting: QueuedSubmission = {
        ...item,
        attempts,
        nextAttemptAt:
          this.#options.now() +
          backoffDelay(attempts, this.#options.baseDelayMs, this.#options.maxDelayMs),
        lastError: { code: result.error.code, message: result.error.message },
      }
      this.#save(this.list().map((other) => (other.key === item.key ? waiting : other)))
      outcomes.push({ kind: 'waiting', item: waiting, error: result.error })
    }
    return outcomes
  }
}
