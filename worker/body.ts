/**
 * @module Reads a request body with a size limit of our own (Hono's `bodyLimit` re-wraps the
 * stream and halves throughput on node-server): the declared Content-Length first, then the bytes
 * as they stream, straight from node's IncomingMessage when served by node-server (runtime.ts).
 */
import type { Context, Env, Input } from 'hono'
import type { IncomingMessage } from 'node:http'
import { ApiError } from './errors.ts'
import { nodeRequest } from './runtime.ts'

/** 1 MiB for JSON; 5 MiB for an uploaded workbook. */
export const JSON_LIMIT = 1024 * 1024
export const UPLOAD_LIMIT = 5 * 1024 * 1024

function clientGone(): ApiError {
  return new ApiError('BODY_INCOMPLETE')
}

function readIncoming(incoming: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = () => {
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', onError)
      incoming.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        reject(new ApiError('PAYLOAD_TOO_LARGE', { params: { limit } }))
      } else {
        chunks.push(chunk)
      }
    }
    const onEnd = () => {
      cleanup()
      resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size))
    }
    const onError = () => {
      cleanup()
      reject(clientGone())
    }
    const onClose = () => {
      if (!incoming.complete) {
        cleanup()
        reject(clientGone())
      }
    }
    incoming.on('data', onData)
    incoming.on('end', onEnd)
    incoming.on('error', onError)
    incoming.on('close', onClose)
  })
}

async function readStream(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) {
      break
    }
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      throw new ApiError('PAYLOAD_TOO_LARGE', { params: { limit } })
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks, size)
}

/**
 * The request body, at most `limit` bytes, else a 413. Also caches it on the request, so that
 * Hono's `c.req.json()` and the zod validator read it from memory.
 */
export async function readBody<E extends Env, P extends string, I extends Input>(
  c: Context<E, P, I>,
  limit: number,
): Promise<Uint8Array> {
  const declared = c.req.header('content-length')
  if (declared !== undefined && Number(declared) > limit) {
    throw new ApiError('PAYLOAD_TOO_LARGE', { params: { limit } })
  }
  const incoming = nodeRequest(c)
  let bytes: Uint8Array
  if (incoming) {
    bytes = await readIncoming(incoming, limit)
  } else if (c.req.raw.body) {
    bytes = await readStream(c.req.raw.body, limit)
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
