/**
 * @module The one error type of the worker: a stable code, an HTTP status and a message a clerk
 * understands (Vietnamese, English beside it); `errorResponse` is the one place that renders it.
 */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export class ApiError extends Error {
  readonly code: string
  readonly status: ContentfulStatusCode
  readonly messageEn: string
  readonly details: unknown[] | undefined
  readonly headers: Record<string, string>

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    messageEn: string,
    options: { details?: unknown[]; headers?: Record<string, string> } = {},
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.messageEn = messageEn
    this.details = options.details
    this.headers = options.headers ?? {}
  }
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
        ...(error.details ? { details: error.details } : {}),
      },
    },
    error.status,
  )
}

/** The errors raised in more than one place. */
export const errors = {
  malformedJson: () =>
    new ApiError(
      400,
      'MALFORMED_JSON',
      'Nội dung gửi lên không phải JSON hợp lệ.',
      'The request body is not valid JSON.',
    ),
  unauthenticated: () =>
    new ApiError(
      401,
      'UNAUTHENTICATED',
      'Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
      'Not signed in, or the session has expired. Please sign in again.',
    ),
  notYours: (unit: string) =>
    new ApiError(
      403,
      'NOT_YOURS',
      `Đơn vị ${unit} không thuộc phạm vi quản lý của tài khoản này.`,
      `Unit ${unit} is outside this account's subtree.`,
    ),
  unitNotFound: (unit: string) =>
    new ApiError(
      404,
      'UNIT_NOT_FOUND',
      `Không có đơn vị mã ${unit}.`,
      `No unit with code ${unit}.`,
    ),
  periodNotFound: (period: string) =>
    new ApiError(
      404,
      'PERIOD_NOT_FOUND',
      `Không có kỳ báo cáo ${period}.`,
      `No reporting period ${period}.`,
    ),
  formNotFound: (form: string) =>
    new ApiError(404, 'FORM_NOT_FOUND', `Không có biểu mẫu ${form}.`, `No form ${form}.`),
  submissionNotFound: () =>
    new ApiError(
      404,
      'SUBMISSION_NOT_FOUND',
      'Đơn vị chưa gửi báo cáo này trong kỳ.',
      'The unit has not submitted this report for the period.',
    ),
  periodClosed: (period: string) =>
    new ApiError(
      409,
      'PERIOD_CLOSED',
      `Kỳ báo cáo ${period} đã khóa, không nhận thay đổi.`,
      `Reporting period ${period} is closed.`,
    ),
  payloadTooLarge: (limit: number) =>
    new ApiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `Dữ liệu gửi lên vượt quá giới hạn ${Math.round(limit / 1024)} KB.`,
      `The request body exceeds the limit of ${Math.round(limit / 1024)} KiB.`,
    ),
  rootOnly: () =>
    new ApiError(
      403,
      'ROOT_ONLY',
      'Chỉ đơn vị cấp cao nhất (quản trị) được thực hiện thao tác này.',
      'Only the root unit (the administrator) may do this.',
    ),
}
