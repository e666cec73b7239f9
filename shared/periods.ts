/**
 * @module Reporting periods (kỳ báo cáo) and dates in Vietnam: period ids and their cut-offs, which
 * earlier period a report is compared with, and calendar dates as Vietnam and its clerks see them.
 *
 * Decisions every caller relies on:
 * - A period id is `YYYY-` followed by its kind: `H1` (mid-year report, data to 31/5), `Y`
 *   (annual report, data to 30/11), as Quyết định 1454/QĐ-TLĐ sets them; `Q1`-`Q4` and
 *   `M01`-`M12` for the quarterly and monthly figures many provinces also ask for, with data to
 *   the last day of the calendar quarter or month. The annual report closes on 30/11 to leave
 *   time to consolidate before the year ends, so `Y` is not `Q4` (31/12) and `H1` is not `Q2`
 *   (30/06). The same grammar as the API's `periodIdSchema`.
 * - The cut-off `parsePeriodId` gives is the regulation's; a stored period carries its own,
 *   which the administrator may set otherwise, and that stored one is what a rollup uses.
 * - A report is compared (period-over-period warnings) with the latest earlier period of the same
 *   kind: 2026-Y with 2025-Y, 2026-H1 with 2025-H1, 2026-Q1 with 2025-Q1, 2026-M03 with 2025-M03.
 *   Figures counted "in the period" are only comparable over spans of equal length and season.
 *   "Earlier" is by cut-off date. An id that is not a period id has no comparable period.
 * - Vietnam keeps UTC+7 all year (Asia/Ho_Chi_Minh, no daylight saving): the Vietnamese date of
 *   an instant is its UTC+7 calendar date, computed without the host's time zone.
 */

/** What a period id names; the month is written with two digits (`M03`). */
export type PeriodKind =
  | 'H1'
  | 'Y'
  | 'Q1'
  | 'Q2'
  | 'Q3'
  | 'Q4'
  | 'M01'
  | 'M02'
  | 'M03'
  | 'M04'
  | 'M05'
  | 'M06'
  | 'M07'
  | 'M08'
  | 'M09'
  | 'M10'
  | 'M11'
  | 'M12'

/** A period id read: its year, its kind, and the regulation's data cut-off (`YYYY-MM-DD`). */
export interface PeriodIdParts {
  year: number
  kind: PeriodKind
  cutoff: string
}

const PERIOD_ID = /^(\d{4})-(H1|Y|Q[1-4]|M(?:0[1-9]|1[0-2]))$/

/** The month a half-year, year or quarter ends in; a month period ends in its own month. */
const CUTOFF_MONTH: Partial<Record<PeriodKind, number>> = {
  H1: 5,
  Y: 11,
  Q1: 3,
  Q2: 6,
  Q3: 9,
  Q4: 12,
}
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * Reads a period id; `undefined` when the text is not one.
 *
 * @example
 * parsePeriodId('2026-H1') // { year: 2026, kind: 'H1', cutoff: '2026-05-31' }
 * parsePeriodId('2028-M02') // { year: 2028, kind: 'M02', cutoff: '2028-02-29' }
 */
export function parsePeriodId(id: string): PeriodIdParts | undefined {
  const match = PERIOD_ID.exec(id)
  if (match === null) {
    return undefined
  }
  const [, yearText = '', kindText = ''] = match
  // The pattern admits exactly the kinds of the union.
  const kind = kindText as PeriodKind
  const year = Number(yearText)
  const month = CUTOFF_MONTH[kind] ?? Number(kind.slice(1))
  const day = month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] ?? 31)
  return { year, kind, cutoff: `${yearText}-${pad(month)}-${pad(day)}` }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/**
 * The period a report of `periodId` is compared with: the latest period of `periods` of the same
 * kind whose cut-off is earlier. The current period's cut-off is its entry in `periods`, or the
 * regulation's when it is not listed.
 *
 * @example
 * previousComparablePeriod('2026-H1', periods)?.id // '2025-H1'
 */
