/**
 * @module Live figures for the workbook's formulas, asked in batches: every figure Excel asks for
 * while it recalculates is gathered and sent as one POST /api/v1/figures once the current task
 * ends (Excel calls the functions of a recalculation one after another), so 2,000 formulas make
 * one request, not 2,000. Figures read are kept (in the storage the pane shares with the
 * functions' runtime, or localStorage) with the time they were read, the latest `keep` of them;
 * when the worker cannot be reached, a kept figure is given marked offline with that time, never
 * passed off as current. No session, a unit outside the subtree, an unknown row: an error with the
 * worker's code and message.
 */
import type { FigureRequest, FiguresResponse } from '../../shared/api-schemas.ts'
import type { ApiResult } from '../api/client.ts'

/** What a formula gets: a figure (offline: from the cache, with when it was read), or an error. */
export type FigureAnswer =
  | { kind: 'figure'; value: number | string | null; at: string; offline: boolean }
  | { kind: 'error'; code: string; message: string; messageEn: string }

/**
 * What the batcher needs of the storage that keeps figures: localStorage's shape, or
 * OfficeRuntime.storage's (the same, answering with promises).
 */
export interface FigureStorage {
  getItem(key: string): string | null | Promise<string | null>
  setItem(key: string, value: string): void | Promise<void>
}

export interface FigureBatcherOptions {
  /** Sends one batch; null when nobody is signed in (nothing was sent). */
  send: (figures: FigureRequest[]) => Promise<ApiResult<FiguresResponse> | null>
  storage: FigureStorage
  /** Runs the flush after the current task (default `afterThisTask`). */
  schedule?: (flush: () => void) => void
  /** Figures per request at most (the worker takes 10,000). */
  batchSize?: number
  /**
   * Figures kept for offline use at most (about 120 characters each, stored as one string: the
   * 5,000 of the default stay near 600,000 characters, well within OfficeRuntime.storage's 10 MB;
   * `npm run bench -- analysis` prints the size for 2,000).
   */
  keep?: number
}

const STORAGE_KEY = 'baocao-cd.figures'

/**
 * Runs `flush` once the current task ends, through a posted message rather than a timer: in the
 * shared runtime the functions also run while the pane is closed, its page then hidden, and
 * browsers hold a hidden page's timers back to one wake-up a second (or a minute), so each
 * recalculation would wait that long. Where there is no MessageChannel, a timer.
 */
export function afterThisTask(flush: () => void): void {
  if (typeof MessageChannel === 'undefined') {
    setTimeout(flush, 0)
    return
  }
  const channel = new MessageChannel()
  channel.port1.onmessage = () => {
    channel.port1.close()
    flush()
  }
  channel.port2.postMessage(null)
}

interface Pending {
  ask: FigureRequest
  resolve: (answer: FigureAnswer) => void
}

/** The key a figure is kept under: what was asked, as asked. */
export function figureKey(ask: FigureRequest): string {
  return JSON.stringify([
    ask.unit.trim().toUpperCase(),
    ask.period.trim().toUpperCase(),
    ask.row?.trim() ?? '',
    ask.measure ?? 'value',
    ask.form?.trim().toUpperCase() ?? '',
    ask.previous === true,
    ask.view ?? 'latest',
  ])
}

const NOT_SIGNED_IN: FigureAnswer = {
  kind: 'error',
  code: 'UNAUTHENTICATED',
  message: 'Chưa đăng nhập: mở ngăn Báo cáo Công đoàn và đăng nhập để lấy số liệu.',
  messageEn: 'Not signed in: open the Union Reports pane and sign in to get figures.',
}

export class FigureBatcher {
  readonly #options: Required<Omit<FigureBatcherOptions, 'send' | 'storage'>> &
    Pick<FigureBatcherOptions, 'send' | 'storage'>
  #pending: Pending[] = []
  #scheduled = false
  /** The flush under way, so that "when were the figures read" can wait for it. */
  #flushing: Promise<void> = Promise.resolve()
  /** How many requests have been sent, for the tests and the benchmark. */
  requests = 0
  /** When the last figures were read from the worker, and whether the last batch was offline. */
  lastRead: { at: string; offline: boolean } | null = null

