/**
 * @module The closed set of the API's error codes (mã lỗi): for each, its HTTP status, the shape of
 * its `details`, the headers it sets and its Vietnamese and English texts, made from typed
 * parameters. Adding a code is one entry here; the worker raises it with `new ApiError(code, …)`,
 * the contract and the pane's types follow.
 */
import * as z from 'zod'
import { findingSchema } from './finding.ts'

/** Which secret a refused sign-in (BAD_CREDENTIALS) was checked with. */
export type Secret = 'key' | 'password' | 'code' | 'current'

/** The statuses an error may carry. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503 | 507

/** One error code: its status, texts from parameters `P`, and details of shape `D` when it has any. */
export interface ErrorSpec<P, D> {
  status: ErrorStatus
  vi: (params: P) => string
  en: (params: P) => string
  /** The schema of `details`; absent when the code carries none. */
  details?: z.ZodType<D>
  /** Seconds the client should wait, sent as Retry-After (and declared so in the contract). */
  retryAfter?: (params: P) => number
  /** For the contract: when a client gets this code, in a few words. */
  description: string
}

function spec<P = void, D = never>(definition: ErrorSpec<P, D>): ErrorSpec<P, D> {
  return definition
}

/** Where a request's problem is: the part of the request its validator read. */
export const requestPartSchema = z.enum(['json', 'query', 'param', 'header', 'form', 'cookie'])
export type RequestPart = z.infer<typeof requestPartSchema>

/** One schema problem of a request (INVALID_REQUEST). */
export const requestProblemSchema = z
  .object({
    in: requestPartSchema,
    path: z.string().meta({ description: 'Dotted path of the field; empty for the whole part' }),
    message: z.string().meta({ description: 'Tiếng Việt' }),
    messageEn: z.string(),
  })
  .meta({ id: 'RequestProblem' })

/** A finding of a refused submission (VALIDATION_FAILED), with its texts in both languages. */
export const refusedFindingSchema = z
  .intersection(
    findingSchema,
    z.object({ message: z.string().meta({ description: 'Tiếng Việt' }), messageEn: z.string() }),
  )
  .meta({ id: 'FindingWithTexts' })

/** One bad line of a units file (UNITS_INVALID). */
export const lineProblemSchema = z
  .object({
    line: z.number().int().meta({ description: 'Line number in the file, 1 for the header' }),
    message: z.string().meta({ description: 'Vietnamese / English' }),
  })
  .meta({ id: 'LineProblem' })

/** One target that cannot be stored (TARGETS_INVALID), by its position in the list sent. */
export const targetProblemSchema = z
  .object({
    index: z.number().int().meta({ description: 'Position in `targets`, from 0' }),
    unit: z.string(),
    row: z.string(),
    problem: z.enum(['unknownRow', 'notNumericRow', 'badValue', 'notBelow', 'duplicate']),
    message: z.string().meta({ description: 'Tiếng Việt' }),
    messageEn: z.string(),
  })
  .meta({ id: 'TargetProblem' })

/** The fields of the sign-in and activation bodies, as a message about a missing one names them. */
export const SIGN_IN_FIELDS = {
  unit: { vi: 'mã đơn vị', en: 'the unit code' },
  key: { vi: 'mã truy cập', en: 'the access key' },
  login: { vi: 'tên đăng nhập', en: 'the login' },
  password: { vi: 'mật khẩu', en: 'the password' },
  code: { vi: 'mã kích hoạt', en: 'the one-time code' },
} as const
export type SignInField = keyof typeof SIGN_IN_FIELDS
const SIGN_IN_FIELD_NAMES = Object.keys(SIGN_IN_FIELDS) as [SignInField, ...SignInField[]]

const bilingualProblems = z
  .array(z.string().meta({ description: 'Vietnamese / English' }))
  .meta({ description: 'Every problem found, each in Vietnamese then English' })

