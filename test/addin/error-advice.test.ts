/**
 * @module Tests of what the pane says and does about each failure: the clerk's message for every
 * worker error code, and which failures drop a queued submission and which keep it.
 */
import { describe, expect, it } from 'vitest'
import type { ApiError } from '../../addin/api/client.ts'
import { adviceFor, adviceText } from '../../addin/error-advice.ts'

const failure = (code: string, status: number, extra: Partial<ApiError> = {}): ApiError => ({
  code,
  status,
  message: `worker: ${code}`,
  messageEn: `worker en: ${code}`,
  retryable: status === 0 || status === 429 || status >= 500,
  details: [],
  ...extra,
})

describe('adviceFor', () => {
  it.each([
    ['REPORT_ACCEPTED', 409, 'drop', /cấp trên duyệt.*trả lại/],
    ['IDEMPOTENCY_KEY_REUSED', 409, 'drop', /Gửi báo cáo/],
    ['PERIOD_CLOSED', 409, 'drop', /Kỳ báo cáo đã khóa/],
    ['REVISION_CONFLICT', 409, 'drop', /người khác gửi/],
    ['NOT_YOURS', 403, 'drop', /không thuộc phạm vi/],
    ['UNAUTHENTICATED', 401, 'signIn', /hết hạn.*đăng nhập lại.*đang chờ vẫn được giữ/],
    ['KEY_REVOKED', 401, 'signIn', /thu hồi/],
    ['TOO_MANY_ATTEMPTS', 429, 'wait', /chờ \d+ phút/],
  ] as const)(
    '%s: the queue does "%s" and the clerk reads it in Vietnamese',
    (code, status, queue, text) => {
      const error = failure(code, status)
      expect(adviceFor(error).queue).toBe(queue)
      expect(adviceText(error, 'vi')).toMatch(text)
      expect(adviceText(error, 'en')).not.toBe(adviceText(error, 'vi'))
    },
  )

  it('offers to reload after a conflict, naming the revision someone else sent', () => {
    const error = failure('REVISION_CONFLICT', 409, { details: [{ latestRevision: 4 }] })
    expect(adviceFor(error).offer).toBe('reload')
    expect(adviceText(error, 'vi')).toContain('phiên bản 4')
    expect(adviceText(error, 'en')).toContain('revision 4')
  })

  it('says how many minutes to wait, from Retry-After', () => {
    const error = failure('TOO_MANY_ATTEMPTS', 429, { retryAfterSeconds: 14 * 60 + 5 })
    expect(adviceText(error, 'vi')).toContain('chờ 15 phút')
    expect(adviceText(error, 'en')).toContain('wait 15 minutes')
  })

  it('asks for a new sign-in on any 401 but a wrong key', () => {
    expect(adviceFor(failure('SOMETHING', 401)).offer).toBe('signIn')
    expect(adviceFor(failure('BAD_CREDENTIALS', 401))).toMatchObject({ offer: null, queue: 'drop' })
    expect(adviceText(failure('BAD_CREDENTIALS', 401), 'vi')).toMatch(/không đúng/)
  })

  it('retries what the network or a busy worker failed, keeping their own words', () => {
    for (const error of [failure('OFFLINE', 0), failure('TIMEOUT', 0), failure('HTTP_503', 503)]) {
      expect(adviceFor(error).queue).toBe('retry')
      expect(adviceText(error, 'vi')).toBe(error.message)
    }
    expect(adviceFor(failure('VALIDATION_FAILED', 422)).queue).toBe('drop')
    expect(adviceText(failure('VALIDATION_FAILED', 422), 'en')).toBe('worker en: VALIDATION_FAILED')
  })
})
