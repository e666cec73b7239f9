/**
 * @module Tests of what the pane says and does about each failure: the worker's text for its code
 * in the pane's language, the pane's hint where a button or the queue is involved, and which
 * failures drop a queued submission and which keep it.
 */
import { describe, expect, it } from 'vitest'
import type { ApiError } from '../../addin/api/client.ts'
import { adviceFor, adviceText } from '../../addin/error-advice.ts'
import {
  errorMessage,
  errorStatus,
  type ErrorCode,
  type ErrorParams,
} from '../../shared/api-errors.ts'

/** A failure as the client makes it from the worker's body for `code`. */
function failure<C extends ErrorCode>(
  code: C,
  params: ErrorParams<C>,
  extra: Partial<ApiError> = {},
): ApiError {
  const status = errorStatus(code)
  return {
    code,
    status,
    message: errorMessage(code, params, 'vi'),
    messageEn: errorMessage(code, params, 'en'),
    retryable: status === 429 || status >= 500,
    ...extra,
  } as ApiError
}

describe('adviceFor', () => {
  it.each([
    [failure('REPORT_ACCEPTED', undefined), 'drop', /cấp trên duyệt.*trả lại/],
    [failure('IDEMPOTENCY_KEY_REUSED', undefined), 'drop', /Bấm "Gửi báo cáo" để gửi lại/],
    [failure('PERIOD_CLOSED', { period: '2025-Y' }), 'drop', /2025-Y đã khóa.*cấp trên/],
    [failure('REVISION_CONFLICT', { latest: 4 }), 'drop', /người khác gửi.*phiên bản 4/],
    [failure('NOT_YOURS', { unit: 'BK.GD' }), 'drop', /BK.GD không thuộc phạm vi/],
    [failure('UNAUTHENTICATED', undefined), 'signIn', /hết hạn.*đăng nhập lại.*đang chờ vẫn/],
    [failure('KEY_REVOKED', undefined), 'signIn', /thu hồi.*đang chờ vẫn được giữ/],
    [failure('TOO_MANY_ATTEMPTS', { seconds: 900 }), 'wait', /sau 15 phút/],
  ] as const)(
    '%o: the queue does "%s" and the clerk reads it in Vietnamese',
    (error, queue, text) => {
      expect(adviceFor(error).queue).toBe(queue)
      expect(adviceText(error, 'vi')).toMatch(text)
      expect(adviceText(error, 'en')).not.toBe(adviceText(error, 'vi'))
    },
  )

  it('offers to reload after a conflict, naming the revision someone else sent', () => {
    const error = failure('REVISION_CONFLICT', { latest: 4 }, { details: [{ latestRevision: 4 }] })
    expect(adviceFor(error).offer).toBe('reload')
    expect(adviceText(error, 'vi')).toContain('phiên bản 4')
    expect(adviceText(error, 'en')).toContain('revision 4')
  })

  it('says how many minutes to wait on a 429 it has no words for, from Retry-After', () => {
    const error: ApiError = {
      code: 'HTTP_STATUS',
      status: 429,
      message: 'Máy chủ trả lời lỗi 429.',
      messageEn: 'The server answered 429.',
      retryable: true,
      retryAfterSeconds: 14 * 60 + 5,
    }
    expect(adviceFor(error).queue).toBe('wait')
    expect(adviceText(error, 'vi')).toContain('chờ 15 phút')
    expect(adviceText(error, 'en')).toContain('wait 15 minutes')
  })

  it('asks for a new sign-in on any 401 but a wrong key', () => {
    const unknown401: ApiError = {
      code: 'HTTP_STATUS',
      status: 401,
      message: 'x',
      messageEn: 'x',
      retryable: false,
    }
    expect(adviceFor(unknown401).offer).toBe('signIn')
    const wrongKey = failure('BAD_CREDENTIALS', { secret: 'key' })
    expect(adviceFor(wrongKey)).toMatchObject({ offer: null, queue: 'drop' })
    expect(adviceText(wrongKey, 'vi')).toMatch(/không đúng/)
  })

  it('retries what the network or a busy worker failed, keeping their own words', () => {
    const busy: ApiError = {
      code: 'HTTP_STATUS',
      status: 503,
      message: 'Máy chủ trả lời lỗi 503.',
      messageEn: 'The server answered 503.',
      retryable: true,
    }
    const offline: ApiError = {
      code: 'OFFLINE',
      status: 0,
      message: 'ngoại tuyến',
      messageEn: 'offline',
      retryable: true,
    }
    for (const error of [offline, { ...offline, code: 'TIMEOUT' } as const, busy]) {
      expect(adviceFor(error).queue).toBe('retry')
      expect(adviceText(error, 'vi')).toBe(error.message)
    }
    const refused = failure('VALIDATION_FAILED', undefined, { details: [] })
    expect(adviceFor(refused).queue).toBe('drop')
    expect(adviceText(refused, 'en')).toBe(
      'The report has errors and was not stored; see the findings by row.',
    )
  })
})
