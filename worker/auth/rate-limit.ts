/**
 * @module A small in-memory limiter of failed sign-ins: a fixed window per key (a unit code or an
 * address); once a key has failed `limit` times in a window it must wait for the window's end.
 */

export interface RateLimiterOptions {
  /** Failures allowed in one window. */
  limit: number
  windowMs: number
  now: () => number
}

export interface RateLimiter {
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number
  /** Failures of `key` in its current window. */
  failures(key: string): number
  fail(key: string): void
  /** Takes back one failure: an attempt counted before it was checked, that turned out right. */
  release(key: string): void
  reset(key: string): void
}

export function createRateLimiter({ limit, windowMs, now }: RateLimiterOptions): RateLimiter {
  const windows = new Map<string, { start: number; failures: number }>()
  const current = (key: string) => {
    const window = windows.get(key)
    if (window && now() - window.start >= windowMs) {
      windows.delete(key)
      return undefined
    }
    return window
  }
  return {
    retryAfter(key) {
      const window = current(key)
      return window && window.failures >= limit ? window.start + windowMs - now() : 0
    },
    failures(key) {
      return current(key)?.failures ?? 0
    },
    fail(key) {
      const window = current(key)
      if (window) {
        window.failures++
      } else {
        if (windows.size > 100_000) {
          for (const [other, window] of windows) {
            if (now() - window.start >= windowMs) {
              windows.delete(other)
            }
          }
        }
        windows.set(key, { start: now(), failures: 1 })
      }
    },
    release(key) {
      const window = current(key)
      if (window && window.failures > 0) {
        window.failures--
      }
    },
    reset(key) {
      windows.delete(key)
    },
  }
}