export function previousComparablePeriod<P extends { id: string; cutoff: string }>(
  periodId: string,
  periods: readonly P[],
): P | undefined {
  const parts = parsePeriodId(periodId)
  if (parts === undefined) {
    return undefined
  }
  const cutoff = periods.find((p) => p.id === periodId)?.cutoff ?? parts.cutoff
  let best: P | undefined
  for (const p of periods) {
    if (
      p.cutoff < cutoff &&
      parsePeriodId(p.id)?.kind === parts.kind &&
      (best === undefined || p.cutoff > best.cutoff)
    ) {
      best = p
    }
  }
  return best
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000
const INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i

/**
 * The calendar date in Vietnam (UTC+7) at an instant, `YYYY-MM-DD`. A string must be ISO 8601
 * with `Z` or an offset (a bare date is taken as that date), never local time, so the answer
 * does not depend on the machine. An instant that does not parse is a programming error: a
 * RangeError.
 *
 * @example
 * vietnamDate('2026-06-05T17:00:00Z') // '2026-06-06': midnight has passed in Hà Nội
 */
export function vietnamDate(instant: Date | string): string {
  const time =
    typeof instant === 'string'
      ? INSTANT.test(instant)
        ? Date.parse(instant)
        : Number.NaN
      : instant.getTime()
  if (Number.isNaN(time)) {
    throw new RangeError(`vietnamDate: not an instant: ${String(instant)}`)
  }
  return new Date(time + VIETNAM_OFFSET_MS).toISOString().slice(0, 10)
}

/** Whether `text` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return false
  }
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

/**
 * A `YYYY-MM-DD` date as Vietnamese write it, `dd/mm/yyyy`; text that is not such a date comes
 * back unchanged.
 *
 * @example
 * formatVietnameseDate('2026-12-15') // '15/12/2026'
 */
export function formatVietnameseDate(iso: string): string {
  if (!isIsoDate(iso)) {
    return iso
  }
  const [year, month, day] = iso.split('-')
  return `${day}/${month}/${year}`
}

/**
 * An instant as a clerk in Vietnam reads it: `dd/mm/yyyy hh:mm`, Vietnam time (UTC+7).
 *
 * @example
 * vietnamDateTime(new Date('2026-11-23T17:05:00Z')) // '24/11/2026 00:05'
 */
export function vietnamDateTime(at: Date | string): string {
  const time = typeof at === 'string' ? Date.parse(at) : at.getTime()
  const clock = new Date(time + VIETNAM_OFFSET_MS).toISOString().slice(11, 16)
  return `${formatVietnameseDate(vietnamDate(new Date(time)))} ${clock}`
}

const ROMAN_QUARTERS = ['I', 'II', 'III', 'IV']

/**
 * A period as the title of a report names it; a text that is not a period id comes back as it is.
 *
 * @example
 * periodInWords('2026-Y') // 'Năm 2026'
 * periodInWords('2026-H1') // '6 tháng đầu năm 2026'
 * periodInWords('2026-Q3') // 'Quý III năm 2026'
 * periodInWords('2026-M03') // 'Tháng 3 năm 2026'
 * periodInWords('2027-H1', 'en') // 'First half of 2027'
 */
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

export function periodInWords(id: string, locale: 'vi' | 'en' = 'vi'): string {
  const parts = parsePeriodId(id)
  if (parts === undefined) {
    return id
  }
  const { year, kind } = parts
  if (locale === 'en') {
    return kind === 'Y'
      ? `Year ${year}`
      : kind === 'H1'
        ? `First half of ${year}`
        : kind.startsWith('Q')
          ? `Q${kind.slice(1)} ${year}`
          : `${MONTHS_EN[Number(kind.slice(1)) - 1]} ${year}`
  }
  if (kind === 'Y') {
    return `Năm ${year}`
  }
  if (kind === 'H1') {
    return `6 tháng đầu năm ${year}`
  }
  if (kind.startsWith('Q')) {
    return `Quý ${ROMAN_QUARTERS[Number(kind.slice(1)) - 1]} năm ${year}`
  }
  return `Tháng ${Number(kind.slice(1))} năm ${year}`
}

/**
 * A date as a clerk types it, `dd/mm/yyyy` (one-digit day and month allowed) or `yyyy-mm-dd`, as
 * `YYYY-MM-DD`; undefined when it is neither or not a real date.
 *
 * @example
 * parseVietnameseDate('1/7/2025') // '2025-07-01'
 * parseVietnameseDate('31/02/2026') // undefined
 */
export function parseVietnameseDate(text: string): string | undefined {
  const trimmed = text.trim()
  if (isIsoDate(trimmed)) {
    return trimmed
  }
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed)
  if (!match) {
    return undefined
  }
  const iso = `${match[3]}-${pad(Number(match[2]))}-${pad(Number(match[1]))}`
  return isIsoDate(iso) ? iso : undefined
}
