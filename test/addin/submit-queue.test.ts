/** @module Tests of the submission queue: offline → kept in storage → retried with backoff → sent once. */
import { describe, expect, it } from 'vitest'
import { ApiClient, type Fetch } from '../../addin/api/client.ts'
import { backoffDelay, SubmitQueue } from '../../addin/submit-queue.ts'

class MemoryStorage {
  items = new Map<string, string>()
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value)
  }
}

const report = { unit: 'BK.001', period: '2026-Y', form: 'B01' }
const body = { formVersion: '2026.1', values: { 'members.total': 120 } }

/** A worker that stores one revision per new Idempotency-Key, and a network that can be cut. */
function fakeWorker() {
  const revisions: { key: string; values: unknown }[] = []
  const world = { online: false, status: 201, revisions, calls: 0 }
  const doFetch: Fetch = async (_url, init) => {
    world.calls++
    if (!world.online) {
      throw new TypeError('Failed to fetch')
    }
    if (world.status !== 201) {
      return new Response(JSON.stringify({ error: { code: 'DOWN', message: 'Máy chủ bận' } }), {
        status: world.status,
      })
    }
    const key = new Headers(init?.headers).get('idempotency-key') ?? ''
    let revision = revisions.findIndex((r) => r.key === key) + 1
    if (revision === 0) {
      revisions.push({
        key,
        values: (JSON.parse(init?.body as string) as { values: unknown }).values,
      })
      revision = revisions.length
    }
    return new Response(
      JSON.stringify({
        submission: {
          revision,
          submittedAt: '2026-12-01T02:00:00Z',
          submittedBy: 'BK.001',
          warnings: [],
        },
        warnings: [],
      }),
      { status: 201, headers: { 'content-type': 'application/json' } },
    )
  }
  return { world, api: new ApiClient({ baseUrl: 'http://worker', token: 't', fetch: doFetch }) }
}

function queueOn(storage: MemoryStorage, api: ApiClient, clock: { now: number }) {
  return new SubmitQueue({
    storage,
    send: (item) => api.submit(item.report, item.body, item.key),
    now: () => clock.now,
    baseDelayMs: 1000,
    maxDelayMs: 8000,
  })
}

