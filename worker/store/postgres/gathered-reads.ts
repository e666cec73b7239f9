/**
 * @module Reads by key that every request makes (its access key, its account), gathered: calls
 * made while one query is out wait for the next, which asks for all their keys at once. Each
 * call's query leaves after the call was made, so it sees every commit made before it: a key
 * revoked at any worker is still refused on the next request.
 */

interface Waiter<V> {
  resolve: (value: V | undefined) => void
  reject: (reason: unknown) => void
}

export class GatheredReads<V> {
  #waiting = new Map<string, Waiter<V>[]>()
  #reading = false

  /** `read` answers the rows found among `keys`, by key. */
  constructor(private readonly read: (keys: string[]) => Promise<Map<string, V>>) {}

  /**
   * The row of `key`, or undefined.
   *
   * @example
   * const keys = new GatheredReads((ids) => readKeys(ids))
   * const [a, b] = await Promise.all([keys.get('k1'), keys.get('k2')]) // one query for k2
   */
  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.#waiting.get(key)
      if (waiters) {
        waiters.push({ resolve, reject })
      } else {
        this.#waiting.set(key, [{ resolve, reject }])
      }
      if (!this.#reading) {
        void this.#drain()
      }
    })
  }

  async #drain(): Promise<void> {
    this.#reading = true
    while (this.#waiting.size > 0) {
      const batch = this.#waiting
      this.#waiting = new Map()
      try {
        const found = await this.read([...batch.keys()])
        for (const [key, waiters] of batch) {
          for (const waiter of waiters) {
            waiter.resolve(found.get(key))
          }
        }
      } catch (error) {
        for (const waiters of batch.values()) {
          for (const waiter of waiters) {
            waiter.reject(error)
          }
        }
      }
    }
    this.#reading = false
  }
}
