/**
 * @module The catalog of validation messages (thông báo kiểm tra) in Vietnamese and English, resolved
 * from a finding's code and parameters: a text can be improved here without touching a rule.
 */
import type { FindingCode } from './finding.ts'
import { formatEnglishNumber, formatVietnameseNumber } from './numbers.ts'

export type Locale = 'vi' | 'en'

export type MessageParams = Record<string, string | number>

/** What names a row in a message: its TT and its label. */
export interface RowName {
  tt: string
  label: string
  labelEn?: string | undefined
}

/** A row as a message names it, in lower case: `dòng 2.1 "Trong đó nữ"`, `row 2.1 "Of which women"`. */
export function rowName(row: RowName, locale: Locale): string {
  const label = locale === 'vi' ? row.label : (row.labelEn ?? row.label)
  const word = locale === 'vi' ? 'dòng' : 'row'
  return row.tt === '' ? `${word} "${label}"` : `${word} ${row.tt} "${label}"`
}

/** One side of a cross-row rule: a row by its name, several as the sum of their TTs. */
export function sideName(rows: readonly RowName[], locale: Locale): string {
  const [only] = rows
  if (rows.length === 1 && only !== undefined) {
    return rowName(only, locale)
  }
  const tts = rows.map((row) => row.tt || `"${row.label}"`).join(' + ')
  return locale === 'vi' ? `tổng các dòng ${tts}` : `the sum of rows ${tts}`
}

type Template = (p: Reader) => string

/** Reads parameters for a template: numbers formatted for the locale, text as given. */
class Reader {
  constructor(
    readonly params: MessageParams,
    readonly locale: Locale,
  ) {}

  has(key: string): boolean {
    return this.params[key] !== undefined
  }

  text(key: string): string {
    return this.optionalText(key) ?? ''
  }

  optionalText(key: string): string | undefined {
    const value = this.params[key]
    return value === undefined ? undefined : String(value)
  }

  number(key: string): string {
    const value = this.params[key]
    if (typeof value !== 'number') {
      return value ?? ''
    }
    return this.locale === 'vi' ? formatVietnameseNumber(value) : formatEnglishNumber(value)
  }

  /** The finding's own row, capitalised to open the sentence. */
  row(): string {
    const name = rowName(
      { tt: this.text('tt'), label: this.text('label'), labelEn: this.optionalText('labelEn') },
      this.locale,
    )
    return capitalise(name)
  }

  parentRow(): string {
    return this.otherRow('parent')
  }

  /** Another row named by parameters `<prefix>Tt`, `<prefix>Label` and `<prefix>LabelEn`. */
  otherRow(prefix: string): string {
    return rowName(
      {
        tt: this.text(`${prefix}Tt`),
        label: this.text(`${prefix}Label`),
        labelEn: this.optionalText(`${prefix}LabelEn`),
      },
      this.locale,
    )
  }

  /** Another row by its TT alone ("dòng 3"), for naming it a second time; by label without TT. */
  otherRowTt(prefix: string): string {
    const tt = this.text(`${prefix}Tt`)
    if (tt === '') {
      return this.otherRow(prefix)
    }
    return this.locale === 'vi' ? `dòng ${tt}` : `row ${tt}`
  }

