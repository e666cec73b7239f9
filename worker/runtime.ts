/**
 * @module The one place that reads what a runtime hands the app beside the standard Request, as
 * Hono's adapters do (`getConnInfo`): node-server passes node's IncomingMessage as
 * `c.env.incoming`. Under `app.request` (the tests) or another runtime there is none, and the
 * app falls back to the Request itself.
 */
import type { Context, Env, Input } from 'hono'
import type { IncomingMessage } from 'node:http'
import { getConnInfo } from '@hono/node-server/conninfo'

function isIncomingMessage(value: unknown): value is IncomingMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IncomingMessage).on === 'function' &&
    typeof (value as IncomingMessage).headers === 'object'
  )
}

/** node's request under node-server, whose body can be read without a web stream around it. */
export function nodeRequest<E extends Env, P extends string, I extends Input>(
  c: Context<E, P, I>,
): IncomingMessage | undefined {
  const incoming: unknown = (c.env as { incoming?: unknown } | undefined)?.incoming
  return isIncomingMessage(incoming) ? incoming : undefined
}

/** The address of the socket's peer, or null when the runtime gives none. */
export function peerSocketAddress<E extends Env, P extends string, I extends Input>(
  c: Context<E, P, I>,
): string | null {
  const incoming = (c.env as { incoming?: { socket?: unknown } } | undefined)?.incoming
  return incoming?.socket ? (getConnInfo(c).remote.address ?? null) : null
}

/**
 * One request header by its lower-case name. Under node-server it is read from node's request:
 * the first `c.req.header()` builds a whole web Headers object, a cost a small GET notices.
 */
export function requestHeader<E extends Env, P extends string, I extends Input>(
  c: Context<E, P, I>,
  name: string,
): string | undefined {
  const incoming = nodeRequest(c)
  if (!incoming) {
    return c.req.header(name)
  }
  const value = incoming.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}