export const API_ERRORS = {
  MALFORMED_JSON: spec({
    status: 400,
    description: 'The body is not valid JSON',
    vi: () => 'Nội dung gửi lên không phải JSON hợp lệ.',
    en: () => 'The request body is not valid JSON.',
  }),
  INVALID_REQUEST: spec({
    status: 400,
    description: 'A path, query, header or body field does not fit the schema',
    vi: () => 'Yêu cầu không đúng định dạng; xem chi tiết từng trường.',
    en: () => 'The request does not have the expected shape; see the details of each field.',
    details: z.array(requestProblemSchema),
  }),
  BODY_INCOMPLETE: spec({
    status: 400,
    description: 'The connection closed before the body was complete',
    vi: () => 'Kết nối bị ngắt trước khi gửi xong dữ liệu.',
    en: () => 'The connection closed before the body was complete.',
  }),
  INVALID_IF_MATCH: spec({
    status: 400,
    description: 'If-Match is not a revision number',
    vi: () => 'Tiêu đề If-Match phải là số phiên bản báo cáo, ví dụ "3".',
    en: () => 'The If-Match header must be a revision number, e.g. "3".',
  }),
  MALFORMED_WORKBOOK: spec({
    status: 400,
    description: 'The upload is not a readable .xlsx',
    vi: () => 'Tệp gửi lên không phải tệp Excel (.xlsx) đọc được.',
    en: () => 'The uploaded file is not a readable .xlsx workbook.',
  }),
  MISSING_FILE: spec({
    status: 400,
    description: 'A multipart upload without its "file" field',
    vi: () => 'Không có tệp đính kèm (trường "file").',
    en: () => 'No file in the "file" field.',
  }),
  HTTP_ERROR: spec({
    status: 400,
    description: 'Any other request the framework refuses',
    vi: (p: { reason: string }) => `Yêu cầu không được chấp nhận: ${p.reason}`,
    en: (p: { reason: string }) => `The request was refused: ${p.reason}`,
  }),
  UNAUTHENTICATED: spec({
    status: 401,
    description: 'No token, or a bad or expired one',
    vi: () => 'Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
    en: () => 'Not signed in, or the session has expired. Please sign in again.',
  }),
  SIGN_IN_INCOMPLETE: spec({
    status: 400,
    description:
      'A sign-in or an activation without a field it needs (a login without its password, a unit without its key)',
    vi: (p: { missing: SignInField[][] }) =>
      `Thiếu ${p.missing.map((fields) => fields.map((f) => SIGN_IN_FIELDS[f].vi).join(' và ')).join(', hoặc ')}.`,
    en: (p: { missing: SignInField[][] }) =>
      `Missing ${p.missing.map((fields) => fields.map((f) => SIGN_IN_FIELDS[f].en).join(' and ')).join(', or ')}.`,
    details: z.array(z.enum(SIGN_IN_FIELD_NAMES)).meta({
      description: 'The fields missing, of the way of signing in the body began (all, for none)',
    }),
  }),
  BAD_CREDENTIALS: spec({
    status: 401,
    description:
      'A wrong secret: the unit code or access key, the login or password (or a disabled account, not told apart), the login or one-time code, or the current password',
    vi: (p: { secret: Secret }) =>
      ({
        key: 'Mã đơn vị hoặc mã truy cập không đúng.',
        password: 'Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.',
        code: 'Tên đăng nhập hoặc mã kích hoạt không đúng (mỗi mã chỉ dùng được một lần).',
        current: 'Mật khẩu hiện tại không đúng.',
      })[p.secret],
    en: (p: { secret: Secret }) =>
      ({
        key: 'The unit code or the access key is wrong.',
        password: 'The login or the password is wrong, or the account is disabled.',
        code: 'The login or the one-time code is wrong (each code works once).',
        current: 'The current password is wrong.',
      })[p.secret],
  }),
  KEY_REVOKED: spec({
    status: 401,
    description: "The token's access key was revoked",
    vi: () => 'Mã truy cập của đơn vị đã bị thu hồi. Vui lòng xin mã mới từ quản trị.',
    en: () => "The unit's access key has been revoked. Ask the administrator for a new one.",
  }),
  ACCOUNT_DISABLED: spec({
    status: 401,
    description: "The token's person was disabled, moved or has no password any more",
    vi: () => 'Tài khoản đã bị khóa hoặc đặt lại mật khẩu. Vui lòng liên hệ quản trị.',
    en: () => 'The account has been disabled or its password reset. Ask the administrator.',
  }),
  WEAK_PASSWORD: spec({
    status: 400,
    description: 'A password shorter than 10 characters, or equal to the login or the unit code',
    vi: (p: { reason: 'tooShort' | 'equalsLogin' | 'equalsUnit' }) =>
      p.reason === 'tooShort'
        ? 'Mật khẩu quá ngắn: cần ít nhất 10 ký tự.'
        : p.reason === 'equalsLogin'
          ? 'Mật khẩu không được trùng tên đăng nhập.'
          : 'Mật khẩu không được trùng mã đơn vị.',
    en: (p: { reason: 'tooShort' | 'equalsLogin' | 'equalsUnit' }) =>
      p.reason === 'tooShort'
        ? 'The password is too short: it needs at least 10 characters.'
        : p.reason === 'equalsLogin'
          ? 'The password must not be the login.'
          : 'The password must not be the unit code.',
  }),
  ROLE_REQUIRED: spec({
    status: 403,
    description: "An act the signed-in person's roles do not allow",
    vi: (p: { role: string }) =>
      `Tài khoản của bạn không có vai trò “${p.role}” cần cho thao tác này.`,
    en: (p: { role: string }) => `Your account lacks the role “${p.role}” this needs.`,
  }),
  ROLE_ABOVE_OWN: spec({
    status: 403,
    description: 'An administrator granting a role they do not hold',
    vi: (p: { role: string }) => `Bạn không thể cấp vai trò “${p.role}” mà bản thân không có.`,
    en: (p: { role: string }) => `You cannot grant the role “${p.role}”, which you do not hold.`,
  }),
  PERSON_ONLY: spec({
    status: 403,
    description: 'A person’s own act (changing the password) asked with a unit key',
    vi: () => 'Thao tác này chỉ dành cho người đăng nhập bằng tài khoản cá nhân.',
    en: () => 'Only a person signed in with their own account may do this.',
  }),
  LOGIN_TAKEN: spec({
    status: 409,
    description: 'A new account whose login is already used',
    vi: (p: { login: string }) => `Tên đăng nhập ${p.login} đã có người dùng.`,
    en: (p: { login: string }) => `The login ${p.login} is already taken.`,
  }),
  ACCOUNT_NOT_FOUND: spec({
    status: 404,
    description: 'No account with that login',
    vi: (p: { login: string }) => `Không có tài khoản ${p.login}.`,
    en: (p: { login: string }) => `There is no account ${p.login}.`,
  }),
  NOT_YOURS: spec({
    status: 403,
    description: "A unit outside the token's subtree",
    vi: (p: { unit: string }) => `Đơn vị ${p.unit} không thuộc phạm vi quản lý của tài khoản này.`,
    en: (p: { unit: string }) => `Unit ${p.unit} is outside this account's subtree.`,
  }),
  ROOT_ONLY: spec({
    status: 403,
    description: 'An administration route called by a unit other than the root',
    vi: () => 'Chỉ đơn vị cấp cao nhất (quản trị) được thực hiện thao tác này.',
    en: () => 'Only the root unit (the administrator) may do this.',
  }),
  OWN_REPORT: spec({
    status: 403,
    description: 'A unit reviewing its own report',
    vi: () => 'Đơn vị không tự duyệt báo cáo của mình; việc duyệt do công đoàn cấp trên thực hiện.',
    en: () => 'A unit cannot review its own report; its upper union does.',
  }),
  NOT_FOUND: spec({
    status: 404,
    description: 'No such path',
    vi: (p: { path: string }) => `Không có địa chỉ ${p.path}.`,
    en: (p: { path: string }) => `No such path: ${p.path}.`,
    details: z.array(z.object({ path: z.string() })),
  }),
  UNIT_NOT_FOUND: spec({
    status: 404,
    description: 'No unit with that code (at the period cut-off, on report routes)',
    vi: (p: { unit: string }) => `Không có đơn vị mã ${p.unit}.`,
    en: (p: { unit: string }) => `No unit with code ${p.unit}.`,
  }),
  PERIOD_NOT_FOUND: spec({
    status: 404,
    description: 'No such reporting period',
    vi: (p: { period: string }) => `Không có kỳ báo cáo ${p.period}.`,
    en: (p: { period: string }) => `No reporting period ${p.period}.`,
  }),
  FORM_NOT_FOUND: spec({
    status: 404,
    description: 'No such form',
    vi: (p: { form: string }) => `Không có biểu mẫu ${p.form}.`,
    en: (p: { form: string }) => `No form ${p.form}.`,
  }),
  FORM_VERSION_NOT_FOUND: spec({
    status: 404,
    description: 'The form exists, not that version',
    vi: (p: { form: string; version: string }) =>
      `Biểu mẫu ${p.form} không có phiên bản ${p.version}.`,
    en: (p: { form: string; version: string }) => `Form ${p.form} has no version ${p.version}.`,
  }),
  ROW_NOT_FOUND: spec({
    status: 404,
    description: 'No numeric row with that code, TT or label in the form',
    vi: (p: { row: string; form: string }) =>
      `Biểu mẫu ${p.form} không có dòng số liệu "${p.row}" (theo mã dòng, số TT hay tên dòng).`,
    en: (p: { row: string; form: string }) =>
      `Form ${p.form} has no figure row "${p.row}" (by row code, TT or label).`,
  }),
  NO_COMPARABLE_PERIOD: spec({
    status: 404,
    description: 'No earlier period of the same kind to compare with',
    vi: (p: { period: string }) => `Chưa có kỳ trước cùng loại với kỳ ${p.period} để so sánh.`,
    en: (p: { period: string }) =>
      `No earlier period of the same kind as ${p.period} to compare with.`,
  }),
  SUBMISSION_NOT_FOUND: spec({
    status: 404,
    description: 'The unit has not submitted this report for the period',
    vi: () => 'Đơn vị chưa gửi báo cáo này trong kỳ.',
    en: () => 'The unit has not submitted this report for the period.',
  }),
  ADDIN_NOT_BUILT: spec({
    status: 404,
    description: 'The add-in files were not built on this worker',
    vi: () => 'Chưa có bản build của add-in: hãy chạy `npm run build` rồi tải lại trang.',
    en: () => 'The add-in has not been built: run `npm run build`, then reload.',
  }),
  MANIFEST_NOT_FOUND: spec({
    status: 404,
    description: 'The add-in manifest is missing on this worker',
    vi: () => 'Không tìm thấy manifest.xml của add-in.',
    en: () => 'The add-in manifest.xml was not found.',
  }),
  PERIOD_CLOSED: spec({
    status: 409,
    description: 'The period is closed: no submission or review',
    vi: (p: { period: string }) => `Kỳ báo cáo ${p.period} đã khóa, không nhận thay đổi.`,
    en: (p: { period: string }) => `Reporting period ${p.period} is closed.`,
  }),
  REVISION_CONFLICT: spec({
    status: 409,
    description: 'If-Match names a revision that is no longer the latest',
    vi: (p: { latest: number }) =>
      `Trong lúc bạn sửa, đã có người khác gửi báo cáo này (phiên bản ${p.latest}); hãy tải bản mới nhất rồi gửi lại.`,
    en: (p: { latest: number }) =>
      `Someone else submitted this report while you were editing (revision ${p.latest}); load the latest, then submit again.`,
    details: z.array(z.object({ latestRevision: z.number().int() })),
  }),
  REVIEW_CONFLICT: spec({
    status: 409,
    description:
      'If-Match names a revision that is no longer the latest: the reviewer has not seen it',
    vi: (p: { latest: number }) =>
      `Đơn vị vừa gửi phiên bản mới (phiên bản ${p.latest}) mà bạn chưa xem; hãy xem bản mới nhất rồi duyệt lại.`,
    en: (p: { latest: number }) =>
      `The unit has just sent a new revision (revision ${p.latest}) you have not seen; look at the latest, then review again.`,
    details: z.array(z.object({ latestRevision: z.number().int() })),
  }),
  REPORT_ACCEPTED: spec({
    status: 409,
    description: 'The report was accepted and is locked until returned',
    vi: () =>
      'Báo cáo đã được cấp trên duyệt nên không sửa được; đề nghị cấp trên trả lại nếu cần sửa.',
    en: () => 'The report has been accepted and is locked; ask the upper union to return it first.',
  }),
  IDEMPOTENCY_KEY_REUSED: spec({
    status: 409,
    description: 'The Idempotency-Key was used with another body',
    vi: () => 'Khóa Idempotency-Key này đã được dùng cho một báo cáo có nội dung khác.',
    en: () => 'This Idempotency-Key was already used with a different body.',
  }),
  PAYLOAD_TOO_LARGE: spec({
    status: 413,
    description: 'The body is past the limit (1 MiB JSON, 5 MiB files)',
    vi: (p: { limit: number }) =>
      `Dữ liệu gửi lên vượt quá giới hạn ${Math.round(p.limit / 1024)} KB.`,
    en: (p: { limit: number }) =>
      `The request body exceeds the limit of ${Math.round(p.limit / 1024)} KiB.`,
  }),
  WORKBOOK_TOO_LARGE: spec({
    status: 413,
    description:
      'The workbook unpacks past 16 MiB in one part or 32 MiB in all, counted on the bytes that come out',
    vi: () => 'Tệp Excel quá lớn khi giải nén; một biểu mẫu báo cáo không lớn như vậy.',
    en: () => 'The workbook is too large once unpacked; a report form is never that big.',
  }),
  UNSUPPORTED_MEDIA_TYPE: spec({
    status: 415,
    description: 'A body of a content type the route does not take',
    vi: () => 'Kiểu nội dung không được hỗ trợ; hãy gửi JSON (Content-Type: application/json).',
    en: () => 'Unsupported content type; send JSON (Content-Type: application/json).',
  }),
  VALIDATION_FAILED: spec({
    status: 422,
    description: 'The report has errors; nothing stored; every finding in details',
    vi: () => 'Báo cáo còn lỗi, chưa được lưu. Xem danh sách lỗi theo từng dòng.',
    en: () => 'The report has errors and was not stored; see the findings by row.',
    details: z.array(refusedFindingSchema),
  }),
  FORM_NOT_FOR_UNIT: spec({
    status: 422,
    description: "The form is not filled at the unit's level",
    vi: (p: { form: string; unitName: string; level: string }) =>
      `Biểu mẫu ${p.form} không dành cho đơn vị cấp này (${p.unitName}).`,
    en: (p: { form: string; unitName: string; level: string }) =>
      `Form ${p.form} is not filled by a unit of level ${p.level}.`,
  }),
  UNKNOWN_FORM_VERSION: spec({
    status: 422,
    description: 'A submission names a form version the worker does not have',
    vi: (p: { form: string; version: string; versions: readonly string[] }) =>
      `Biểu mẫu ${p.form} không có phiên bản ${p.version}; các phiên bản: ${p.versions.join(', ')}.`,
    en: (p: { form: string; version: string; versions: readonly string[] }) =>
      `Form ${p.form} has no version ${p.version}; versions: ${p.versions.join(', ')}.`,
  }),
  NOT_A_TEMPLATE: spec({
    status: 422,
    description: 'An upload without the template\'s "Mã dòng" column',
    vi: () =>
      'Không tìm thấy cột "Mã dòng" trong tệp: hãy dùng mẫu tải từ hệ thống (template.xlsx).',
    en: () => 'No row-code column in the workbook: use the template downloaded from the service.',
  }),
  TEMPLATE_MISMATCH: spec({
    status: 422,
    description: "The uploaded template is another form's or another unit's",
    vi: (p: { form?: string; unit?: string; expectedForm: string; expectedUnit: string }) =>
      `Tệp là mẫu ${p.form ?? ''}${p.unit ? ` của đơn vị ${p.unit}` : ''}, không khớp với báo cáo ${p.expectedForm} của ${p.expectedUnit}.`,
    en: (p: { form?: string; unit?: string; expectedForm: string; expectedUnit: string }) =>
      `The workbook is form ${p.form ?? '?'}${p.unit ? ` of unit ${p.unit}` : ''}, not ${p.expectedForm} of ${p.expectedUnit}.`,
  }),
  COMMENT_REQUIRED: spec({
    status: 422,
    description: 'A return without a comment',
    vi: () => 'Khi trả lại báo cáo, hãy ghi rõ lý do để đơn vị sửa.',
    en: () => 'Say why when returning a report, so the unit knows what to fix.',
  }),
  INVALID_PERIOD: spec({
    status: 422,
    description: 'Dates that do not fit the period',
    vi: () => 'Ngày chốt số liệu hoặc hạn nộp không hợp lệ.',
    en: () => 'The cut-off date or the deadline is not valid.',
    details: bilingualProblems,
  }),
  FORM_INVALID: spec({
    status: 422,
    description: 'A form definition with problems; nothing loaded',
    vi: (p: { count: number }) => `Biểu mẫu có ${p.count} lỗi; chưa nạp gì.`,
    en: (p: { count: number }) =>
      `The form definition has ${p.count} problems; nothing was loaded.`,
    details: bilingualProblems,
  }),
  UNITS_INVALID: spec({
    status: 422,
    description: 'A units file with bad lines; nothing imported',
    vi: (p: { count: number }) => `Danh sách đơn vị có ${p.count} dòng lỗi; chưa nạp đơn vị nào.`,
    en: (p: { count: number }) => `${p.count} bad lines; nothing was imported.`,
    details: z.array(lineProblemSchema),
  }),
  TARGETS_INVALID: spec({
    status: 422,
    description: 'Targets that cannot be stored; nothing stored; every problem in details',
    vi: (p: { count: number }) => `Có ${p.count} chỉ tiêu không hợp lệ; chưa lưu chỉ tiêu nào.`,
    en: (p: { count: number }) => `${p.count} targets are not valid; none was stored.`,
    details: z.array(targetProblemSchema),
  }),
  TOO_MANY_ATTEMPTS: spec({
    status: 429,
    description: 'Too many failed sign-ins from this address; see Retry-After',
    vi: (p: { seconds: number }) =>
      `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${p.seconds < 60 ? `${p.seconds} giây` : `${Math.ceil(p.seconds / 60)} phút`}.`,
    en: (p: { seconds: number }) =>
      `Too many failed sign-ins. Try again in ${p.seconds < 60 ? `${p.seconds} seconds` : `${Math.ceil(p.seconds / 60)} minutes`}.`,
    retryAfter: (p: { seconds: number }) => p.seconds,
  }),
  STORE_UNAVAILABLE: spec({
    status: 503,
    description:
      'The worker cannot reach its database just now; nothing of the request was stored. Try again after Retry-After',
    vi: () =>
      'Máy chủ tạm thời không kết nối được cơ sở dữ liệu; yêu cầu chưa được lưu. Vui lòng thử lại sau ít giây.',
    en: () =>
      'The server cannot reach its database just now; nothing was stored. Try again in a few seconds.',
    retryAfter: () => 5,
  }),
  SERVER_BUSY: spec({
    status: 503,
    description:
      'The worker is at its limit of heavy work (exports) or of request bodies in flight; see Retry-After',
    vi: (p: { seconds: number }) =>
      `Máy chủ đang bận xử lý nhiều yêu cầu; vui lòng thử lại sau ${p.seconds} giây.`,
    en: (p: { seconds: number }) => `The server is busy; try again in ${p.seconds} seconds.`,
    retryAfter: (p: { seconds: number }) => p.seconds,
  }),
  STORAGE_FULL: spec({
    status: 507,
    description: 'The disk of the store is full; nothing was written; retry once space is freed',
    vi: () =>
      'Ổ đĩa của máy chủ đã đầy nên chưa lưu được; không có gì bị mất. Hãy báo quản trị viên giải phóng dung lượng rồi gửi lại.',
    en: () =>
      'The server’s disk is full, so nothing was saved and nothing was lost. Ask the administrator to free space, then send again.',
  }),
  STORE_DAMAGED: spec({
    status: 503,
    description:
      'The store failed its integrity check at start: writes are refused until it is repaired',
    vi: () =>
      'Kho dữ liệu của máy chủ bị hỏng nên tạm không nhận thay đổi (vẫn xem được). Hãy báo quản trị viên.',
    en: () =>
      'The server’s data store is damaged, so changes are refused for now (reading still works). Tell the administrator.',
  }),
  INTERNAL_ERROR: spec({
    status: 500,
    description: 'A fault of the worker, logged',
    vi: () => 'Lỗi máy chủ. Vui lòng thử lại sau; nếu vẫn lỗi, báo cho quản trị.',
    en: () => 'Server error. Try again later; if it persists, tell the administrator.',
  }),
}