  /** A number written the Vietnamese way whatever the locale: what the clerk has to type. */
  typed(key: string): string {
    const value = this.params[key]
    return typeof value === 'number' ? formatVietnameseNumber(value) : (value ?? '')
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}

/** How a cross-row rule reads when it fails: the negation of its operator. */
const VIOLATION: Record<string, Record<Locale, string>> = {
  '<=': { vi: 'lớn hơn', en: 'is greater than' },
  '<': { vi: 'không nhỏ hơn', en: 'is not less than' },
  '>=': { vi: 'nhỏ hơn', en: 'is less than' },
  '>': { vi: 'không lớn hơn', en: 'is not greater than' },
  '==': { vi: 'khác', en: 'differs from' },
  '!=': { vi: 'bằng', en: 'equals' },
}

const SEPARATOR_HINT: Record<Locale, string> = {
  vi: ' Dấu chấm ngăn cách hàng nghìn, dấu phẩy đứng trước phần thập phân, ví dụ 1.234,5.',
  en: ' Write "." between thousands and "," before decimals, e.g. 1.234,5.',
}

/**
 * When a cell was typed with English thousands groups (`intended` holds what that would mean):
 * the number the clerk probably meant, written as they must type it, with its size in words.
 */
function englishGroupingHint(p: Reader): string {
  if (!p.has('intended')) {
    return ''
  }
  const intended = p.typed('intended')
  const size = magnitude(p, 'intended')
  const meant = size === undefined ? intended : `${intended} (${size})`
  return p.locale === 'vi'
    ? ` Bạn định nhập ${meant}? Trong tiếng Việt dấu phẩy là dấu thập phân, dấu chấm ngăn cách hàng nghìn.`
    : ` Did you mean ${meant}? In Vietnamese the comma is the decimal separator and the dot groups thousands: type ${intended}.`
}

const SCALES: { size: number; vi: string; en: string }[] = [
  { size: 1e9, vi: 'tỷ', en: 'billion' },
  { size: 1e6, vi: 'triệu', en: 'million' },
  { size: 1e3, vi: 'nghìn', en: 'thousand' },
]

/** A number's size in words, "25 nghìn", "1,23 triệu"; undefined below a thousand. */
function magnitude(p: Reader, key: string): string | undefined {
  const value = p.params[key]
  if (typeof value !== 'number') {
    return undefined
  }
  const rounded = (size: number) => Math.round((value / size) * 100) / 100
  // Chosen after rounding, so 999.999 is "1 triệu", not "1.000 nghìn".
  const scale = SCALES.find((s) => Math.abs(rounded(s.size)) >= 1)
  if (scale === undefined) {
    return undefined
  }
  const amount = rounded(scale.size)
  return p.locale === 'vi'
    ? `${formatVietnameseNumber(amount)} ${scale.vi}`
    : `${formatEnglishNumber(amount)} ${scale.en}`
}

const CATALOG: Record<FindingCode, Record<Locale, Template>> = {
  not_a_number: {
    vi: (p) => `${p.row()}: "${p.text('value')}" không phải là số.${separatorHint(p)}`,
    en: (p) => `${p.row()}: "${p.text('value')}" is not a number.${separatorHint(p)}`,
  },
  not_whole: {
    vi: (p) => `${p.row()}: ${p.number('value')} không phải là số nguyên.${englishGroupingHint(p)}`,
    en: (p) => `${p.row()}: ${p.number('value')} is not a whole number.${englishGroupingHint(p)}`,
  },
  negative: {
    vi: (p) =>
      `${p.row()}: ${p.number('value')} là số âm; số liệu phải từ 0 trở lên.${englishGroupingHint(p)}`,
    en: (p) =>
      `${p.row()}: ${p.number('value')} is negative; the value must be 0 or more.${englishGroupingHint(p)}`,
  },
  too_large: {
    vi: (p) =>
      p.text('limitKind') === 'exact'
        ? `${p.row()}: ${p.number('value')} quá lớn, vượt quá giới hạn ${p.number('limit')} mà số liệu còn được lưu chính xác. Hãy kiểm tra lại số chữ số.`
        : `${p.row()}: ${p.number('value')} quá lớn, vượt quá giới hạn ${p.number('limit')}${p.text('unit') ? ` ${p.text('unit')}` : ''} của một đơn vị. Hãy kiểm tra lại số chữ số.`,
    en: (p) =>
      p.text('limitKind') === 'exact'
        ? `${p.row()}: ${p.number('value')} is too large, beyond ${p.number('limit')}, past which numbers are not stored exactly. Check the number of digits.`
        : `${p.row()}: ${p.number('value')} is too large, beyond the limit of ${p.number('limit')} for one unit. Check the number of digits.`,
  },
  missing_weight: {
    vi: (p) =>
      `${p.row()}: đã nhập ${p.number('value')} nhưng ${p.otherRow('weight')} ${p.has('weightValue') ? 'bằng 0' : 'để trống'}. Hãy nhập ${p.otherRowTt('weight')}: thiếu nó, số bình quân này không được tính khi tổng hợp.`,
    en: (p) =>
      `${p.row()}: ${p.number('value')} was entered but ${p.otherRow('weight')} ${p.has('weightValue') ? 'is 0' : 'is empty'}. Fill in ${p.otherRowTt('weight')}: without it this average cannot be counted in the rollup.`,
  },
  ambiguous_separator: {
    vi: (p) =>
      `${p.row()}: "${p.text('value')}" được hiểu là ${p.number('parsed')}.${englishGroupingHint(p)} Nếu đúng là ${p.typed('intended')}, hãy sửa lại ô này.`,
    en: (p) =>
      `${p.row()}: "${p.text('value')}" was read as ${p.number('parsed')}.${englishGroupingHint(p)}`,
  },
  out_of_range: {
    vi: (p) =>
      `${p.row()}: ${p.number('value')} nằm ngoài khoảng ${p.number('min')}-${p.number('max')}%.`,
    en: (p) =>
      `${p.row()}: ${p.number('value')} is outside ${p.number('min')}-${p.number('max')}%.`,
  },
  too_long: {
    vi: (p) =>
      `${p.row()}: nội dung dài ${p.number('length')} ký tự, tối đa ${p.number('maxLength')} ký tự.`,
    en: (p) =>
      `${p.row()}: the text is ${p.number('length')} characters long, at most ${p.number('maxLength')} are allowed.`,
  },
  exceeds_parent: {
    vi: (p) =>
      `${p.row()}: ${p.number('value')} lớn hơn ${p.parentRow()} (${p.number('parentValue')}).`,
    en: (p) =>
      `${p.row()}: ${p.number('value')} is greater than ${p.parentRow()} (${p.number('parentValue')}).`,
  },
  cross_row: {
    vi: (p) =>
      `${capitalise(p.text('left'))}: ${p.number('leftValue')} ${VIOLATION[p.text('operator')]?.vi ?? p.text('operator')} ${p.text('right')} (${p.number('rightValue')}). Quy tắc: ${sentence(p.text('description'))}`,
    en: (p) =>
      `${capitalise(p.text('leftEn'))}: ${p.number('leftValue')} ${VIOLATION[p.text('operator')]?.en ?? p.text('operator')} ${p.text('rightEn')} (${p.number('rightValue')}). Rule: ${sentence(p.text('descriptionEn'))}`,
  },
  required: {
    vi: (p) => `${p.row()}: chưa có số liệu; dòng này bắt buộc phải nhập.`,
    en: (p) => `${p.row()}: no value; this row is required.`,
  },
  period_change: {
    vi: (p) =>
      `${p.row()}: ${p.number('value')} so với kỳ trước ${p.number('previous')} (${direction(p)}), vượt ngưỡng ${p.number('threshold')}%. Hãy kiểm tra lại; nếu đúng, xác nhận khi gửi báo cáo.`,
    en: (p) =>
      `${p.row()}: ${p.number('value')} against ${p.number('previous')} in the previous period (${direction(p)}), beyond the ${p.number('threshold')}% threshold. Check it; if it is right, confirm it when submitting.`,
  },
  unknown_row: {
    vi: (p) =>
      `Mã dòng "${p.text('code')}" không có trong biểu mẫu ${p.text('form')} (phiên bản ${p.text('version')}).`,
    en: (p) =>
      `Row code "${p.text('code')}" is not in form ${p.text('form')} (version ${p.text('version')}).`,
  },
  derived_row_typed: {
    vi: (p) =>
      `${p.row()} được tính tự động từ dòng ${p.text('numeratorTt')} và dòng ${p.text('denominatorTt')}; giá trị đã nhập "${p.text('value')}" bị bỏ qua.`,
    en: (p) =>
      `${p.row()} is computed from rows ${p.text('numeratorTt')} and ${p.text('denominatorTt')}; the value typed, "${p.text('value')}", was ignored.`,
  },
  heading_typed: {
    vi: (p) =>
      `${p.row()} là dòng tiêu đề, không nhập số liệu; giá trị đã nhập "${p.text('value')}" bị bỏ qua.`,
    en: (p) =>
      `${p.row()} is a heading and holds no value; the value typed, "${p.text('value')}", was ignored.`,
  },
}

/** The specific English-grouping hint when there is one, else the general rule when it may help. */
function separatorHint(p: Reader): string {
  if (p.has('intended')) {
    return englishGroupingHint(p)
  }
  return p.has('hint') ? SEPARATOR_HINT[p.locale] : ''
}

/** "giảm 50%", "tăng 120%", or from 0 "tăng từ 0" (no percentage of nothing). */
function direction(p: Reader): string {
  const up = p.text('direction') === 'up'
  if (!p.has('changePercent')) {
    return p.locale === 'vi' ? 'tăng từ 0' : 'up from 0'
  }
  const change = `${p.number('changePercent')}%`
  if (p.locale === 'vi') {
    return `${up ? 'tăng' : 'giảm'} ${change}`
  }
  return `${up ? 'up' : 'down'} ${change}`
}

/**
 * The message for a finding's code and parameters, in Vietnamese or English; numbers are written
 * the locale's way ("21.021" / "21,021").
 *
 * @example
 * messageFor('exceeds_parent', { tt: '2.1', label: 'Trong đó nữ', value: 120, parentTt: '2',
 *   parentLabel: 'Tổng số đoàn viên', parentValue: 100 }, 'vi')
 * // 'Dòng 2.1 "Trong đó nữ": 120 lớn hơn dòng 2 "Tổng số đoàn viên" (100).'
 */
export function messageFor(code: FindingCode, params: MessageParams, locale: Locale): string {
  return CATALOG[code][locale](new Reader(params, locale))
}
