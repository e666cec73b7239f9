/**
 * @module The catalog of validation messages (thông báo kiểm tra) in Vietnamese and English,
 * resolved from a finding's code and typed parameters, and from the form version it was checked
 * against (row numbers and labels, rule descriptions), where the finding is shown: a text can be
 * improved here without touching a rule or a stored revision.
 */
import type { Finding, FindingCode, FindingOf, FindingParams } from './finding.ts'
import type { CrossRowRule, FormDefinition, FormRow } from './form-definition.ts'
import { formatEnglishNumber, formatVietnameseNumber } from './numbers.ts'

export type Locale = 'vi' | 'en'

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

/** What a message needs of the form: the rows (tt, labels) and the cross-row rules. */
export type MessageForm = Pick<FormDefinition, 'rows' | 'rules'>

interface FormIndex {
  rows: Map<string, FormRow>
  rules: Map<string, CrossRowRule>
}

const indexes = new WeakMap<MessageForm, FormIndex>()

function indexOf(form: MessageForm): FormIndex {
  let index = indexes.get(form)
  if (index === undefined) {
    index = {
      rows: new Map(form.rows.map((row) => [row.code, row])),
      rules: new Map(form.rules.map((rule) => [`rule:${rule.id}`, rule])),
    }
    indexes.set(form, index)
  }
  return index
}

/**
 * Reads a finding for its message: numbers formatted for the locale, rows named from the form
 * (by code alone when the form lacks the row).
 */
class Reader<C extends FindingCode> {
  readonly params: FindingParams<C>

  constructor(
    readonly finding: FindingOf<C>,
    readonly index: FormIndex,
    readonly locale: Locale,
  ) {
    this.params = finding.params as FindingParams<C>
  }

  number(value: number | string | undefined): string {
    if (typeof value !== 'number') {
      return value ?? ''
    }
    return this.locale === 'vi' ? formatVietnameseNumber(value) : formatEnglishNumber(value)
  }

  /** A row by its code, as a message names it. */
  name(code: string | undefined): string {
    const row = code === undefined ? undefined : this.index.rows.get(code)
    if (row === undefined) {
      return this.locale === 'vi' ? `dòng "${code ?? ''}"` : `row "${code ?? ''}"`
    }
    return rowName(row, this.locale)
  }

  /** The finding's own row, capitalised to open the sentence. */
  row(): string {
    return capitalise(this.name(this.finding.row))
  }

  /** The first related row: the parent, the weight. */
  relatedRow(): string {
    return this.name(this.finding.related[0])
  }

  /** A row by its TT alone ("dòng 3"), for naming it a second time; by label without TT. */
  rowTt(code: string | undefined): string {
    const row = code === undefined ? undefined : this.index.rows.get(code)
    if (row === undefined || row.tt === '') {
      return this.name(code)
    }
    return this.locale === 'vi' ? `dòng ${row.tt}` : `row ${row.tt}`
  }

  tt(code: string): string {
    return this.index.rows.get(code)?.tt ?? code
  }

  /** A number written the Vietnamese way whatever the locale: what the clerk has to type. */
  typed(value: number): string {
    return formatVietnameseNumber(value)
  }

  rule(): CrossRowRule | undefined {
    return this.index.rules.get(this.finding.rule)
  }