export type ErrorCode = keyof typeof API_ERRORS

/** Every error code, closed: a misspelt code fails the type check and this schema. */
export const errorCodeSchema = z.enum(Object.keys(API_ERRORS) as [ErrorCode, ...ErrorCode[]])

type SpecOf<C extends ErrorCode> = (typeof API_ERRORS)[C]

/** The parameters a code's texts are made from (`void` when none). */
export type ErrorParams<C extends ErrorCode> =
  SpecOf<C> extends ErrorSpec<infer P, infer _D> ? P : never

/** The shape of a code's `details` (`never` when it has none). */
export type ErrorDetails<C extends ErrorCode> =
  SpecOf<C> extends ErrorSpec<infer _P, infer D> ? D : never

/** The HTTP status of a code. */
export function errorStatus(code: ErrorCode): ErrorStatus {
  return API_ERRORS[code].status
}

/** The codes answered with a status, for the contract's descriptions. */
export function codesWithStatus(status: ErrorStatus): ErrorCode[] {
  return (Object.keys(API_ERRORS) as ErrorCode[]).filter((code) => errorStatus(code) === status)
}

/**
 * The text of an error in Vietnamese or English.
 *
 * @example
 * errorMessage('PERIOD_CLOSED', { period: '2025-Y' }, 'vi') // 'Kỳ báo cáo 2025-Y đã khóa, không nhận thay đổi.'
 */
