/** @module Tests of period ids and cut-offs, the comparable earlier period, and Vietnamese dates. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { periodIdSchema } from '../../shared/api-schemas.ts'
import {
  formatVietnameseDate,
  isIsoDate,
  parsePeriodId,
  previousComparablePeriod,
  vietnamDate,
  vietnamDateTime,
  periodInWords,
} from '../../shared/periods.ts'
import { isLate } from '../../shared/rollup.ts'

const kinds = [
  'H1',
  'Y',
  'Q1',
  'Q2',
  'Q3',
  'Q4',
  ...Array.from({ length: 12 }, (_, i) => `M${String(i + 1).padStart(2, '0')}`),
]
const periodId = fc
  .record({ year: fc.integer({ min: 1000, max: 9999 }), kind: fc.constantFrom(...kinds) })
  .map(({ year, kind }) => `${year}-${kind}`)

describe('parsePeriodId', () => {
  it.each([
    ['2026-H1', 2026, 'H1', '2026-05-31'],
    ['2026-Y', 2026, 'Y', '2026-11-30'],
    ['2026-Q1', 2026, 'Q1', '2026-03-31'],
    ['2026-Q2', 2026, 'Q2', '2026-06-30'],
    ['2026-Q3', 2026, 'Q3', '2026-09-30'],
    ['2026-Q4', 2026, 'Q4', '2026-12-31'],
    ['2026-M01', 2026, 'M01', '2026-01-31'],
    ['2026-M02', 2026, 'M02', '2026-02-28'],
    ['2028-M02', 2028, 'M02', '2028-02-29'],
    ['2100-M02', 2100, 'M02', '2100-02-28'],
    ['2000-M02', 2000, 'M02', '2000-02-29'],
    ['2026-M04', 2026, 'M04', '2026-04-30'],
    ['2026-M12', 2026, 'M12', '2026-12-31'],
  ])('%s is %d %s with data to %s', (id, year, kind, cutoff) => {
    expect(parsePeriodId(id)).toEqual({ year, kind, cutoff })
  })

  it.each([
    '2026-H2',
    '2026-Q5',
    '2026-Q0',
    '2026-M13',
    '2026-M00',
    '2026-M1',
    '26-Y',
    '2026-y',
    ' 2026-Y',
    '2026Y',
    '',
  ])('%j is not a period id', (id) => {
    expect(parsePeriodId(id)).toBeUndefined()
  })

  it('accepts exactly the ids the API accepts', () => {
    const near = fc.string({ unit: fc.constantFrom(...'0126-HYQM '.split('')), maxLength: 9 })
    fc.assert(
      fc.property(fc.oneof(periodId, near, fc.string()), (id) => {
        expect(parsePeriodId(id) !== undefined).toBe(periodIdSchema.safeParse(id).success)
      }),
    )
  })

  it('cuts a quarter or a month off on its last day, in its own year (property)', () => {
    fc.assert(
      fc.property(periodId, (id) => {
        const parts = parsePeriodId(id)
        expect(parts).toBeDefined()
        const cutoff = parts?.cutoff ?? ''
        expect(isIsoDate(cutoff)).toBe(true)
        expect(cutoff.slice(0, 4)).toBe(String(parts?.year))
        if (parts?.kind.startsWith('Q') || parts?.kind.startsWith('M')) {
          const next = new Date(Date.parse(`${cutoff}T00:00:00Z`) + 86_400_000)
          expect(next.getUTCDate()).toBe(1)
          const month = next.getUTCMonth() === 0 ? 12 : next.getUTCMonth()
          const expected = parts.kind.startsWith('Q')
            ? 3 * Number(parts.kind.slice(1))
            : Number(parts.kind.slice(1))
          expect(month).toBe(expected)
        }
      }),
    )
  })
})

describe('previousComparablePeriod', () => {
  const period = (id: string, cutoff: string) => ({ id, cutoff, deadline: cutoff, open: false })
  const periods = [
    period('2024-Y', '2024-11-30'),
    period('2025-H1', '2025-05-31'),
    period('2025-Q1', '2025-03-31'),
    period('2025-Y', '2025-11-30'),
    period('2026-H1', '2026-05-31'),
    period('2026-Q1', '2026-03-31'),
    period('2026-Y', '2026-11-30'),
  ]

  it('compares a year with the year before and a half-year with the half-year before', () => {
    expect(previousComparablePeriod('2026-Y', periods)?.id).toBe('2025-Y')
    expect(previousComparablePeriod('2026-H1', periods)?.id).toBe('2025-H1')
    expect(previousComparablePeriod('2026-Q1', periods)?.id).toBe('2025-Q1')
    expect(previousComparablePeriod('2025-H1', periods)).toBeUndefined()
  })

  it("uses the regulation's cut-off for a period not in the list", () => {
    expect(previousComparablePeriod('2027-Y', periods)?.id).toBe('2026-Y')
    expect(previousComparablePeriod('2027-M01', periods)).toBeUndefined()
  })

  it('has no comparable period for an id that is not a period id', () => {
    expect(previousComparablePeriod('Y', [period('Y', '2020-01-01')])).toBeUndefined()
    expect(previousComparablePeriod('2026-X', periods)).toBeUndefined()
  })

  it('is the latest earlier period of the same kind, for any list of periods (property)', () => {
    const stored = fc
      .record({
        id: periodId.filter((id) => id.startsWith('20')),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
      })
      .map(({ id, month, day }) =>
        period(
          id,
          `${id.slice(0, 4)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        ),
      )
    fc.assert(
      fc.property(fc.uniqueArray(stored, { selector: (p) => p.id, minLength: 1 }), (list) => {
        for (const current of list) {
          const kind = current.id.slice(5)
          const earlier = list
            .filter((p) => p.id.slice(5) === kind && p.cutoff < current.cutoff)
            .map((p) => p.cutoff)
            .sort()
          const found = previousComparablePeriod(current.id, list)
          expect(found?.cutoff).toBe(earlier.at(-1))
          expect(found === undefined || found.id.slice(5) === kind).toBe(true)
        }
      }),
    )
  })
})

describe('vietnamDate', () => {
  it.each([
    ['2026-06-05T16:59:59.999Z', '2026-06-05'],
    ['2026-06-05T17:00:00Z', '2026-06-06'],
    ['2026-06-06T00:30:00+07:00', '2026-06-06'],
    ['2026-06-05T23:30:00-05:00', '2026-06-06'],
    ['2026-12-31T17:00:00.000Z', '2027-01-01'],
    ['2026-06-05', '2026-06-05'],
  ])('%s is %s in Vietnam', (instant, date) => {
    expect(vietnamDate(instant)).toBe(date)
  })

  it('takes a Date as well', () => {
    expect(vietnamDate(new Date('2026-02-28T20:00:00Z'))).toBe('2026-03-01')
  })

  it.each(['2026-06-05T10:00', 'hôm nay', ''])(
    'refuses %j, which is no instant without the host time zone',
    (text) => {
      expect(() => vietnamDate(text)).toThrow(RangeError)
    },
  )

  it('refuses an invalid Date', () => {
    expect(() => vietnamDate(new Date(Number.NaN))).toThrow(RangeError)
  })

  const instants = fc.date({
    min: new Date('1990-01-01T00:00:00Z'),
    max: new Date('2100-12-31T23:59:59Z'),
    noInvalidDate: true,
  })

  it("agrees with the Asia/Ho_Chi_Minh time zone's calendar (property)", () => {
    const vietnam = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' })
    fc.assert(
      fc.property(instants, (instant) => {
        expect(vietnamDate(instant)).toBe(vietnam.format(instant))
        expect(vietnamDate(instant.toISOString())).toBe(vietnam.format(instant))
      }),
    )
  })

  it("is the rollup's lateness rule: late exactly when submitted on a later Vietnamese day (property)", () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: -2, max: 2 }), (instant, shift) => {
        const deadline = new Date(instant.getTime() + shift * 86_400_000).toISOString().slice(0, 10)
        const period = { id: '2026-Y', cutoff: '2026-11-30', deadline }
        const submitted = instant.toISOString()
        expect(isLate(period, submitted)).toBe(vietnamDate(submitted) > deadline)
      }),
    )
  })
})

describe('dates as Vietnamese write them', () => {
  it('writes YYYY-MM-DD as dd/mm/yyyy', () => {
    expect(formatVietnameseDate('2026-12-15')).toBe('15/12/2026')
    expect(formatVietnameseDate('2026-05-31')).toBe('31/05/2026')
  })

  it.each(['2026-02-30', '15/12/2026', '2026-1-5', ''])('leaves %j unchanged', (text) => {
    expect(formatVietnameseDate(text)).toBe(text)
  })

  it('knows real calendar dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true)
    expect(isIsoDate('2026-02-29')).toBe(false)
    expect(isIsoDate('2026-13-01')).toBe(false)
    expect(isIsoDate('2026-6-1')).toBe(false)
  })

  it('writes every real date so that its parts read back (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10)
          const [day, month, year] = formatVietnameseDate(iso).split('/')
          expect(`${year}-${month}-${day}`).toBe(iso)
        },
      ),
    )
  })
})

describe('vietnamDateTime', () => {
  it('writes dd/mm/yyyy hh:mm in Vietnam time, past midnight there when UTC is still the day before', () => {
    expect(vietnamDateTime(new Date('2026-11-23T03:00:00Z'))).toBe('23/11/2026 10:00')
    expect(vietnamDateTime(new Date('2026-12-31T17:05:59Z'))).toBe('01/01/2027 00:05')
    expect(vietnamDateTime(new Date('2026-02-28T16:59:00Z'))).toBe('28/02/2026 23:59')
    expect(vietnamDateTime('2026-12-02T03:30:00Z')).toBe('02/12/2026 10:30')
  })
})

describe('periodInWords', () => {
  it('names a period as people say it, in Vietnamese or English', () => {
    expect(['2026-Y', '2027-H1', '2026-Q3', '2026-M03'].map((id) => periodInWords(id))).toEqual([
      'Năm 2026',
      '6 tháng đầu năm 2027',
      'Quý III năm 2026',
      'Tháng 3 năm 2026',
    ])
    expect(
      ['2026-Y', '2027-H1', '2026-Q3', '2026-M03'].map((id) => periodInWords(id, 'en')),
    ).toEqual(['Year 2026', 'First half of 2027', 'Q3 2026', 'March 2026'])
  })
})
