/**
 * @module Vietnamese texts for the schema problems of a request: each zod issue becomes a detail
 * `{ in, path, message, messageEn }` whose message a clerk can read, derived from the issue's code
 * and path, with zod's English text beside it.
 */
import type { z } from '@hono/zod-openapi'
import type { RequestPart } from '../shared/api-errors.ts'

type Issue = z.core.$ZodIssue

const TYPE_NAMES: Record<string, string> = {
  string: 'chuỗi',
  number: 'số',
  int: 'số nguyên',
  bigint: 'số nguyên',
  boolean: 'true hoặc false',
  object: 'đối tượng JSON',
  array: 'danh sách',
  null: 'null (để trống)',
  date: 'ngày',
}

const PLACES: Record<RequestPart, string> = {
  json: 'Nội dung yêu cầu',
  query: 'Tham số truy vấn',
  param: 'Địa chỉ',
  header: 'Tiêu đề HTTP',
  form: 'Biểu mẫu gửi lên',
  cookie: 'Cookie',
}

/** "a, b hoặc c" */
function either(words: string[]): string {
  const unique = [...new Set(words)]
  return unique.length <= 1
    ? (unique[0] ?? '')
    : `${unique.slice(0, -1).join(', ')} hoặc ${unique.at(-1)}`
}

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type
}

function sizeRule(issue: Issue & { code: 'too_small' | 'too_big' }): string {
  const small = issue.code === 'too_small'
  const bound = String(small ? issue.minimum : issue.maximum)
  switch (issue.origin) {
    case 'string':
      return small ? `phải dài ít nhất ${bound} ký tự` : `dài quá ${bound} ký tự`
    case 'array':
    case 'set':
      return small ? `phải có ít nhất ${bound} phần tử` : `có quá ${bound} phần tử`
    default: {
      const inclusive = issue.inclusive !== false
      return small
        ? `phải ${inclusive ? 'từ' : 'lớn hơn'} ${bound}${inclusive ? ' trở lên' : ''}`
        : `phải ${inclusive ? 'không quá' : 'nhỏ hơn'} ${bound}`
    }
  }
}

/** What is wrong with the value, in Vietnamese, without naming the field. */
function problem(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message)
        ? `thiếu (phải là ${typeName(issue.expected)})`
        : `phải là ${typeName(issue.expected)}`
    case 'invalid_union': {
      const expected = issue.errors.flatMap((branch) =>
        branch.flatMap((inner) =>
          inner.code === 'invalid_type' && inner.path.length === 0 ? [inner.expected] : [],
        ),
      )
      return expected.length > 0 ? `phải là ${either(expected.map(typeName))}` : 'không hợp lệ'
    }
    case 'too_small':
    case 'too_big':
      return sizeRule(issue)
    case 'invalid_format':
      return issue.format === 'regex'
        ? 'không đúng định dạng'
        : `không đúng định dạng ${issue.format}`
    case 'not_multiple_of':
      return `phải là bội số của ${String(issue.divisor)}`
    case 'unrecognized_keys':
      return `có trường không được nhận: ${issue.keys.join(', ')}`
    case 'invalid_value':
      return `phải là một trong: ${issue.values.map((value) => String(value)).join(', ')}`
    case 'invalid_key':
      return 'có tên khóa không hợp lệ'
    case 'invalid_element':
      return 'có phần tử không hợp lệ'
    case 'custom':
      return 'không hợp lệ'
  }
}

/**
 * One schema problem of a request, as an error detail.
 *
 * @example
 * issueDetail(issue, 'json').message // 'Trường "values.workers.total": phải là số, chuỗi hoặc null (để trống)'
 */
export function issueDetail(issue: Issue, target: RequestPart) {
  const path = issue.path.map((part) => String(part)).join('.')
  const where = path === '' ? PLACES[target] : `Trường "${path}"`
  return { in: target, path, message: `${where}: ${problem(issue)}`, messageEn: issue.message }
}