export function errorMessage<C extends ErrorCode>(
  code: C,
  params: ErrorParams<C>,
  locale: 'vi' | 'en',
): string {
  const entry = API_ERRORS[code] as ErrorSpec<ErrorParams<C>, unknown>
  return entry[locale](params)
}

/** The headers an error sets, from its parameters. */
export function errorHeaders<C extends ErrorCode>(
  code: C,
  params: ErrorParams<C>,
): Record<string, string> {
  const entry = API_ERRORS[code] as ErrorSpec<ErrorParams<C>, unknown>
  return entry.retryAfter ? { 'Retry-After': String(entry.retryAfter(params)) } : {}
}

/** Whether a code's answers carry Retry-After. */
export function setsRetryAfter(code: ErrorCode): boolean {
  return API_ERRORS[code].retryAfter !== undefined
}

/** The `error` member of an error body, for one code: its details typed when it has any. */
export type ApiErrorOf<C extends ErrorCode> = {
  code: C
  message: string
  messageEn: string
} & ([ErrorDetails<C>] extends [never] ? { details?: undefined } : { details: ErrorDetails<C> })

/** The `error` member of any error body: a union discriminated by `code`. */
export type ApiErrorBody = { [C in ErrorCode]: ApiErrorOf<C> }[ErrorCode]

