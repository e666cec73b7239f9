/**
 * @module HTTP compression for the Node entry: wraps the app's `fetch` so that answers to GET
 * requests in a text type (JSON, CSV, JavaScript, HTML, CSS, XML) over 1 KiB go out as br or gzip,
 * as the client's Accept-Encoding allows. Files that are already compressed (.xlsx, .png) and the
 * small answers to writes are passed through untouched. ETags are kept as they are: ours name a
 * report's revision (the If-Match of the next PUT), not the bytes of one encoding.
 */
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Context, MiddlewareHandler, TypedResponse } from 'hono'
import type { JSONParsed, JSONValue } from 'hono/utils/types'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

type Fetch = (request: Request, ...rest: never[]) => Response | Promise<Response>

export type Encoding = 'br' | 'gzip'

/** Bodies smaller than this gain too little to pay for the compression. */
export const MIN_COMPRESSED_BYTES = 1024

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|problem\+json)|image\/svg\+xml)/i
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/**
 * The encoding the client accepts with the highest weight, br before gzip on a tie; null when it
 * accepts neither (or sent no Accept-Encoding).
 *
 * @example
 * chooseEncoding('gzip, deflate, br') // 'br'
 * chooseEncoding('br;q=0, gzip') // 'gzip'
 */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) {
    return null
  }
  const weights = new Map<string, number>()
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...parameters] = part.split(';').map((piece) => piece.trim())
    const q = parameters.find((parameter) => /^q=/i.test(parameter))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    weights.set(name.toLowerCase(), Number.isFinite(weight) ? weight : 0)
  }
  const weightOf = (encoding: Encoding) => weights.get(encoding) ?? weights.get('*') ?? 0
  const best = (['br', 'gzip'] as const).reduce<Encoding | null>(
    (chosen, encoding) =>
      weightOf(encoding) > 0 && (chosen === null || weightOf(encoding) > weightOf(chosen))
        ? encoding
        : chosen,
    null,
  )
  return best
}

async function encode(body: Uint8Array, encoding: Encoding): Promise<Uint8Array<ArrayBuffer>> {
  // Quality 5 compresses JSON close to the maximum at a small fraction of the default's cost.
  const encoded =
    encoding === 'br'
      ? await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
      : await gzipAsync(body, { level: 6 })
  return new Uint8Array(encoded)
}

/**
 * Whether the answer is a candidate, read from its status and headers alone: under node-server a
 * Response made from a string keeps its body aside and is written straight to the socket, and
 * touching `body` would turn it into a web stream (the slow path) for nothing.
 */
function compressible(request: Request, response: Response): boolean {
  const type = response.headers.get('content-type')
  return (
    request.method === 'GET' &&
    response.status !== 204 &&
    response.status !== 206 &&
    response.status !== 304 &&
    type !== null &&
    COMPRESSIBLE.test(type) &&
    !response.headers.has('content-encoding') &&
    !NO_TRANSFORM.test(response.headers.get('cache-control') ?? '')
  )
}

/**
 * UTF-8 bytes of a text, counted only up to `limit` (past it the exact figure does not matter).
 *
 * @example
 * utf8LengthUpTo('Tỉnh', 1024) // 6
 */
export function utf8LengthUpTo(text: string, limit: number): number {
  if (text.length >= limit) {
    // Every UTF-16 unit is at least one byte: past the limit without counting.
    return text.length
  }
  let bytes = 0
  for (let i = 0; i < text.length && bytes < limit; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) {
      bytes += 1
    } else if (code < 0x800) {
      bytes += 2
    } else if (code >= 0xd800 && code < 0xdc00) {
      // A surrogate pair: one character of four bytes.
      bytes += 4
      i++
    } else {
      bytes += 3
    }
  }
  return bytes
}

/**
 * Hono middleware: a JSON answer smaller than the compression threshold says its Content-Length,
 * so `withCompression` passes it on without reading it (Hono's `c.json` names no length, and the
 * wrapper would otherwise read every small answer to learn its size).
 */
export const sizedJson: MiddlewareHandler = async (c, next) => {
  // `arg` is whatever the route gave `c.json`: a status or a ResponseInit, both of which `c.body`
  // takes as they are.
  const sized = (
    object: unknown,
    arg?: unknown,
    headers?: Record<string, string | string[]>,
  ): Response => {
    const text = JSON.stringify(object)
    const bytes = utf8LengthUpTo(text, MIN_COMPRESSED_BYTES)
    return c.body(text, arg as ContentfulStatusCode | undefined, {
      'Content-Type': 'application/json',
      ...headers,
      ...(bytes < MIN_COMPRESSED_BYTES ? { 'Content-Length': String(bytes) } : {}),
    })
  }
  c.json = sized as Context['json']
  await next()
}

/**
 * A JSON answer with its headers as a plain object. Hono's `c.json` turns any answer with more
 * than one header into a Headers object, which node-server must then walk; a plain object is
 * written to the socket as it is. Middleware that set headers on `c.res` before the route still
 * have them merged in by Hono. For the hot write routes (a PUT answers thousands a second).
 *
 * @example
 * return jsonResponse(body, 201, { ETag: '"3"' })
 */
export function jsonResponse<T extends JSONValue | object, S extends ContentfulStatusCode>(
  object: T,
  status: S,
  headers: Record<string, string> = {},
  /** `object` as JSON, when the caller has written it. */
  text = JSON.stringify(object),
): Response & TypedResponse<JSONParsed<T>, S, 'json'> {
  const response = new Response(text, {
    status,
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(text)),
      ...headers,
    },
  })
  return response as Response & TypedResponse<JSONParsed<T>, S, 'json'>
}

/** The answer depends on Accept-Encoding: say so to caches. */
function addVary(headers: Headers): void {
  const vary = headers.get('vary')
  if (vary !== '*' && !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary ?? '')) {
    headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
  }
}

/**
 * The app's `fetch`, compressing its answers for clients that accept it.
 *
 * @example
 * serve({ fetch: withCompression(app.fetch), port: 8787 })
 */
export function withCompression<F extends Fetch>(fetch: F): F {
  const wrapped = async (request: Request, ...rest: never[]): Promise<Response> => {
    const response = await fetch(request, ...rest)
    if (!compressible(request, response)) {
      return response
    }
    const length = Number(response.headers.get('content-length') ?? NaN)
    if (length < MIN_COMPRESSED_BYTES) {
      // Too small to gain: the answer itself, its body untouched, sent with its length.
      return response
    }
    const encoding = chooseEncoding(request.headers.get('accept-encoding'))
    if (encoding === null || response.body === null) {
      try {
        addVary(response.headers)
        return response
      } catch {
        // Headers of a response that came from elsewhere may be immutable: copy them.
        const headers = new Headers(response.headers)
        addVary(headers)
        return new Response(response.body, { status: response.status, headers })
      }
    }
    const headers = new Headers(response.headers)
    addVary(headers)
    const body = new Uint8Array(await response.arrayBuffer())
    if (body.byteLength < MIN_COMPRESSED_BYTES) {
      return new Response(body, { status: response.status, headers })
    }
    const compressed = await encode(body, encoding)
    headers.set('content-encoding', encoding)
    headers.set('content-length', String(compressed.byteLength))
    return new Response(compressed, { status: response.status, headers })
  }
  return wrapped as F
}
