/**
 * @module Turns per key (a client's address): at most `concurrent` holders at once, the next ones
 * waiting in order, and a refusal (429) once `waiting` are already queued. So one address sending
 * a burst of sign-ins waits behind itself and leaves the scrypt threads to everyone else.
 */
import { ApiError } from '../errors.ts'

export interface TurnQueue {
  /** Waits for a turn of `key`; call what it returns when done. */
  take(key: string): Promise<() => void>
}

export function createTurnQueue(concurrent: number, waiting: number): TurnQueue {
  const lines = new Map<string, { running: number; queue: (() => void)[] }>()
  const release = (key: string) => {
    const line = lines.get(key)
    if (!line) {
      return
    }
    const next = line.queue.shift()
    if (next) {
      next()
    } else if (--line.running === 0) {
      lines.delete(key)
    }
  }
  return {
    async take(key) {
      let line = lines.get(key)
      if (!line) {
        line = { running: 0, queue: [] }
        lines.set(key, line)
      }
      if (line.running < concurrent) {
        line.running++
      } else if (line.queue.length < waiting) {
        const queue = line.queue
        await new Promise<void>((resolve) => queue.push(resolve))
      } else {
        throw new ApiError('TOO_MANY_ATTEMPTS', { params: { seconds: 1 } })
      }
      let done = false
      return () => {
        if (!done) {
          done = true
          release(key)
        }
      }
    },
  }
}
