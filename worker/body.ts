/**
 * @module Reads a request body with a size limit of our own (Hono's `bodyLimit` re-wraps the
 * stream and halves throughput on node-server): the declared Content-Length first, then the bytes
 * as they stream, straight from node's IncomingMessage when served by node-server (runtime.ts).
 * The bytes of all bodies held at once are capped (`BodyBudget`), and a body refused for its size
 * is read to its end and dropped (up to a bound) before the answer goes, so the client, still
 * sending, reads the 413 instead of a reset connection.
 */
import type { Context, Env, Input } from 'hono'
import type { IncomingMessage } from 'node:http'
import { ApiError } from './errors.ts'
import { nodeRequest } from './runtime.ts'
import { UPLOAD_LIMIT } from '../shared/api-schemas.ts'

/** 1 MiB for JSON; 5 MiB for an uploaded workbook (`UPLOAD_LIMIT`, shared with the pane). */
export const JSON_LIMIT = 1024 * 1024
export { UPLOAD_LIMIT }

/** Bodies held by requests being served, together: 64 MiB, a dozen uploads at their limit. */
export const BODIES_IN_FLIGHT = 64 * 1024 * 1024

/**
 * What a refused body is still read for, then dropped: bytes past the limit, and time. A client
 * sending more, or slower, meets a closed connection.
 */
const DRAIN_BYTES = 16 * 1024 * 1024
const DRAIN_MS = 10_000

/** The bytes of the bodies held by requests in flight, against a cap. */
export interface BodyBudget {
  readonly limit: number
  held: number
}

export function createBodyBudget(limit = BODIES_IN_FLIGHT): BodyBudget {
  return { limit, held: 0 }
}

function clientGone(): ApiError {
  return new ApiError('BODY_INCOMPLETE')
}

function tooLarge(limit: number): ApiError {
  return new ApiError('PAYLOAD_TOO_LARGE', { params: { limit } })
}

function busy(): ApiError {
  return new ApiError('SERVER_BUSY', { params: { seconds: 5 } })
}

/**
 * Reads `incoming` whole, holding at most `limit` bytes against `budget`. Past the limit or the
 * budget it lets go of what it held and reads on, dropping, until the client has sent it all
 * (within `DRAIN_BYTES` and `DRAIN_MS`), then refuses.
 */
function readIncoming(
  incoming: IncomingMessage,
  limit: number,
  budget: BodyBudget,
  refusedAlready: ApiError | null,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = []
    let size = 0
    let refusal: ApiError | null = null
    let drained = 0
    let timer: NodeJS.Timeout | undefined
    const cleanup = () => {
      clearTimeout(timer)
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', onError)
      incoming.off('close', onClose)
    }
    const refuse = (error: ApiError) => {
      budget.held -= size
      chunks = []
      size = 0
      refusal = error
      timer = setTimeout(() => {
        cleanup()
        reject(error)
      }, DRAIN_MS)
    }
    const onData = (chunk: Buffer) => {
      if (refusal) {
        drained += chunk.length
        if (drained > DRAIN_BYTES) {
          cleanup()
          reject(refusal)
        }
        return
      }
      if (size + chunk.length > limit) {
        drained = size + chunk.length - limit
        refuse(tooLarge(limit))
        return
      }
      if (budget.held + chunk.length > budget.limit) {
        refuse(busy())
        return
      }
      size += chunk.length
      budget.held += chunk.length
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      if (refusal) {
        reject(refusal)
      } else {
        resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size))
      }
    }
    const onError = () => {
      cleanup()
      budget.held -= size
      reject(clientGone())
    }
    const onClose = () => {
      if (!incoming.complete) {
        cleanup()
        budget.held -= size
        reject(refusal ?? clientGone())
      }
    }
    if (refusedAlready) {
      refuse(refusedAlready)
    }
    incoming.on('data', onData)
    incoming.on('end', onEnd)
    incoming.on('error', onError)
    incoming.on('close', onClose)
  })
}

async function readStream(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  budget: BodyBudget,
): Promise<Uint8Array> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) {
        break
      }
      if (size + value.byteLength > limit) {
        await reader.cancel()
        throw tooLarge(limit)
      }
      if (budget.held + value.byteLength > budget.limit) {
        await reader.cancel()
        throw busy()
      }
      size += value.byteLength
      budget.held += value.byteLength
      chunks.push(value)
    }
  } catch (error) {
    budget.held -= size
    throw error
  }
  return Buffer.concat(chunks, size)
}

/**
 * The request body, at most `limit` bytes, else a 413; its bytes count against `budget` until
 * the caller gives them back (`budget.held -= bytes.byteLength`) when the request is done. Also
 * caches it on the request, so that Hono's `c.req.json()` and the zod validator read it from
 * memory.
 */
export async function readBody<E extends Env, P extends string, I extends Input>(
  c: Context<E, P, I>,
  limit: number,
  budget: BodyBudget = createBodyBudget(),
): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? 0)
  const incoming = nodeRequest(c)
  let bytes: Uint8Array
  if (incoming) {
    if (declared > limit + DRAIN_BYTES) {
      throw tooLarge(limit)
    }
    bytes = await readIncoming(incoming, limit, budget, declared > limit ? tooLarge(limit) : null)
  } else if (declared > limit) {
    throw tooLarge(limit)
  } else if (c.req.raw.body) {
    bytes = await readStream(c.req.raw.body, limit, budget)
  } else {
    bytes = new Uint8Array(0)
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  // Hono keeps promises in bodyCache, whatever its declared type says.
  const cache = c.req.bodyCache as Record<string, unknown>
  cache.text = Promise.resolve(text)
  cache.arrayBuffer = Promise.resolve(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  )
  return bytes
}