function pascal(code: string): string {
  return code
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase())
}

const codes = Object.keys(API_ERRORS) as ErrorCode[]
const withDetails = codes.filter((code) => API_ERRORS[code].details !== undefined)
const plainCodes = codes.filter((code) => API_ERRORS[code].details === undefined)
const texts = {
  message: z.string().meta({ description: 'Tiếng Việt, for the clerk' }),
  messageEn: z.string().meta({ description: 'English' }),
}

const errorVariants = [
  z
    .object({
      code: z.enum(plainCodes as [ErrorCode, ...ErrorCode[]]),
      ...texts,
    })
    .meta({ id: 'PlainError', description: 'An error without details' }),
  ...withDetails.map((code) =>
    z
      .object({
        code: z.literal(code),
        ...texts,
        details: API_ERRORS[code].details as z.ZodType,
      })
      .meta({ id: `${pascal(code)}Error`, description: API_ERRORS[code].description }),
  ),
]

/**
 * Every error body: `{ error: { code, message, messageEn, details? } }`, `details` declared per
 * code (a union discriminated by `code`).
 */
export const errorBodySchema = z
  .object({
    error: z.discriminatedUnion(
      'code',
      errorVariants as unknown as [(typeof errorVariants)[number]],
    ),
  })
  .meta({ id: 'Error' }) as unknown as z.ZodType<{ error: ApiErrorBody }>
