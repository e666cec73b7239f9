/**
 * @module The add-in's HTTP client of the reporting API (v1): a thin layer over fetch with the
 * payload types of shared/api-schemas.ts. It never throws: every failure is a value with a code
 * and a Vietnamese message, and says whether trying again later may help (no network, a request
 * that timed out, 5xx, 429).
 */
import type { FormDefinition } from '../../shared/form-definition.ts'
import type { ApiErrorBody, errorBodySchema } from '../../shared/api-errors.ts'
import type {
  BreakdownResponse,
  ChildReportsResponse,
  ChildrenResponse,
  FormsResponse,
  ImportLineResponse,
  PeriodsResponse,
  SubmissionResponse,
  UnitResponse,
  RollupResponse,
  StatusResponse,
  SubmissionCreated,
  SubmissionRequest,
  TokenResponse,
  UnitSearchResponse,
} from '../../shared/api-schemas.ts'

/**
 * What the pane itself concludes when the worker gave no error body it knows: no answer
 * (`OFFLINE`), no answer in time (`TIMEOUT`), an answer it cannot read (`BAD_RESPONSE`), or an
 * error status without a known code (`HTTP_STATUS`: a proxy's page, a code newer than this pane).
 */
export type ClientErrorCode = 'OFFLINE' | 'TIMEOUT' | 'BAD_RESPONSE' | 'HTTP_STATUS'

/** Besides the code and texts: what the pane needs to decide what to do. */
interface FailureFacts {
  /** HTTP status; 0 when no answer came. */
  status: number
  /** Worth sending again later: no connection, the worker down or busy. */
  retryable: boolean
  /** Seconds the worker asked us to wait (Retry-After), when it said. */
  retryAfterSeconds?: number
}

/** A failure: one of the worker's error bodies (details typed by code), or the pane's own. */
export type ApiError = (
  ApiErrorBody | { code: ClientErrorCode; message: string; messageEn: string; details?: undefined }
) &
  FailureFacts

/** Rows of the status view asked for at a time (the worker's default page). */
const STATUS_PAGE = 5000

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError }

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>

export interface ApiClientOptions {
  /** The worker's origin, e.g. `https://localhost:8787`; '' for the pane's own origin. */
  baseUrl: string
  token?: string | null
  fetch?: Fetch
  /** How long to wait for an answer before giving up with `TIMEOUT` (a slow connection). */
  timeoutMs?: number
}

export const DEFAULT_TIMEOUT_MS = 20_000

const OFFLINE: ApiError = {
  code: 'OFFLINE',
  message: 'Không kết nối được máy chủ báo cáo. Báo cáo sẽ được gửi khi có kết nối.',
  messageEn:
    'Cannot reach the reporting server. The report will be sent when the connection is back.',
  status: 0,
  retryable: true,
}

function timedOut(timeoutMs: number): ApiError {
  const seconds = Math.round(timeoutMs / 1000)
  return {
    code: 'TIMEOUT',
    message: `Máy chủ không trả lời sau ${seconds} giây (mạng chậm). Hãy thử lại.`,
    messageEn: `The server did not answer within ${seconds} seconds (slow network). Try again.`,
    status: 0,
    retryable: true,
  }
}

/** Retry-After in seconds: a number of seconds or an HTTP date. */
function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') {
    return undefined
  }
  const seconds = Number(header)
  if (Number.isFinite(seconds)) {
    return Math.max(0, Math.ceil(seconds))
  }
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000))
}

function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408
}

/** The worker's texts from a body this pane cannot type (a code newer than the pane). */
function textsOf(body: unknown): { message: string; messageEn: string } | undefined {
  const error = typeof body === 'object' && body !== null && 'error' in body ? body.error : null
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const message = String(error.message)
    return { message, messageEn: 'messageEn' in error ? String(error.messageEn) : message }
  }
  return undefined
}

let errorSchema: Promise<typeof errorBodySchema> | null = null

/**
 * Loads the schema of the worker's error bodies (zod, with every code's details): kept out of
 * the pane's first download, it is fetched once the pane has painted, so it is there by the
 * first error. A failed load is tried again at the next error.
 */
export function loadErrorSchema(): Promise<typeof errorBodySchema> {
  errorSchema ??= import('../../shared/api-errors.ts').then(
    (module) => module.errorBodySchema,
    (error: unknown) => {
      errorSchema = null
      throw error
    },
  )
  return errorSchema
}

async function errorFrom(response: Response): Promise<ApiError> {
  const facts: FailureFacts = {
    status: response.status,
    retryable: isRetryableStatus(response.status),
  }
  const wait = retryAfterSeconds(response.headers.get('retry-after'))
  if (wait !== undefined) {
    facts.retryAfterSeconds = wait
  }
  const body: unknown = await response.json().catch(() => undefined)
  const parsed = await loadErrorSchema().then(
    (schema) => schema.safeParse(body),
    () => undefined,
  )
  if (parsed?.success) {
    return { ...parsed.data.error, ...facts }
  }
  return {
    code: 'HTTP_STATUS',
    message: `Máy chủ trả lời lỗi ${response.status}.`,
    messageEn: `The server answered ${response.status}.`,
    ...textsOf(body),
    ...facts,
  }
}

