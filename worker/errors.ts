/**
 * @module The one error type of the worker: a code of the closed catalog (shared/api-errors.ts),
 * which gives it its HTTP status, its headers and its Vietnamese and English texts; the cause is
 * kept for the log. `errorResponse` is the one place that renders it.
 */
import type { Context } from 'hono'
import {
  errorHeaders,
  errorMessage,
  errorStatus,
  type ErrorCode,
  type ErrorDetails,
  type ErrorParams,
  type ErrorStatus,
} from '../shared/api-errors.ts'

type ParamsOption<C extends ErrorCode> = [ErrorParams<C>] extends [void]
  ? { params?: undefined }
  : { params: ErrorParams<C> }

type DetailsOption<C extends ErrorCode> = [ErrorDetails<C>] extends [never]
  ? { details?: undefined }
  : { details: ErrorDetails<C> }

/** What an error is raised with besides its code: parameters, details, a cause, extra headers. */
export type ApiErrorOptions<C extends ErrorCode> = ParamsOption<C> &
  DetailsOption<C> & {
    /** What went wrong underneath, for the log; never sent to the client. */
    cause?: unknown
    headers?: Record<string, string>
  }

/** The options are optional when the code needs neither parameters nor details. */
type OptionsArgument<C extends ErrorCode> =
  Partial<ApiErrorOptions<C>> extends ApiErrorOptions<C>
    ? [options?: ApiErrorOptions<C>]
    : [options: ApiErrorOptions<C>]

/**
 * @example
 * throw new ApiError('PERIOD_CLOSED', { params: { period: '2025-Y' } })
 */
export class ApiError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C
  readonly status: ErrorStatus
  readonly messageEn: string
  readonly details: ErrorDetails<C> | undefined
  readonly headers: Record<string, string>

  constructor(code: C, ...[options]: OptionsArgument<C>) {
    const params = options?.params as ErrorParams<C>
    super(errorMessage(code, params, 'vi'), { cause: options?.cause })
    this.name = 'ApiError'
    this.code = code
    this.status = errorStatus(code)
    this.messageEn = errorMessage(code, params, 'en')
    this.details = options?.details
    this.headers = { ...errorHeaders(code, params), ...options?.headers }
  }
}

/** Whether a thrown value is one of ours (typed over every code, for `onError`). */
export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError
}

/** Renders an ApiError as `{ error: { code, message, messageEn, details? } }`. */
export function errorResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) {
    c.header(name, value)
  }
  return c.json(
    {
      error: {
        code: error.code,
        message: error.message,
        messageEn: error.messageEn,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    },
    error.status,
  )
}
