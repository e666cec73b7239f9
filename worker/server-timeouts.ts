/**
 * @module How long the worker's HTTP server waits for a client: for its headers, for its whole
 * request, and for any byte while the connection is idle. Long enough for a clerk on a slow 3G
 * line sending a 200 KB workbook (at 32 kbit/s, a bad 3G, it takes 50 s), short enough that a
 * connection holding its last byte is let go.
 */
import type { Server } from 'node:http'

export interface ServerTimeouts {
  /** From the connection to the end of the headers. */
  headersMs: number
  /** From the connection to the end of the body. */
  requestMs: number
  /** Without a byte either way. */
  idleMs: number
}

export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 20_000,
  requestMs: 90_000,
  idleMs: 30_000,
}

/** node:http's options for these timeouts, checked every second (node's default is 30 s). */
export function timeoutOptions(timeouts: ServerTimeouts = SERVER_TIMEOUTS) {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: 1000,
  }
}

/** Sets the idle timeout, which node takes only on the server object. */
export function applyIdleTimeout(server: Server, timeouts: ServerTimeouts = SERVER_TIMEOUTS): void {
  server.setTimeout(timeouts.idleMs, (socket) => socket.destroy())
}
