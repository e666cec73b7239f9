/**
 * @module `createApp(deps)`: the worker's Hono app (API, OpenAPI document, docs, add-in files),
 * built from a store and a form catalog; it knows nothing of SQLite, and what node-server hands it
 * beside the Request is read in runtime.ts alone, so tests build it over an in-memory store.
 */
import { HTTPException } from 'hono/http-exception'
import { cors } from 'hono/cors'
import type { Context, MiddlewareHandler } from 'hono'
import { createMiddleware } from 'hono/factory'
import { SIGN_IN_LIMITS } from './context.ts'
import type { AppDeps, AppEnv, Logger, Services } from './context.ts'
import { ApiError, errorResponse, isApiError } from './errors.ts'
import { JSON_LIMIT, UPLOAD_LIMIT, createBodyBudget, readBody } from './body.ts'
import { sessionCheck } from './auth/session.ts'
import { newRouter, peerAddress } from './router.ts'
import { createUnitDirectory } from './unit-directory.ts'
import { createResultCache } from './result-cache.ts'
import { createRateLimiter } from './auth/rate-limit.ts'
import { createTurnQueue } from './auth/turns.ts'
import { createHeavyWork } from './heavy-work.ts'
import { createBytesCache } from './bytes-cache.ts'
import { DEFAULT_SCRYPT_COST, generateKey, hashKey, verifyKey } from './auth/keys.ts'
import { authRoutes } from './routes/auth.ts'
import { formRoutes } from './routes/forms.ts'
import { periodRoutes } from './routes/periods.ts'
import { unitRoutes } from './routes/units.ts'
import { submissionRoutes } from './routes/submissions.ts'
import { reportPrintRoutes } from './routes/report-print.ts'
import { reviewRoutes } from './routes/reviews.ts'
import { rollupRoutes } from './routes/rollups.ts'
import { statusRoutes } from './routes/status.ts'
import { auditRoutes } from './routes/audit.ts'
import { keyRoutes } from './routes/keys.ts'
import { accountRoutes } from './routes/accounts.ts'
import { addinFileRoutes } from './routes/addin-files.ts'
import { docsRoutes } from './routes/docs.ts'
import { importRoutes } from './routes/imports.ts'
import { targetRoutes } from './routes/targets.ts'
import { breakdownRoutes } from './routes/breakdown.ts'
import { figureRoutes } from './routes/figures.ts'
import { childReportRoutes } from './routes/child-reports.ts'
import { healthRoutes } from './routes/health.ts'
import { StorageFullError, StoreDamagedError, StoreUnavailableError } from './store/store.ts'
import { catalogRefresher } from './admin/forms.ts'

const silentLogger: Logger = { error: () => {}, info: () => {} }

function fromHttpException(error: HTTPException): ApiError {
  if (error.status === 400 && /json/i.test(error.message)) {
    return new ApiError('MALFORMED_JSON')
  }
  if (error.status === 415) {
    return new ApiError('UNSUPPORTED_MEDIA_TYPE')
  }
  // Whatever else the framework refuses still gets a message a clerk can read.
  return new ApiError('HTTP_ERROR', { params: { reason: error.message }, cause: error })
}

