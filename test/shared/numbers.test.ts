import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  englishGroupedValue,
  formatEnglishNumber,
  formatVietnameseNumber,
  parseVietnameseNumber,
} from '../../shared/numbers.ts'

describe('parseVietnameseNumber reads what a clerk types', () => {
  it.each([
    ['25.000', 25000],
    ['99,86', 99.86],
    ['1.234.567,5', 1234567.5],
    ['21 021', 21021],
    ['21\u00a0021', 21021],
    ['21\u202f021', 21021],
    ['1 234 567,25', 1234567.25],
    ['  753 ', 753],
    ['-5', -5],
    ['-1.200,5', -1200.5],
    ['0', 0],
    ['0,5', 0.5],
    ['007', 7],
    ['1234567', 1234567],
  ])('%j is %d', (text, value) => {
    expect(parseVietnameseNumber(text)).toEqual({ ok: true, value })
  })

  it('reads "-0" as plain zero', () => {
    const parsed = parseVietnameseNumber('-0')
    expect(parsed.ok && Object.is(parsed.value, 0)).toBe(true)
  })

  it.each([
    'nhiều',
    '12abc',
    '1,2,3',
    '1..000',
    '',
    '   ',
    '1.5',
    '0.25',
    '1.2345',
    '1.000.00',
    '1,234.5',
    '1.234 567',
    ',5',
    '5,',
    '+5',
    '- 5',
    '1e5',
    'NaN',
    'Infinity',
    '56,9%',
    '1.000đ',
    '9'.repeat(400),
  ])('%j is not a number', (text) => {
    expect(parseVietnameseNumber(text)).toEqual({ ok: false })
  })
})

describe('englishGroupedValue says what English thousands groups would mean', () => {
  it.each([
    ['25,000', 25000],
    [' 1,234,567 ', 1234567],
    ['1,234,567.5', 1234567.5],
    ['-1,000', -1000],
  ])('%j would be %d', (text, value) => {
    expect(englishGroupedValue(text)).toBe(value)
  })

  it.each(['25,5', '1,23', '12,3456', '0,500', '25.000', '25', '1,000,00', ',000', 'nhiều'])(
    '%j is not English grouping',
    (text) => {
      expect(englishGroupedValue(text)).toBeUndefined()
    },
  )

  it('reads back every whole number of a thousand or more written the English way', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(englishGroupedValue(formatEnglishNumber(n))).toBe(n)
      }),
    )
  })

  it('reads a single group the Vietnamese way differently, which is why the clerk is asked', () => {
    expect(parseVietnameseNumber('25,000')).toEqual({ ok: true, value: 25 })
    expect(parseVietnameseNumber('1,234,567')).toEqual({ ok: false })
  })
})

describe('formatVietnameseNumber writes numbers the Vietnamese way', () => {
  it.each([
    [21021, undefined, '21.021'],
    [99.86, undefined, '99,86'],
    [1234567.5, undefined, '1.234.567,5'],
    [13.4, 1, '13,4'],
    [56.9274, 1, '56,9'],
    [5, 2, '5,00'],
    [-1234.5, undefined, '-1.234,5'],
    [-0, undefined, '0'],
    [-0.001, 2, '0,00'],
    [1e21, undefined, '1.000.000.000.000.000.000.000'],
    [1.5e-7, undefined, '0,00000015'],
  ])('%d with %s decimals is %j', (n, decimals, text) => {
    expect(formatVietnameseNumber(n, decimals)).toBe(text)
  })

  it('has an English counterpart for the English messages', () => {
    expect(formatEnglishNumber(1234567.5)).toBe('1,234,567.5')
  })
})

describe('round trips and safety (properties)', () => {
  it('reads back every integer it writes', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(parseVietnameseNumber(formatVietnameseNumber(n))).toEqual({ ok: true, value: n })
      }),
    )
  })

  it('reads back every number with two decimals it writes, with or without fixed decimals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e13, max: 1e13 }),
        fc.constantFrom(undefined, 2),
        (cents, decimals) => {
          const n = cents / 100
          const parsed = parseVietnameseNumber(formatVietnameseNumber(n, decimals))
          expect(parsed).toEqual({ ok: true, value: n === 0 ? 0 : n })
        },
      ),
    )
  })

  it('never yields NaN or Infinity, whatever the text', () => {
    const alphabet = fc.constantFrom(...'0123456789.,- \u00a0\u202f%đea+'.split(''))
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet })), (text) => {
        const parsed = parseVietnameseNumber(text)
        if (parsed.ok) {
          expect(Number.isFinite(parsed.value)).toBe(true)
        }
      }),
    )
  })
})
