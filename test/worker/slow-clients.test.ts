/**
 * @module Clients that send too much, too slowly or nothing, over a real listening server: a
 * write without a token is refused before its body is read, the bodies held at once are capped,
 * a connection holding its last byte is let go while an honest slow line is not, and a body over
 * the limit is read to its end so the client reads the 413 instead of a reset.
 */
import { connect } from 'node:net'
import { request } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { serve } from '@hono/node-server'
import { filledTemplate, fixture, reportPath, type Fixture } from './helpers.ts'
import type { AppDeps } from '../../worker/context.ts'
import {
  applyIdleTimeout,
  SERVER_TIMEOUTS,
  timeoutOptions,
  type ServerTimeouts,
} from '../../worker/server-timeouts.ts'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const servers: Server[] = []

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function listen(
  deps: Partial<AppDeps> = {},
  timeouts: ServerTimeouts = SERVER_TIMEOUTS,
): Promise<{ f: Fixture; port: number; base: string }> {
  const f = await fixture(deps)
  return new Promise((resolve) => {
    const server = serve(
      {
        fetch: f.app.fetch,
        port: 0,
        hostname: '127.0.0.1',
        serverOptions: timeoutOptions(timeouts),
      },
      (info: AddressInfo) => resolve({ f, port: info.port, base: `http://127.0.0.1:${info.port}` }),
    ) as Server
    applyIdleTimeout(server, timeouts)
    servers.push(server)
  })
}

/**
 * A raw HTTP request on its own socket: the head, then `body` sent as told. Resolves with what
 * came back (the status line's code, the body) and whether the server closed the connection.
 */
function rawRequest(
  port: number,
  head: string,
  send: (write: (bytes: Buffer) => boolean, end: () => void) => void,
): Promise<{ status: number; text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString('latin1')))
    socket.on('error', () => {})
    socket.on('close', () => {
      resolve({
        status: Number(/^HTTP\/1\.1 (\d+)/.exec(received)?.[1] ?? 0),
        text: received,
        closed: true,
      })
    })
    socket.write(head)
    send(
      (bytes) => socket.write(bytes),
      () => socket.end(),
    )
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('a write without a token', () => {
  it('is refused with 401 before its body is read', async () => {
    const { port } = await listen()
    const head =
      `POST ${reportPath('G1')}/upload HTTP/1.1\r\nHost: x\r\nContent-Type: ${XLSX}\r\n` +
      `Content-Length: ${5 * 1024 * 1024 - 1}\r\nConnection: close\r\n\r\n`
    const answer = await Promise.race([
      rawRequest(port, head, (write) => void write(Buffer.alloc(64 * 1024, 1))),
      sleep(3000).then(() => ({
        status: 0,
        text: 'no answer while the body was held',
        closed: false,
      })),
    ])
    expect(answer.status).toBe(401)
    expect(answer.text).toContain('UNAUTHENTICATED')
  })
})

describe('bodies in flight', () => {
  it('are capped: past the cap a body gets 503 SERVER_BUSY with Retry-After, read to its end', async () => {
    const { f, port } = await listen({ bodiesInFlight: 1024 * 1024 })
    const token = await f.token('G1')
    const head = (length: number) =>
      `POST ${reportPath('G1')}/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: ${XLSX}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`
    let finishFirst = () => {}
    const first = rawRequest(port, head(900 * 1024), (write, end) => {
      write(Buffer.alloc(600 * 1024, 1))
      finishFirst = () => {
        write(Buffer.alloc(300 * 1024, 1))
        end()
      }
    })
    await sleep(300)
    const second = await rawRequest(port, head(900 * 1024), (write, end) => {
      write(Buffer.alloc(900 * 1024, 1))
      end()
    })
    expect(second.status).toBe(503)
    expect(second.text).toContain('SERVER_BUSY')
    expect(second.text).toMatch(/Retry-After: \d+/i)
    finishFirst()
    expect((await first).status).toBe(400)
  })
})

describe('slow connections', () => {
  it('let go of a connection holding its last byte', async () => {
    const { f, port } = await listen({}, { headersMs: 1000, requestMs: 3000, idleMs: 1000 })
    const token = await f.token('G1')
    const started = Date.now()
    const held = await rawRequest(
      port,
      `POST ${reportPath('G1')}/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: ${XLSX}\r\nContent-Length: 100000\r\n\r\n`,
      (write) => void write(Buffer.alloc(99_999, 1)),
    )
    expect(held.closed).toBe(true)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('serve a slow line: a workbook sent in pieces over 4.5 s, as 3G sends 200 KB', async () => {
    const { f, port } = await listen()
    const token = await f.token('G1')
    const workbook = Buffer.from(
      await filledTemplate(f, { 'workers.total': 100, 'members.total': 90 }),
    )
    const chunks = 45
    const size = Math.ceil(workbook.byteLength / chunks)
    const answer = await rawRequest(
      port,
      `POST ${reportPath('G1')}/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: ${XLSX}\r\nContent-Length: ${workbook.byteLength}\r\nConnection: close\r\n\r\n`,
      (write, end) => {
        void (async () => {
          for (let i = 0; i < chunks; i++) {
            write(workbook.subarray(i * size, (i + 1) * size))
            await sleep(100)
          }
          end()
        })()
      },
    )
    expect(answer.status).toBe(201)
  }, 20_000)
})

describe('a body over the limit', () => {
  it('gets its 413 read by a client still sending it, every time', async () => {
    const { f, port } = await listen()
    const token = await f.token('G1')
    const size = 8 * 1024 * 1024
    const send = () =>
      new Promise<string>((resolve) => {
        const req = request(
          {
            port,
            host: '127.0.0.1',
            method: 'POST',
            path: `${reportPath('G1')}/upload`,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': XLSX,
              'content-length': String(size),
            },
          },
          (res) => {
            let body = ''
            res.on('data', (chunk: Buffer) => (body += chunk.toString()))
            res.on('end', () =>
              resolve(
                `${res.statusCode} ${(JSON.parse(body) as { error: { code: string } }).error.code}`,
              ),
            )
          },
        )
        // What a network does to a body: it arrives in pieces, and the client is still sending
        // when the answer comes.
        req.on('error', (error) => resolve(`error ${error.message}`))
        void (async () => {
          for (let sent = 0; sent < size; sent += 256 * 1024) {
            req.write(Buffer.alloc(256 * 1024, 1))
            await sleep(10)
          }
          req.end()
        })()
      })
    const answers: string[] = []
    for (let i = 0; i < 5; i++) {
      answers.push(await send())
    }
    expect(answers).toEqual(Array(5).fill('413 PAYLOAD_TOO_LARGE'))
  })
})