/**
 * @example
 * const api = new ApiClient({ baseUrl: '' })
 * const signedIn = await api.signIn('BK.001', key)
 * if (signedIn.ok) api.token = signedIn.data.token
 */
export class ApiClient {
  baseUrl: string
  token: string | null
  readonly #fetch: Fetch
  readonly #timeoutMs: number

  constructor({
    baseUrl,
    token = null,
    fetch: doFetch,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  }: ApiClientOptions) {
    this.baseUrl = baseUrl.replace(/\/+$/, '')
    this.token = token
    this.#fetch = doFetch ?? ((input, init) => globalThis.fetch(input, init))
    this.#timeoutMs = timeoutMs
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResult<T>> {
    // A file (Blob) goes as it is, with the type the caller names; anything else as JSON.
    const file = typeof Blob !== 'undefined' && body instanceof Blob
    const init: RequestInit = {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined || file ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: file ? body : JSON.stringify(body) }),
    }
    // The timer covers the body too: a slow connection can stall after the headers.
    const abort = new AbortController()
    let expired = false
    const timer = setTimeout(() => {
      expired = true
      abort.abort()
    }, this.#timeoutMs)
    try {
      let response: Response
      try {
        response = await this.#fetch(`${this.baseUrl}${path}`, { ...init, signal: abort.signal })
      } catch {
        return {
          ok: false,
          error: expired ? timedOut(this.#timeoutMs) : OFFLINE,
        }
      }
      if (!response.ok) {
        return { ok: false, error: await errorFrom(response) }
      }
      if (response.status === 204) {
        return { ok: true, data: undefined as T }
      }
      try {
        return { ok: true, data: (await response.json()) as T }
      } catch {
        if (expired) {
          return { ok: false, error: timedOut(this.#timeoutMs) }
        }
        return {
          ok: false,
          error: {
            code: 'BAD_RESPONSE',
            message: 'Máy chủ trả lời không đúng định dạng.',
            messageEn: 'The server sent an unreadable answer.',
            status: response.status,
            retryable: true,
          },
        }
      }
    } finally {
      clearTimeout(timer)
    }
  }

  /** Signs in; the unit code is trimmed and upper-cased, as codes are written ("bk.001" → "BK.001"). */
  signIn(unit: string, key: string): Promise<ApiResult<TokenResponse>> {
    return this.request('POST', '/api/v1/auth/token', { unit: normalizeUnitCode(unit), key })
  }

  /** Signs a person in with their login (trimmed, lower case, as logins are kept) and password. */
  signInPerson(login: string, password: string): Promise<ApiResult<TokenResponse>> {
    return this.request('POST', '/api/v1/auth/token', { login: normalizeLogin(login), password })
  }

  /** Sets a person's first password with the one-time code an administrator handed over. */
  activate(login: string, code: string, password: string): Promise<ApiResult<TokenResponse>> {
    return this.request('POST', '/api/v1/auth/activate', {
      login: normalizeLogin(login),
      code: code.trim(),
      password,
    })
  }

  /** Changes the signed-in person's own password; the session goes on. */
  changePassword(current: string, password: string): Promise<ApiResult<void>> {
    return this.request('POST', '/api/v1/auth/password', { current, password })
  }

  periods(): Promise<ApiResult<PeriodsResponse>> {
    return this.request('GET', '/api/v1/periods')
  }

  forms(): Promise<ApiResult<FormsResponse>> {
    return this.request('GET', '/api/v1/forms')
  }

  /** A form definition: the given version, or the latest when none is given. */
  form(id: string, version?: string): Promise<ApiResult<FormDefinition>> {
    const query = version === undefined ? '' : `?version=${encodeURIComponent(version)}`
    return this.request('GET', `/api/v1/forms/${encodeURIComponent(id)}${query}`)
  }

  unit(code: string): Promise<ApiResult<UnitResponse>> {
    return this.request('GET', `/api/v1/units/${encodeURIComponent(code)}`)
  }

  /** Units in `code`'s subtree whose name or code matches `query`, accents ignored ("Bac Kan"). */
  searchUnits(code: string, query: string, limit = 20): Promise<ApiResult<UnitSearchResponse>> {
    const params = new URLSearchParams({ q: query, limit: String(limit) })
    return this.request('GET', `/api/v1/units/${encodeURIComponent(code)}/search?${params}`)
  }

  children(code: string): Promise<ApiResult<ChildrenResponse>> {
    return this.request('GET', `/api/v1/units/${encodeURIComponent(code)}/children`)
  }

  /**
   * Stores a new revision. `ifMatch`: the revision the pane last saw (0 = none yet), so that one
   * submitted by someone else in between is a `REVISION_CONFLICT`, not silently superseded.
   */
  submit(
    report: ReportRef,
    body: SubmissionRequest,
    idempotencyKey: string,
    ifMatch?: number,
  ): Promise<ApiResult<SubmissionCreated>> {
    return this.request('PUT', reportPath(report), body, {
      'idempotency-key': idempotencyKey,
      ...(ifMatch === undefined ? {} : { 'if-match': String(ifMatch) }),
    })
  }

  /** The latest revision of a report (`SUBMISSION_NOT_FOUND` when nothing was submitted). */
  report(report: ReportRef): Promise<ApiResult<SubmissionResponse>> {
    return this.request('GET', reportPath(report))
  }

  /**
   * Accepts or returns the revision the reviewer read (If-Match): one sent meanwhile is a
   * `REVIEW_CONFLICT`, never reviewed blind.
   */
  review(
    report: ReportRef,
    decision: 'accept' | 'return',
    comment: string,
    revision: number,
  ): Promise<ApiResult<SubmissionResponse>> {
    return this.request(
      'POST',
      `${reportPath(report)}/review`,
      { decision, comment },
      { 'if-match': `"${revision}"` },
    )
  }

  /** The latest report of each unit directly below `report.unit` that sent `report.form`. */
  childReports(report: ReportRef): Promise<ApiResult<ChildReportsResponse>> {
    return this.request('GET', `${reportPath(report)}/children`)
  }

  /**
   * Every row of the status view below `unit`, fetched a page at a time: an answer holds at most
   * 5,000 rows, so that the whole country (135,000 rows, 26 MB) never comes as one answer.
   */
  async status(unit: string, period: string): Promise<ApiResult<StatusResponse>> {
    const path = `/api/v1/units/${encodeURIComponent(unit)}/periods/${encodeURIComponent(period)}/status`
    const first = await this.request<StatusResponse>('GET', `${path}?offset=0&limit=${STATUS_PAGE}`)
    if (!first.ok) {
      return first
    }
    const units = [...first.data.units]
    const total = first.data.page?.total ?? units.length
    while (units.length < total) {
      const next = await this.request<StatusResponse>(
        'GET',
        `${path}?offset=${units.length}&limit=${STATUS_PAGE}`,
      )
      if (!next.ok) {
        return next
      }
      if (next.data.units.length === 0) {
        break
      }
      units.push(...next.data.units)
    }
    const { page: _page, ...whole } = first.data
    return { ok: true, data: { ...whole, units } }
  }

  /** Imports one filled template a unit e-mailed, entered by `unit` (its line comes back). */
  importReport(
    unit: string,
    period: string,
    file: Blob & { name: string },
  ): Promise<ApiResult<ImportLineResponse>> {
    return this.request(
      'POST',
      `/api/v1/units/${encodeURIComponent(unit)}/periods/${encodeURIComponent(period)}/imports`,
      file,
      {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'x-file-name': encodeURIComponent(file.name),
      },
    )
  }

  /** A rollup; `compare: 'previous'` sets it beside the previous comparable period's. */
  rollup(
    report: ReportRef,
    view: 'latest' | 'accepted' = 'latest',
    compare?: string,
  ): Promise<ApiResult<RollupResponse>> {
    const query = new URLSearchParams()
    if (view === 'accepted') {
      query.set('view', 'accepted')
    }
    if (compare !== undefined) {
      query.set('compare', compare)
    }
    const search = query.toString()
    return this.request('GET', `${reportPath(report)}/rollup${search ? `?${search}` : ''}`)
  }

  /** The units behind one figure of a rollup (drill-down). */
  breakdown(
    report: ReportRef,
    row: string,
    view: 'latest' | 'accepted' = 'latest',
  ): Promise<ApiResult<BreakdownResponse>> {
    const query = new URLSearchParams({ row, ...(view === 'accepted' ? { view } : {}) })
    return this.request('GET', `${reportPath(report)}/rollup/breakdown?${query.toString()}`)
  }
}

/** One unit found by `searchUnits`. */
export type UnitFound = UnitSearchResponse['units'][number]

/** A unit code as the worker writes it: trimmed, upper case. */
export function normalizeUnitCode(text: string): string {
  return text.trim().toUpperCase()
}

/** A login as the worker keeps it: trimmed, lower case ("Lan@BK.vn " → "lan@bk.vn"). */
export function normalizeLogin(text: string): string {
  return text.trim().toLowerCase()
}

/** Which report: a unit's form for a period. */
export interface ReportRef {
  unit: string
  period: string
  form: string
}

export function reportPath({ unit, period, form }: ReportRef): string {
  return `/api/v1/units/${encodeURIComponent(unit)}/periods/${encodeURIComponent(period)}/forms/${encodeURIComponent(form)}`
}
