/**
 * @module The API's docs (/docs): Swagger UI served from the pinned `swagger-ui-dist` package, so
 * the page works on a machine without internet; its files live under a path naming their version,
 * cached for a year.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Hono } from 'hono'
import type { AppEnv } from '../context.ts'
import { ApiError } from '../errors.ts'

const require = createRequire(import.meta.url)
const DIST = path.dirname(require.resolve('swagger-ui-dist/package.json'))
const VERSION = (require('swagger-ui-dist/package.json') as { version: string }).version

/** The files the page loads, and their types; nothing else of the package is served. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

const BASE = `/docs/assets/${VERSION}`

const PAGE = `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Báo cáo Công đoàn API</title>
    <link rel="icon" href="${BASE}/favicon-32x32.png" />
    <link rel="stylesheet" href="${BASE}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${BASE}/swagger-ui-bundle.js"></script>
    <script src="${BASE}/init.js"></script>
  </body>
</html>
`

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true })\n`

export function docsRoutes() {
  return new Hono<AppEnv>()
    .get('/docs', (c) => c.html(PAGE, 200, { 'Cache-Control': 'no-cache' }))
    .get(`${BASE}/init.js`, (c) =>
      c.body(INIT, 200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=31536000, immutable',
      }),
    )
    .get(`${BASE}/:file`, async (c) => {
      const file = c.req.param('file')
      const type = ASSETS[file]
      if (!type) {
        throw new ApiError('NOT_FOUND', {
          params: { path: c.req.path },
          details: [{ path: c.req.path }],
        })
      }
      const body = await readFile(path.join(DIST, file))
      return c.body(new Uint8Array(body), 200, {
        'Content-Type': type,
        'Cache-Control': 'public, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
      })
    })
}