export function createApp(deps: AppDeps) {
  const now = deps.clock ?? (() => new Date())
  const limits = { ...SIGN_IN_LIMITS, ...deps.signInLimits }
  const limiter = (limit: number) =>
    createRateLimiter({
      limit,
      windowMs: limits.windowMs,
      now: () => now().getTime(),
      store: deps.store,
    })
  let standIn: Promise<string> | undefined
  const services: Services = {
    store: deps.store,
    catalog: deps.catalog,
    now,
    tokenSecret: deps.secrets.tokenSecret,
    units: createUnitDirectory(deps.store),
    cache: createResultCache(),
    signIn: {
      byUnitAndAddress: limiter(limits.perUnitAndAddress),
      byAddress: limiter(limits.perAddress),
      byUnit: limiter(limits.unitSlowdownAfter),
      limits,
      sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      turns: createTurnQueue(limits.concurrentPerAddress, limits.perAddress),
      standIn: () => (standIn ??= hashKey(generateKey(), deps.keyCost ?? DEFAULT_SCRYPT_COST)),
      verify: deps.verifyKey ?? verifyKey,
      cost: deps.keyCost ?? DEFAULT_SCRYPT_COST,
    },
    logger: deps.logger ?? silentLogger,
    heavy: createHeavyWork(deps.heavyWork),
    templates: createBytesCache(),
  }

  const app = newRouter()

  // Bearer tokens, no cookies: any origin may call the API (a pane served elsewhere, a script).
  // Only a request that names its Origin (a browser's from another origin) goes through CORS:
  // the pane served by this worker, scripts and load balancers do not pay for it.
  const crossOrigin: MiddlewareHandler<AppEnv> = cors({
    origin: '*',
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'],
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    exposeHeaders: ['ETag', 'Retry-After', 'Idempotent-Replayed', 'Content-Disposition'],
    maxAge: 86400,
  })
  app.use(
    '/api/*',
    createMiddleware<AppEnv>((c, next) =>
      c.req.header('origin') === undefined ? next() : crossOrigin(c, next),
    ),
  )
  const trustProxy = deps.trustProxy ?? false
  const bodies = createBodyBudget(deps.bodiesInFlight)
  // A store that failed its integrity check at start, or was found damaged since: reads only.
  let damaged = deps.storeDamaged ?? false
  const authenticate = sessionCheck(services)
  const refreshCatalog = catalogRefresher(deps.store, deps.catalog)
  app.use('/api/*', async (c, next) => {
    c.set('address', peerAddress(c, trustProxy))
    // A form version loaded at another worker or from the command line is served here too.
    await refreshCatalog()
    const method = c.req.method
    if (damaged && method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
      if (c.req.path !== '/api/v1/auth/token') {
        throw new ApiError('STORE_DAMAGED')
      }
    }
    if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') {
      return next()
    }
    // Every write but signing in (or activating an account) needs a session: a client without one
    // is refused before a byte of its body is read.
    if (c.req.path !== '/api/v1/auth/token' && c.req.path !== '/api/v1/auth/activate') {
      await authenticate(c)
    }
    const file =
      c.req.path.endsWith('/upload') ||
      c.req.path.endsWith('/imports') ||
      c.req.path === '/api/v1/units/import'
    const bytes = await readBody(c, file ? UPLOAD_LIMIT : JSON_LIMIT, bodies)
    try {
      await next()
    } finally {
      bodies.held -= bytes.byteLength
    }
  })

  app.route('/', healthRoutes(services))
  app.route('/', authRoutes(services))
  app.route('/', formRoutes(services))
  app.route('/', periodRoutes(services))
  app.route('/', unitRoutes(services))
  app.route('/', submissionRoutes(services))
  app.route('/', reportPrintRoutes(services))
  app.route('/', importRoutes(services))
  app.route('/', childReportRoutes(services))
  app.route('/', reviewRoutes(services))
  app.route('/', accountRoutes(services))
  app.route('/', rollupRoutes(services))
  app.route('/', breakdownRoutes(services))
  app.route('/', targetRoutes(services))
  app.route('/', figureRoutes(services))
  app.route('/', statusRoutes(services))
  app.route('/', auditRoutes(services))
  app.route('/', keyRoutes(services))
  app.route(
    '/',
    addinFileRoutes({
      addinDir: deps.addinDir ?? 'dist/addin',
      manifestPath: deps.manifestPath ?? 'manifest.xml',
      publicUrl: deps.publicUrl,
      trustProxy,
    }),
  )

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  })
  // OpenAPI 3.1: its schemas are JSON Schema 2020-12, so "a number, a text or null" has its type.
  app.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'Báo cáo Công đoàn API',
      version: '1',
      description: [
        'Báo cáo định kỳ của tổ chức công đoàn: gửi báo cáo, duyệt, tổng hợp. / Trade-union periodic reporting: submit, review, consolidate.',
        '',
        'Sign in with `POST /api/v1/auth/token` and send the token as `Authorization: Bearer …`; the routes marked with no security (sign-in, forms, the template, periods) need none. Every error is `{ "error": { "code", "message", "messageEn", "details"? } }`: `message` in Vietnamese, `messageEn` in English, `details` shaped by the code.',
      ].join('\n'),
    },
    servers: [
      {
        url: deps.publicUrl?.replace(/\/+$/, '') ?? new URL(c.req.url).origin,
        description: 'This worker',
      },
    ],
    security: [{ bearer: [] }],
  }))
  app.route('/', docsRoutes())
  app.get('/', (c) => c.redirect('/docs'))

  app.notFound((c) =>
    errorResponse(
      c,
      new ApiError('NOT_FOUND', {
        params: { path: c.req.path },
        details: [{ path: c.req.path }],
      }),
    ),
  )
  app.onError((error: Error, c: Context) => {
    if (isApiError(error)) {
      if (error.status === 413) {
        c.header('Connection', 'close')
      }
      return errorResponse(c, error)
    }
    if (error instanceof HTTPException) {
      return errorResponse(c, fromHttpException(error))
    }
    if (error instanceof StorageFullError) {
      // Nothing of the request was committed; the next write succeeds once space is freed.
      services.logger.error(`${c.req.method} ${c.req.path}: disk full`, error.message)
      return errorResponse(c, new ApiError('STORAGE_FULL', { cause: error }))
    }
    if (error instanceof StoreDamagedError) {
      // A damaged store found while serving: no write is acknowledged into it from now on.
      damaged = true
      services.logger.error(`${c.req.method} ${c.req.path}: store damaged`, error.message)
      return errorResponse(c, new ApiError('STORE_DAMAGED', { cause: error }))
    }
    if (error instanceof StoreUnavailableError) {
      // The database is away: nothing of this request was committed; the pool reconnects by itself.
      services.logger.error(`${c.req.method} ${c.req.path}: store unavailable`, error.message)
      return errorResponse(c, new ApiError('STORE_UNAVAILABLE', { cause: error }))
    }
    services.logger.error(`${c.req.method} ${c.req.path} failed`, error)
    return errorResponse(c, new ApiError('INTERNAL_ERROR', { cause: error }))
  })
  return app
}
