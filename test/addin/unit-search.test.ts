/** @module Tests of the unit search box: one request once typing pauses, the latest text's answer only. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { UnitSearchResponse } from '../../shared/api-schemas.ts'
import type { ApiResult } from '../../addin/api/client.ts'
import { SEARCH_DELAY_MS, UnitSearch } from '../../addin/unit-search.ts'

type Answer = ApiResult<UnitSearchResponse>

const found = (...names: string[]): Answer => ({
  ok: true,
  data: {
    units: names.map((name, i) => ({ code: `U${i}`, name, level: 'upper', parent: 'BK' })),
  },
})

/** A worker whose answers the test releases by hand, in any order. */
function heldSearch() {
  const asked: string[] = []
  const answers = new Map<string, (answer: Answer) => void>()
  const search = (query: string): Promise<Answer> => {
    asked.push(query)
    return new Promise((resolve) => answers.set(query, resolve))
  }
  return { asked, search, answer: (query: string, answer: Answer) => answers.get(query)?.(answer) }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('UnitSearch', () => {
  it('sends one request for "Bac Kan" typed letter by letter, once typing pauses', async () => {
    const worker = heldSearch()
    const shown: [string, Answer][] = []
    const search = new UnitSearch({
      search: worker.search,
      onResult: (query, result) => shown.push([query, result]),
    })
    for (const text of ['B', 'Ba', 'Bac', 'Bac ', 'Bac K', 'Bac Ka', 'Bac Kan']) {
      search.type(text)
      await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS / 3)
    }
    expect(worker.asked).toEqual([])
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS)
    expect(worker.asked).toEqual(['Bac Kan'])
    worker.answer('Bac Kan', found('LĐLĐ tỉnh Bắc Kạn'))
    await vi.runAllTimersAsync()
    expect(shown.at(-1)).toEqual(['Bac Kan', found('LĐLĐ tỉnh Bắc Kạn')])
  })

  it('shows the answer to the latest text even when an older answer comes last', async () => {
    const worker = heldSearch()
    const shown: string[] = []
    const search = new UnitSearch({
      search: worker.search,
      onResult: (query) => shown.push(query),
    })
    search.type('Cho')
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS)
    search.type('Cho Moi')
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS)
    expect(worker.asked).toEqual(['Cho', 'Cho Moi'])
    worker.answer('Cho Moi', found('CĐCS Trường THPT Chợ Mới'))
    worker.answer('Cho', found('CĐCS Chợ Đồn', 'CĐCS Chợ Mới'))
    await vi.runAllTimersAsync()
    expect(shown).toEqual(['Cho Moi'])
  })

  it('clears the list without a request for a text too short to search', async () => {
    const worker = heldSearch()
    const shown: [string, Answer][] = []
    const search = new UnitSearch({
      search: worker.search,
      onResult: (query, result) => shown.push([query, result]),
    })
    search.type(' B ')
    await vi.runAllTimersAsync()
    expect(worker.asked).toEqual([])
    expect(shown).toEqual([['B', { ok: true, data: { units: [] } }]])
  })

  it('drops what is pending when cancelled (signing out)', async () => {
    const worker = heldSearch()
    const shown: string[] = []
    const search = new UnitSearch({ search: worker.search, onResult: (query) => shown.push(query) })
    search.type('Bac Kan')
    search.cancel()
    await vi.runAllTimersAsync()
    expect(worker.asked).toEqual([])
    expect(shown).toEqual([])
  })
})
