/**
 * @module A limiter of failed sign-ins over the store's counts: a fixed window per key (a unit code
 * or an address); once a key has failed `limit` times in a window it must wait for the window's
 * end. The counts live in the store, so guesses spread over several workers meet one limit.
 */
import type { Store } from '../store/store.ts'

export interface RateLimiterOptions {
  /** Failures allowed in one window. */
  limit: number
  windowMs: number
  now: () => number
  store: Pick<Store, 'signInWindows' | 'failSignIn' | 'releaseSignIn' | 'clearSignIn'>
}

export interface RateLimiter {
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): Promise<number>
  /** Failures of `key` in its current window. */
  failures(key: string): Promise<number>
  fail(key: string): Promise<void>
  /**
   * Counts an attempt as failed before it is checked, and answers the milliseconds it must wait
   * (0: go on). Attempts made at once each see the others' counts, so no more than `limit` go on
   * in a window; one that must wait, or turns out right, is taken back with `release`.
   */
  take(key: string): Promise<number>
  release(key: string): Promise<void>
  reset(key: string): Promise<void>
}

export function createRateLimiter({
  limit,
  windowMs,
  now,
  store,
}: RateLimiterOptions): RateLimiter {
  const current = async (key: string) => {
    const window = (await store.signInWindows([key])).get(key)
    return window && now() - window.start < windowMs ? window : undefined
  }
  return {
    async retryAfter(key) {
      const window = await current(key)
      return window && window.failures >= limit ? window.start + windowMs - now() : 0
    },
    async failures(key) {
      return (await current(key))?.failures ?? 0
    },
    fail: async (key) => {
      await store.failSignIn([key], now(), windowMs)
    },
    async take(key) {
      const window = (await store.failSignIn([key], now(), windowMs)).get(key)
      return window && window.failures > limit ? window.start + windowMs - now() : 0
    },
    release: (key) => store.releaseSignIn(key),
    reset: (key) => store.clearSignIn(key),
  }
}