  constructor(options: FigureBatcherOptions) {
    this.#options = {
      schedule: afterThisTask,
      batchSize: 5000,
      keep: 5000,
      ...options,
    }
  }

  /** The figure a formula asks for; settles when its batch has been answered. */
  ask(ask: FigureRequest): Promise<FigureAnswer> {
    return new Promise((resolve) => {
      this.#pending.push({ ask, resolve })
      if (!this.#scheduled) {
        this.#scheduled = true
        this.#flushing = new Promise((done) =>
          this.#options.schedule(() => void this.#flush().then(done)),
        )
      }
    })
  }

  /** Settles once the figures asked so far have been answered. */
  settled(): Promise<void> {
    return this.#flushing
  }

  async #flush(): Promise<void> {
    this.#scheduled = false
    const all = this.#pending
    this.#pending = []
    const { batchSize } = this.#options
    const batches: Pending[][] = []
    for (let i = 0; i < all.length; i += batchSize) {
      batches.push(all.slice(i, i + batchSize))
    }
    await Promise.all(batches.map((batch) => this.#send(batch)))
  }

  async #send(batch: Pending[]): Promise<void> {
    const result = await this.#options.send(batch.map((p) => p.ask))
    if (result === null) {
      for (const p of batch) {
        p.resolve(NOT_SIGNED_IN)
      }
      return
    }
    this.requests++
    const kept = await this.#kept()
    if (!result.ok) {
      const error = result.error
      const offline = error.retryable
      for (const p of batch) {
        const old = offline ? kept[figureKey(p.ask)] : undefined
        p.resolve(
          old
            ? { kind: 'figure', value: old.value, at: old.at, offline: true }
            : {
                kind: 'error',
                code: error.code,
                message: error.message,
                messageEn: error.messageEn,
              },
        )
      }
      if (offline) {
        this.lastRead = { at: this.lastRead?.at ?? '', offline: true }
      }
      return
    }
    const { figures, at } = result.data
    batch.forEach((p, i) => {
      const answer = figures[i]
      if (answer === undefined) {
        p.resolve({
          kind: 'error',
          code: 'BAD_RESPONSE',
          message: 'Máy chủ trả lời thiếu số liệu.',
          messageEn: 'The server left figures out.',
        })
      } else if ('error' in answer) {
        p.resolve({ kind: 'error', ...answer.error })
      } else {
        const key = figureKey(p.ask)
        // Read again, a figure moves to the end: the oldest read go first when the copy is trimmed.
        delete kept[key]
        kept[key] = { value: answer.value, at }
        p.resolve({ kind: 'figure', value: answer.value, at, offline: false })
      }
    })
    this.lastRead = { at, offline: false }
    await this.#save(kept)
  }

  async #kept(): Promise<Record<string, { value: number | string | null; at: string }>> {
    try {
      const text = await this.#options.storage.getItem(STORAGE_KEY)
      const parsed: unknown = text === null ? null : JSON.parse(text)
      return parsed !== null && typeof parsed === 'object'
        ? (parsed as Record<string, { value: number | string | null; at: string }>)
        : {}
    } catch {
      return {}
    }
  }

  async #save(kept: Record<string, { value: number | string | null; at: string }>): Promise<void> {
    const entries = Object.entries(kept)
    const trimmed =
      entries.length > this.#options.keep
        ? Object.fromEntries(entries.slice(entries.length - this.#options.keep))
        : kept
    try {
      await this.#options.storage.setItem(STORAGE_KEY, JSON.stringify(trimmed))
    } catch {
      // A full storage only costs the offline copies; the figures themselves were given.
    }
  }
}
