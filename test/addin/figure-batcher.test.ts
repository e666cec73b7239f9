/** @module Tests of the live figures' batching: one request a recalculation, offline copies marked, errors in place. */
import { describe, expect, it, vi } from 'vitest'
import { FigureBatcher } from '../../addin/functions/figure-batcher.ts'
import { figureCell } from '../../addin/functions/figure-cells.ts'
import type { ApiResult } from '../../addin/api/client.ts'
import type { FigureRequest, FiguresResponse } from '../../shared/api-schemas.ts'

function memoryStorage() {
  const map = new Map<string, string>()
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  }
}

const at = '2026-11-29T07:05:00.000Z'
/** What the API client answers when the worker cannot be reached. */
const unreachable: ApiResult<FiguresResponse> = {
  ok: false,
  error: {
    code: 'OFFLINE',
    message: 'Mất kết nối',
    messageEn: 'Offline',
    status: 0,
    retryable: true,
  },
}

function answering(answer: (figures: FigureRequest[]) => ApiResult<FiguresResponse>) {
  const sent: FigureRequest[][] = []
  return {
    sent,
    send: (figures: FigureRequest[]) => {
      sent.push(figures)
      return Promise.resolve(answer(figures))
    },
  }
}

describe('FigureBatcher', () => {
  it('sends the figures of one recalculation in one request and answers each in its place', async () => {
    const worker = answering((figures) => ({
      ok: true,
      data: {
        at,
        figures: figures.map((f) =>
          f.row === 'nope'
            ? { error: { code: 'ROW_NOT_FOUND', message: 'Không có dòng', messageEn: 'No row' } }
            : { value: Number(f.unit.slice(1)), period: '2026-Y', form: 'B01' },
        ),
      },
    }))
    const batcher = new FigureBatcher({ send: worker.send, storage: memoryStorage() })
    const answers = await Promise.all(
      Array.from({ length: 2000 }, (_, i) =>
        batcher.ask({ unit: `U${i}`, period: '2026-Y', row: i === 7 ? 'nope' : 'members.total' }),
      ),
    )
    expect(worker.sent.length).toBe(1)
    expect(worker.sent[0]?.length).toBe(2000)
    expect(answers[3]).toEqual({ kind: 'figure', value: 3, at, offline: false })
    expect(answers[7]).toMatchObject({ kind: 'error', code: 'ROW_NOT_FOUND' })
  })

  it('answers a recalculation while the pane is closed and its hidden page gets no timer', async () => {
    const worker = answering((figures) => ({
      ok: true,
      data: { at, figures: figures.map(() => ({ value: 1, period: '2026-Y', form: 'B01' })) },
    }))
    const batcher = new FigureBatcher({ send: worker.send, storage: memoryStorage() })
    // A hidden page's timers wait a second or more: here they never fire.
    vi.useFakeTimers()
    try {
      const answers = await Promise.all(
        ['U1', 'U2', 'U3'].map((unit) =>
          batcher.ask({ unit, period: '2026-Y', row: 'members.total' }),
        ),
      )
      expect(answers.map((a) => a.kind === 'figure' && a.value)).toEqual([1, 1, 1])
      expect(worker.sent.length).toBe(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('gives the kept figure marked offline when the worker cannot be reached, never as current', async () => {
    const storage = memoryStorage()
    let online = true
    const send = () =>
      Promise.resolve<ApiResult<FiguresResponse>>(
        online
          ? { ok: true, data: { at, figures: [{ value: 21021, period: '2026-Y', form: 'B01' }] } }
          : unreachable,
      )
    const batcher = new FigureBatcher({ send, storage })
    const ask = { unit: 'BK', period: '2026-Y', row: 'members.total' }
    expect(figureCell(await batcher.ask(ask))).toEqual({ ok: true, value: 21021 })
    online = false
    const offline = await batcher.ask(ask)
    expect(offline).toEqual({ kind: 'figure', value: 21021, at, offline: true })
    expect(figureCell(offline)).toEqual({
      ok: true,
      value: '21.021 (ngoại tuyến, số liệu lúc 29/11/2026 14:05)',
    })
    expect(batcher.lastRead).toEqual({ at, offline: true })
    const never = await batcher.ask({ ...ask, unit: 'BK.GD' })
    expect(figureCell(never)).toEqual({ ok: false, error: 'notAvailable', message: 'Mất kết nối' })
  })

  it("gives the functions' runtime the figures the pane kept in the storage they share, marked offline", async () => {
    // OfficeRuntime.storage's shape: strings only, every answer a promise.
    const shared = new Map<string, string>()
    const storage = {
      getItem: (key: string) => Promise.resolve(shared.get(key) ?? null),
      setItem: (key: string, value: string) => Promise.resolve(void shared.set(key, value)),
    }
    const online = answering((figures) => ({
      ok: true,
      data: { at, figures: figures.map(() => ({ value: 753, period: '2026-Y', form: 'B01' })) },
    }))
    const pane = new FigureBatcher({ send: online.send, storage })
    const ask = { unit: 'BK', period: '2026-Y', row: 'units.grassroots' }
    await pane.ask(ask)
    const functions = new FigureBatcher({
      send: () => Promise.resolve(unreachable),
      storage,
    })
    expect(figureCell(await functions.ask(ask))).toEqual({
      ok: true,
      value: '753 (ngoại tuyến, số liệu lúc 29/11/2026 14:05)',
    })
    expect([...shared.values()].every((value) => typeof value === 'string')).toBe(true)
  })

  it('keeps only the latest figures read, so that the shared storage stays small', async () => {
    const storage = memoryStorage()
    let online = true
    const send = (figures: FigureRequest[]) =>
      Promise.resolve<ApiResult<FiguresResponse>>(
        online
          ? {
              ok: true,
              data: {
                at,
                figures: figures.map(() => ({ value: 1, period: '2026-Y', form: 'B01' })),
              },
            }
          : unreachable,
      )
    const batcher = new FigureBatcher({ send, storage, keep: 3 })
    const ask = (unit: string) => batcher.ask({ unit, period: '2026-Y', row: 'members.total' })
    for (const unit of ['A', 'B', 'C']) {
      await ask(unit)
    }
    // Read again, A is recent once more: B, now the oldest read, is the one dropped for D.
    await ask('A')
    await ask('D')
    online = false
    const kinds = await Promise.all(['A', 'B', 'C', 'D'].map(async (u) => (await ask(u)).kind))
    expect(kinds).toEqual(['figure', 'error', 'figure', 'figure'])
  })

  it('says "not signed in" without sending anything when there is no session', async () => {
    const batcher = new FigureBatcher({
      send: () => Promise.resolve(null),
      storage: memoryStorage(),
    })
    const answer = await batcher.ask({ unit: 'BK', period: '2026-Y', row: 'members.total' })
    expect(figureCell(answer)).toMatchObject({ ok: false, error: 'notAvailable' })
    expect(batcher.requests).toBe(0)
  })
})

describe('figureCell', () => {
  it('shows a row nobody reported as empty, and maps errors to Excel error values', () => {
    expect(figureCell({ kind: 'figure', value: null, at, offline: false })).toEqual({
      ok: true,
      value: '',
    })
    const error = (code: string) =>
      figureCell({ kind: 'error', code, message: 'm', messageEn: 'm' })
    expect(error('NOT_YOURS')).toMatchObject({ error: 'invalidValue' })
    expect(error('UNIT_NOT_FOUND')).toMatchObject({ error: 'invalidReference' })
    expect(error('UNAUTHENTICATED')).toMatchObject({ error: 'notAvailable' })
  })
})