describe('the submission queue', () => {
  it('keeps a submission made offline in storage, and sends it once when back online', async () => {
    const storage = new MemoryStorage()
    const clock = { now: 0 }
    const { world, api } = fakeWorker()
    const queue = queueOn(storage, api, clock)
    queue.enqueue(report, body, 'key-1')
    const [first] = await queue.flush()
    expect(first?.kind).toBe('waiting')
    expect(JSON.parse(storage.getItem('baocao-cd.queue.v1') ?? '[]')).toHaveLength(1)

    // the pane was closed: a new queue over the same storage still has it
    const reopened = queueOn(storage, api, clock)
    world.online = true
    expect(await reopened.flush()).toEqual([]) // not due yet: backoff
    clock.now += 1000
    const [sent] = await reopened.flush()
    expect(sent?.kind).toBe('sent')
    expect(world.revisions).toHaveLength(1)
    expect(reopened.list()).toEqual([])
  })

  it('waits longer after each failure, up to the cap', async () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 1000, 8000))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000,
    ])
    const storage = new MemoryStorage()
    const clock = { now: 0 }
    const { api } = fakeWorker()
    const queue = queueOn(storage, api, clock)
    queue.enqueue(report, body, 'key-1')
    await queue.flush()
    await queue.flush(true)
    await queue.flush(true)
    expect(queue.list()[0]?.attempts).toBe(3)
    expect(queue.nextAttemptAt()).toBe(4000)
  })

  it('retries with the same Idempotency-Key when the answer was lost, so one revision is made', async () => {
    const storage = new MemoryStorage()
    const clock = { now: 0 }
    const { world, api } = fakeWorker()
    world.online = true
    world.status = 503
    const queue = queueOn(storage, api, clock)
    queue.enqueue(report, body, 'key-1')
    await queue.flush()
    world.status = 201
    await Promise.all([queue.flush(true), queue.flush(true)])
    await queue.flush(true)
    expect(world.revisions).toEqual([{ key: 'key-1', values: { 'members.total': 120 } }])
  })

  it('drops a submission the worker refuses for good, and says why', async () => {
    const storage = new MemoryStorage()
    const { world, api } = fakeWorker()
    world.online = true
    world.status = 422
    const queue = queueOn(storage, api, { now: 0 })
    queue.enqueue(report, body, 'key-1')
    const [outcome] = await queue.flush()
    expect(outcome?.kind).toBe('rejected')
    expect(outcome?.kind === 'rejected' && outcome.error.message).toBe('Máy chủ bận')
    expect(queue.list()).toEqual([])
  })

  it('keeps only the latest figures of one report', () => {
    const storage = new MemoryStorage()
    const { api } = fakeWorker()
    const queue = queueOn(storage, api, { now: 0 })
    queue.enqueue(report, body, 'key-1')
    queue.enqueue(report, { ...body, values: { 'members.total': 121 } }, 'key-2')
    expect(queue.list().map((item) => item.key)).toEqual(['key-2'])
  })

  /** A worker that answers every PUT with one error, counting the PUTs. */
  function refusing(code: string, status: number, headers: Record<string, string> = {}) {
    const world = { calls: 0 }
    const api = new ApiClient({
      baseUrl: 'http://worker',
      token: 't',
      fetch: async () => {
        world.calls++
        const details = code === 'REVISION_CONFLICT' ? { details: [{ latestRevision: 2 }] } : {}
        const error = { code, message: `Lỗi ${code}`, messageEn: `Error ${code}`, ...details }
        return new Response(JSON.stringify({ error }), { status, headers })
      },
    })
    return { world, api }
  }

  it.each([
    ['REPORT_ACCEPTED', 409],
    ['IDEMPOTENCY_KEY_REUSED', 409],
    ['PERIOD_CLOSED', 409],
    ['REVISION_CONFLICT', 409],
    ['NOT_YOURS', 403],
  ])(
    'drops a submission refused with %s: sending it again cannot succeed',
    async (code, status) => {
      const { api } = refusing(code, status)
      const queue = queueOn(new MemoryStorage(), api, { now: 0 })
      queue.enqueue(report, body, 'key-1')
      const [outcome] = await queue.flush()
      expect(outcome).toMatchObject({ kind: 'rejected', error: { code } })
      expect(queue.list()).toEqual([])
    },
  )

  it('keeps every submission when the session expired, and stops asking until a new sign-in', async () => {
    const { world, api } = refusing('UNAUTHENTICATED', 401)
    const queue = queueOn(new MemoryStorage(), api, { now: 0 })
    queue.enqueue(report, body, 'key-1')
    queue.enqueue({ ...report, unit: 'BK.002' }, body, 'key-2', { by: 'BK.001' })
    const outcomes = await queue.flush(false, 'BK.001')
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['waiting'])
    expect(world.calls).toBe(1)
    expect(queue.list().map((item) => item.key)).toEqual(['key-1', 'key-2'])
  })

  it('after a 429, keeps the submission and waits as long as Retry-After says', async () => {
    const { world, api } = refusing('TOO_MANY_REQUESTS', 429, { 'retry-after': '600' })
    const clock = { now: 1_000 }
    const queue = queueOn(new MemoryStorage(), api, clock)
    queue.enqueue(report, body, 'key-1')
    queue.enqueue({ ...report, period: '2026-H1' }, body, 'key-2')
    await queue.flush()
    expect(world.calls).toBe(1)
    expect(queue.list()).toHaveLength(2)
    expect(queue.list()[0]?.nextAttemptAt).toBe(1_000 + 600_000)
  })

  it('sends only what the signed-in unit queued, with the revision it saw', async () => {
    const storage = new MemoryStorage()
    const seen: { unit: string; ifMatch: string | null }[] = []
    const api = new ApiClient({
      baseUrl: 'http://worker',
      token: 't',
      fetch: async (url, init) => {
        seen.push({
          unit: String(url).split('/')[6] ?? '',
          ifMatch: new Headers(init?.headers).get('if-match'),
        })
        return new Response(JSON.stringify({ submission: { revision: 1 }, warnings: [] }), {
          status: 201,
        })
      },
    })
    const queue = new SubmitQueue({
      storage,
      send: (item) => api.submit(item.report, item.body, item.key, item.ifMatch),
    })
    queue.enqueue(report, body, 'own', { by: 'BK.001', ifMatch: 2 })
    queue.enqueue({ ...report, unit: 'BK.003' }, body, 'proxy', { by: 'BK' })
    await queue.flush(true, 'BK.001')
    expect(seen).toEqual([{ unit: 'BK.001', ifMatch: '2' }])
    expect(queue.list().map((item) => item.key)).toEqual(['proxy'])
  })
})