  /** One side of a cross-row rule: a row by its name, several as the sum of their TTs. */
  side(codes: readonly string[]): string {
    const [only] = codes
    if (codes.length === 1 && only !== undefined) {
      return this.name(only)
    }
    const tts = codes
      .map((code) => {
        const row = this.index.rows.get(code)
        return row === undefined ? `"${code}"` : row.tt || `"${row.label}"`
      })
      .join(' + ')
    return this.locale === 'vi' ? `tổng các dòng ${tts}` : `the sum of rows ${tts}`
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}

const SEPARATOR_HINT: Record<Locale, string> = {
  vi: ' Dấu chấm ngăn cách hàng nghìn, dấu phẩy đứng trước phần thập phân, ví dụ 1.234,5.',
  en: ' Write "." between thousands and "," before decimals, e.g. 1.234,5.',
}

/**
 * When a cell was typed with English thousands groups (`intended` holds what that would mean):
 * the number the clerk probably meant, written as they must type it, with its size in words.
 */
function englishGroupingHint(locale: Locale, intended: number | undefined): string {
  if (intended === undefined) {
    return ''
  }
  const typed = formatVietnameseNumber(intended)
  const size = magnitude(intended, locale)
  const meant = size === undefined ? typed : `${typed} (${size})`
  return locale === 'vi'
    ? ` Bạn định nhập ${meant}? Trong tiếng Việt dấu phẩy là dấu thập phân, dấu chấm ngăn cách hàng nghìn.`
    : ` Did you mean ${meant}? In Vietnamese the comma is the decimal separator and the dot groups thousands: type ${typed}.`
}

const SCALES: { size: number; vi: string; en: string }[] = [
  { size: 1e9, vi: 'tỷ', en: 'billion' },
  { size: 1e6, vi: 'triệu', en: 'million' },
  { size: 1e3, vi: 'nghìn', en: 'thousand' },
]

/** A number's size in words, "25 nghìn", "1,23 triệu"; undefined below a thousand. */
function magnitude(value: number, locale: Locale): string | undefined {
  const rounded = (size: number) => Math.round((value / size) * 100) / 100
  // Chosen after rounding, so 999.999 is "1 triệu", not "1.000 nghìn".
  const scale = SCALES.find((s) => Math.abs(rounded(s.size)) >= 1)
  if (scale === undefined) {
    return undefined
  }
  const amount = rounded(scale.size)
  return locale === 'vi'
    ? `${formatVietnameseNumber(amount)} ${scale.vi}`
    : `${formatEnglishNumber(amount)} ${scale.en}`
}

type Templates = { [C in FindingCode]: Record<Locale, (p: Reader<C>) => string> }

const CATALOG: Templates = {
  not_a_number: {
    vi: (p) => `${p.row()}: "${p.params.value}" không phải là số.${separatorHint(p)}`,
    en: (p) => `${p.row()}: "${p.params.value}" is not a number.${separatorHint(p)}`,
  },
  not_whole: {
    vi: (p) =>
      `${p.row()}: ${p.number(p.params.value)} không phải là số nguyên.${englishGroupingHint(p.locale, p.params.intended)}`,
    en: (p) =>
      `${p.row()}: ${p.number(p.params.value)} is not a whole number.${englishGroupingHint(p.locale, p.params.intended)}`,
  },
  negative: {
    vi: (p) =>
      `${p.row()}: ${p.number(p.params.value)} là số âm; số liệu phải từ 0 trở lên.${englishGroupingHint(p.locale, p.params.intended)}`,
    en: (p) =>
      `${p.row()}: ${p.number(p.params.value)} is negative; the value must be 0 or more.${englishGroupingHint(p.locale, p.params.intended)}`,
  },
  too_large: {
    vi: (p) => {
      const { value, limit, limitKind } = p.params
      if (limitKind === 'exact') {
        return `${p.row()}: ${p.number(value)} quá lớn, vượt quá giới hạn ${p.number(limit)} mà số liệu còn được lưu chính xác. Hãy kiểm tra lại số chữ số.`
      }
      const unit = p.index.rows.get(p.finding.row)?.unit ?? ''
      return `${p.row()}: ${p.number(value)} quá lớn, vượt quá giới hạn ${p.number(limit)}${unit ? ` ${unit}` : ''} của một đơn vị. Hãy kiểm tra lại số chữ số.`
    },
    en: (p) =>
      p.params.limitKind === 'exact'
        ? `${p.row()}: ${p.number(p.params.value)} is too large, beyond ${p.number(p.params.limit)}, past which numbers are not stored exactly. Check the number of digits.`
        : `${p.row()}: ${p.number(p.params.value)} is too large, beyond the limit of ${p.number(p.params.limit)} for one unit. Check the number of digits.`,
  },
  missing_weight: {
    vi: (p) =>
      `${p.row()}: đã nhập ${p.number(p.params.value)} nhưng ${p.relatedRow()} ${p.params.weightValue === 0 ? 'bằng 0' : 'để trống'}. Hãy nhập ${p.rowTt(p.finding.related[0])}: thiếu nó, số bình quân này không được tính khi tổng hợp.`,
    en: (p) =>
      `${p.row()}: ${p.number(p.params.value)} was entered but ${p.relatedRow()} ${p.params.weightValue === 0 ? 'is 0' : 'is empty'}. Fill in ${p.rowTt(p.finding.related[0])}: without it this average cannot be counted in the rollup.`,
  },
  ambiguous_separator: {
    vi: (p) =>
      `${p.row()}: "${p.params.value}" được hiểu là ${p.number(p.params.parsed)}.${englishGroupingHint(p.locale, p.params.intended)} Nếu đúng là ${p.typed(p.params.intended)}, hãy sửa lại ô này.`,
    en: (p) =>
      `${p.row()}: "${p.params.value}" was read as ${p.number(p.params.parsed)}.${englishGroupingHint(p.locale, p.params.intended)}`,
  },
  out_of_range: {
    vi: (p) =>
      `${p.row()}: ${p.number(p.params.value)} nằm ngoài khoảng ${p.number(p.params.min)}-${p.number(p.params.max)}%.`,
    en: (p) =>
      `${p.row()}: ${p.number(p.params.value)} is outside ${p.number(p.params.min)}-${p.number(p.params.max)}%.`,
  },
  too_long: {
    vi: (p) =>
      `${p.row()}: nội dung dài ${p.number(p.params.length)} ký tự, tối đa ${p.number(p.params.maxLength)} ký tự.`,
    en: (p) =>
      `${p.row()}: the text is ${p.number(p.params.length)} characters long, at most ${p.number(p.params.maxLength)} are allowed.`,
  },
  exceeds_parent: {
    vi: (p) =>
      `${p.row()}: ${p.number(p.params.value)} lớn hơn ${p.relatedRow()} (${p.number(p.params.parentValue)}).`,
    en: (p) =>
      `${p.row()}: ${p.number(p.params.value)} is greater than ${p.relatedRow()} (${p.number(p.params.parentValue)}).`,
  },
  cross_row: {
    vi: (p) => crossRow(p, p.rule()),
    en: (p) => crossRow(p, p.rule()),
  },
  required: {
    vi: (p) => `${p.row()}: chưa có số liệu; dòng này bắt buộc phải nhập.`,
    en: (p) => `${p.row()}: no value; this row is required.`,
  },
  period_change: {
    vi: (p) =>
      `${p.row()}: ${p.number(p.params.value)} so với kỳ trước ${p.number(p.params.previous)} (${direction(p)}), vượt ngưỡng ${p.number(p.params.threshold)}%. Hãy kiểm tra lại; nếu đúng, xác nhận khi gửi báo cáo.`,
    en: (p) =>
      `${p.row()}: ${p.number(p.params.value)} against ${p.number(p.params.previous)} in the previous period (${direction(p)}), beyond the ${p.number(p.params.threshold)}% threshold. Check it; if it is right, confirm it when submitting.`,
  },
  unknown_row: {
    vi: (p) =>
      `Mã dòng "${p.finding.row}" không có trong biểu mẫu ${p.params.form} (phiên bản ${p.params.version}).`,
    en: (p) =>
      `Row code "${p.finding.row}" is not in form ${p.params.form} (version ${p.params.version}).`,
  },
  derived_row_typed: {
    vi: (p) => {
      const [numerator, denominator] = ratioRows(p)
      return `${p.row()} được tính tự động từ dòng ${numerator} và dòng ${denominator}; giá trị đã nhập "${p.params.value}" bị bỏ qua.`
    },
    en: (p) => {
      const [numerator, denominator] = ratioRows(p)
      return `${p.row()} is computed from rows ${numerator} and ${denominator}; the value typed, "${p.params.value}", was ignored.`
    },
  },
  heading_typed: {
    vi: (p) =>
      `${p.row()} là dòng tiêu đề, không nhập số liệu; giá trị đã nhập "${p.params.value}" bị bỏ qua.`,
    en: (p) =>
      `${p.row()} is a heading and holds no value; the value typed, "${p.params.value}", was ignored.`,
  },
}

/** The specific English-grouping hint when there is one, else the general rule when it may help. */
function separatorHint(p: Reader<'not_a_number'>): string {
  if (p.params.intended !== undefined) {
    return englishGroupingHint(p.locale, p.params.intended)
  }
  return p.params.hint === undefined ? '' : SEPARATOR_HINT[p.locale]
}

/** How a cross-row rule reads when it fails: the negation of its operator. */
const VIOLATION: Record<CrossRowRule['operator'], Record<Locale, string>> = {
  '<=': { vi: 'lớn hơn', en: 'is greater than' },
  '<': { vi: 'không nhỏ hơn', en: 'is not less than' },
  '>=': { vi: 'nhỏ hơn', en: 'is less than' },
  '>': { vi: 'không lớn hơn', en: 'is not greater than' },
  '==': { vi: 'khác', en: 'differs from' },
  '!=': { vi: 'bằng', en: 'equals' },
}

function crossRow(p: Reader<'cross_row'>, rule: CrossRowRule | undefined): string {
  const { leftValue, rightValue } = p.params
  if (rule === undefined) {
    return p.locale === 'vi'
      ? `${p.row()}: quy tắc ${p.finding.rule} không thỏa (${p.number(leftValue)}, ${p.number(rightValue)}).`
      : `${p.row()}: rule ${p.finding.rule} does not hold (${p.number(leftValue)}, ${p.number(rightValue)}).`
  }
  const violation = VIOLATION[rule.operator][p.locale]
  const left = capitalise(p.side(rule.left))
  const right = p.side(rule.right)
  const description = sentence(p.locale === 'vi' ? rule.description : rule.descriptionEn)
  return p.locale === 'vi'
    ? `${left}: ${p.number(leftValue)} ${violation} ${right} (${p.number(rightValue)}). Quy tắc: ${description}`
    : `${left}: ${p.number(leftValue)} ${violation} ${right} (${p.number(rightValue)}). Rule: ${description}`
}

/** The TTs of a ratio row's numerator and denominator, from the form. */
function ratioRows(p: Reader<'derived_row_typed'>): [string, string] {
  const aggregate = p.index.rows.get(p.finding.row)?.aggregate
  if (aggregate?.type !== 'ratio') {
    return ['?', '?']
  }
  return [p.tt(aggregate.numerator), p.tt(aggregate.denominator)]
}

/** "giảm 50%", "tăng 120%", or from 0 "tăng từ 0" (no percentage of nothing). */
function direction(p: Reader<'period_change'>): string {
  const up = p.params.direction === 'up'
  if (p.params.changePercent === undefined) {
    return p.locale === 'vi' ? 'tăng từ 0' : 'up from 0'
  }
  const change = `${p.number(p.params.changePercent)}%`
  if (p.locale === 'vi') {
    return `${up ? 'tăng' : 'giảm'} ${change}`
  }
  return `${up ? 'up' : 'down'} ${change}`
}

/**
 * The message for a finding, in Vietnamese or English, naming its rows from the form version the
 * values were checked against; numbers are written the locale's way ("21.021" / "21,021").
 *
 * @example
 * findingMessage({ code: 'exceeds_parent', rule: 'parent:members.women', row: 'members.women',
 *   related: ['members.total'], severity: 'error', params: { value: 120, parentValue: 100 } },
 *   b01, 'vi')
 * // 'Dòng 2.1 "Trong đó nữ": 120 lớn hơn dòng 2 "Tổng số đoàn viên" (100).'
 */
export function findingMessage(finding: Finding, form: MessageForm, locale: Locale): string {
  return render(finding, new Reader(finding, indexOf(form), locale))
}

function render<C extends FindingCode>(finding: FindingOf<C>, reader: Reader<C>): string {
  const templates = CATALOG[finding.code] as Record<Locale, (p: Reader<C>) => string>
  return templates[reader.locale](reader)
}

/** A finding with its texts in both languages, as a refused submission's details carry it. */
export type FindingWithTexts = Finding & { message: string; messageEn: string }

/** The findings with their texts in both languages, for an error body read by people and tools. */
export function findingsWithTexts(
  findings: readonly Finding[],
  form: MessageForm,
): FindingWithTexts[] {
  return findings.map((finding) => ({
    ...finding,
    message: findingMessage(finding, form, 'vi'),
    messageEn: findingMessage(finding, form, 'en'),
  }))
}
