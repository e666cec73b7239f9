/**
 * @module The add-in's own files, so one process serves it all: GET /addin/* from the built add-in
 * (`npm run build` writes dist/addin), GET /assets/* (its icons), and GET /manifest.xml naming the
 * origin the worker really serves (the request's own, behind a trusted proxy the forwarded one),
 * or PUBLIC_URL when one is set.
 */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { AppEnv } from '../context.ts'
import { ApiError } from '../errors.ts'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
}

/** The origin manifest.xml is written with, for development on this machine. */
export const DEV_ORIGIN = 'https://localhost:8787'

/**
 * A file named with a content hash never changes: cache it a year. The build's hex hash
 * (`taskpane.3f9a1c2b.js`), or esbuild's base32 one on the pane's chunks (`chunk-G7SZJ2HO.js`).
 */
function cacheControl(file: string): string {
  if (file.endsWith('.html')) {
    return 'no-cache'
  }
  const name = path.basename(file)
  if (
    /[.-](?=[0-9a-f]*\d)[0-9a-f]{8,}\.(js|css|mjs|woff2?|png|svg)$/.test(name) ||
    /^chunk-[A-Z2-7]{8}\.js$/.test(name)
  ) {
    return 'public, max-age=31536000, immutable'
  }
  return 'public, max-age=3600'
}

function notBuilt(): ApiError {
  return new ApiError('ADDIN_NOT_BUILT')
}

function notFound(file: string): ApiError {
  return new ApiError('NOT_FOUND', { params: { path: file }, details: [{ path: file }] })
}

async function serveFile(c: Context, root: string, relative: string): Promise<Response> {
  const base = path.resolve(root)
  const file = path.resolve(base, `.${path.posix.normalize(`/${relative}`)}`)
  if (file !== base && !file.startsWith(`${base}${path.sep}`)) {
    throw notFound(relative)
  }
  const info = await stat(file).catch(() => undefined)
  if (!info?.isFile()) {
    const rootExists = await stat(base).catch(() => undefined)
    throw rootExists ? notFound(relative) : notBuilt()
  }
  const body = await readFile(file)
  return c.body(new Uint8Array(body), 200, {
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': cacheControl(file),
    'X-Content-Type-Options': 'nosniff',
  })
}

/** The origin a client reached this worker at. */
function servedOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url)
  if (trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim()
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim()
    if (host && /^[A-Za-z0-9.[\]:-]+$/.test(host)) {
      return `${proto === 'http' ? 'http' : 'https'}://${host}`
    }
  }
  return url.origin
}

export function addinFileRoutes(options: {
  addinDir: string
  manifestPath: string
  publicUrl: string | undefined
  trustProxy: boolean
}) {
  return new Hono<AppEnv>()
    .get('/addin', (c) => c.redirect('/addin/taskpane.html'))
    .get('/addin/', (c) => c.redirect('/addin/taskpane.html'))
    .get('/addin/*', (c) => serveFile(c, options.addinDir, c.req.path.slice('/addin/'.length)))
    .get('/assets/*', (c) =>
      serveFile(c, path.join(options.addinDir, 'assets'), c.req.path.slice('/assets/'.length)),
    )
    .get('/manifest.xml', async (c) => {
      const text = await readFile(options.manifestPath, 'utf8').catch(() => undefined)
      if (text === undefined) {
        throw new ApiError('MANIFEST_NOT_FOUND')
      }
      const origin = options.publicUrl?.replace(/\/+$/, '') ?? servedOrigin(c, options.trustProxy)
      return c.body(text.split(DEV_ORIGIN).join(origin), 200, {
        'Content-Type': 'application/xml; charset=utf-8',
        'Cache-Control': 'no-cache',
      })
    })
}
