/**
 * @module PostgreSQL lost while serving: requests get 503 STORE_UNAVAILABLE with Retry-After and a
 * Vietnamese message (never a 500), nothing is acknowledged, and the worker serves again by itself
 * when the database returns. The database is "lost" by cutting a TCP proxy in front of it.
 */
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import { createApp } from '../../worker/app.ts'
import { openPostgresStore } from '../../worker/store/postgres/store.ts'
import { issueKey } from '../../worker/admin/operations.ts'
import { freshPostgresUrl } from '../postgres/fresh.ts'
import { b01, CHEAP, UNITS, OPEN } from './helpers.ts'

/** A TCP proxy to the database that can be cut (every connection dropped, no new ones) and restored. */
async function proxyTo(target: URL) {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => socket.destroy())
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  let current = server
  return {
    port,
    async cut() {
      await new Promise<void>((resolve) => {
        current.close(() => resolve())
        for (const socket of sockets) {
          socket.destroy()
        }
      })
    },
    async restore() {
      current = net.createServer(server.listeners('connection')[0] as (s: net.Socket) => void)
      await new Promise<void>((resolve) => current.listen(port, '127.0.0.1', resolve))
    },
    close: () => new Promise<void>((resolve) => current.close(() => resolve())),
  }
}

describe('PostgreSQL lost while serving', () => {
  it('answers 503 with Retry-After, acknowledges nothing, and recovers by itself', async () => {
    const url = new URL(await freshPostgresUrl())
    const proxy = await proxyTo(url)
    const proxied = new URL(url)
    proxied.hostname = '127.0.0.1'
    proxied.port = String(proxy.port)
    const store = await openPostgresStore({ connectionString: proxied.toString() })
    const admin = { actor: 'admin', address: null }
    await store.importUnits(UNITS, { ...admin, action: 'units.import', target: 't', details: {} })
    await store.savePeriod(
      { id: OPEN, cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
      { ...admin, action: 'period.open', target: OPEN, details: {} },
    )
    const { key } = await issueKey(store, 'G1', admin, { cost: CHEAP })
    const app = createApp({ store, catalog: defaultCatalog(), secrets: { tokenSecret: 't' } })
    const signIn = await app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unit: 'G1', key }),
    })
    const { token } = (await signIn.json()) as { token: string }
    const put = (members: number) =>
      app.request(`/api/v1/units/G1/periods/${OPEN}/forms/B01`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ formVersion: '2026.1', values: b01({ 'members.total': members }) }),
      })
    try {
      expect((await put(80)).status).toBe(201)

      await proxy.cut()
      const refused = await put(81)
      expect(refused.status).toBe(503)
      expect(refused.headers.get('retry-after')).toBe('5')
      const body = (await refused.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('STORE_UNAVAILABLE')
      expect(body.error.message).toMatch(/không kết nối được cơ sở dữ liệu/)
      expect((await app.request('/api/v1/health')).status).toBe(503)
      const read = await app.request(`/api/v1/units/G1/periods/${OPEN}/forms/B01`, {
        headers: { authorization: `Bearer ${token}` },
      })
      expect(read.status).toBe(503)

      await proxy.restore()
      const start = performance.now()
      let again = await put(82)
      while (again.status === 503 && performance.now() - start < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        again = await put(82)
      }
      expect(again.status).toBe(201)
      expect((await app.request('/api/v1/health')).status).toBe(200)
      const revisions = (await store.revisions('G1', OPEN, 'B01')).map(
        (r) => r.values['members.total'],
      )
      expect(revisions).toEqual([80, 82])
    } finally {
      await store.close()
      await proxy.close()
    }
  })
})
