/**
 * @module Finding a unit by name as the clerk types ("Bac Kan" finds "Bắc Kạn"): one request once
 * typing pauses, and only the answer to the latest text is shown, whatever order answers come in.
 */
import type { UnitSearchResponse } from '../shared/api-schemas.ts'
import type { ApiResult } from './api/client.ts'

export interface UnitSearchOptions {
  search: (query: string) => Promise<ApiResult<UnitSearchResponse>>
  /** The answer for `query`; an empty list, without a request, for a text too short to search. */
  onResult: (query: string, result: ApiResult<UnitSearchResponse>) => void
  /** How long typing must pause before a request goes. */
  delayMs?: number
  /** Shorter texts are not searched. */
  minLength?: number
}

export const SEARCH_DELAY_MS = 300

/**
 * @example
 * const search = new UnitSearch({
 *   search: (q) => api.searchUnits('BK', q),
 *   onResult: (q, result) => render(result),
 * })
 * input.addEventListener('input', () => search.type(input.value))
 */
export class UnitSearch {
  readonly #options: Required<UnitSearchOptions>
  #timer: ReturnType<typeof setTimeout> | undefined
  /** Bumped by every keystroke: an answer to an older text is dropped. */
  #generation = 0

  constructor(options: UnitSearchOptions) {
    this.#options = { delayMs: SEARCH_DELAY_MS, minLength: 2, ...options }
  }

  type(text: string): void {
    const query = text.trim()
    const generation = ++this.#generation
    clearTimeout(this.#timer)
    if (query.length < this.#options.minLength) {
      this.#options.onResult(query, { ok: true, data: { units: [] } })
      return
    }
    this.#timer = setTimeout(() => {
      void this.#options.search(query).then((result) => {
        if (generation === this.#generation) {
          this.#options.onResult(query, result)
        }
      })
    }, this.#options.delayMs)
  }

  /** Drops a pending request and any answer still on its way. */
  cancel(): void {
    this.#generation++
    clearTimeout(this.#timer)
  }
}
