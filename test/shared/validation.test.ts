import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { builtInForms } from '../../shared/form-catalog.ts'
import type { FormDefinition, FormRow, RawValues, Values } from '../../shared/form-definition.ts'
import { formatEnglishNumber, formatVietnameseNumber } from '../../shared/numbers.ts'
import { findingsWithTexts } from '../../shared/messages.ts'
import {
  ceilingOf,
  checkSubmission as checkValues,
  derivedValues,
  hasErrors,
  valueCeilings,
} from '../../shared/validation.ts'

/** The check, each finding with its texts as the pane and the worker's error body show them. */
function checkSubmission(form: FormDefinition, raw: RawValues, previous?: Values | null) {
  const result = checkValues(form, raw, previous)
  return { ...result, findings: findingsWithTexts(result.findings, form) }
}

const sum = { type: 'sum' } as const

/** A small form with one row of every kind, parents, a ratio, a heading and cross-row rules. */
const form: FormDefinition = {
  id: 'T01',
  version: '1',
  title: 'Biểu thử',
  level: 'grassroots',
  maxChangePercent: 40,
  rows: [
    {
      code: 'staff',
      tt: 'I',
      label: 'Lao động',
      unit: '',
      kind: 'text',
      heading: true,
      aggregate: { type: 'none' },
    },
    {
      code: 'workers.total',
      tt: '1',
      label: 'Tổng số lao động',
      labelEn: 'Workers',
      unit: 'người',
      kind: 'count',
      aggregate: sum,
      required: true,
    },
    {
      code: 'workers.women',
      tt: '1.1',
      label: 'Trong đó nữ',
      unit: 'người',
      kind: 'count',
      parent: 'workers.total',
      aggregate: sum,
    },
    {
      code: 'members.total',
      tt: '2',
      label: 'Tổng số đoàn viên',
      labelEn: 'Union members',
      unit: 'người',
      kind: 'count',
      aggregate: sum,
      required: true,
    },
    {
      code: 'members.women',
      tt: '2.1',
      label: 'Trong đó nữ',
      labelEn: 'Of which women',
      unit: 'người',
      kind: 'count',
      parent: 'members.total',
      aggregate: sum,
    },
    {
      code: 'members.new',
      tt: '2.2',
      label: 'Kết nạp mới',
      unit: 'người',
      kind: 'count',
      parent: 'members.total',
      aggregate: sum,
      maxChangePercent: 100,
    },
    {
      code: 'members.transferredIn',
      tt: '2.3',
      label: 'Chuyển đến',
      unit: 'người',
      kind: 'count',
      parent: 'members.total',
      aggregate: sum,
    },
    {
      code: 'members.rate',
      tt: '3',
      label: 'Tỷ lệ đoàn viên',
      unit: '%',
      kind: 'percent',
      aggregate: { type: 'ratio', numerator: 'members.total', denominator: 'workers.total' },
    },
    {
      code: 'welfare.amount',
      tt: '4',
      label: 'Tiền thăm hỏi',
      unit: 'đồng',
      kind: 'amount',
      aggregate: sum,
    },
    {
      code: 'wage.average',
      tt: '5',
      label: 'Lương bình quân',
      unit: 'đồng',
      kind: 'average',
      aggregate: { type: 'weightedMean', weight: 'workers.total' },
    },
    {
      code: 'leaders.womenShare',
      tt: '6',
      label: 'Tỷ lệ nữ lãnh đạo',
      unit: '%',
      kind: 'percent',
      aggregate: { type: 'none' },
    },
    {
      code: 'training.courses',
      tt: '7',
      label: 'Số lớp tập huấn',
      unit: 'lớp',
      kind: 'count',
      aggregate: sum,
    },
    {
      code: 'training.participants',
      tt: '8',
      label: 'Số lượt học viên',
      unit: 'lượt',
      kind: 'count',
      aggregate: sum,
    },
    {
      code: 'notes.other',
      tt: '9',
      label: 'Ghi chú',
      unit: '',
      kind: 'text',
      aggregate: { type: 'none' },
      maxLength: 20,
    },
    {
      code: 'notes.long',
      tt: '10',
      label: 'Kiến nghị',
      unit: '',
      kind: 'text',
      aggregate: { type: 'none' },
    },
  ],
  rules: [
    {
      id: 'members-le-workers',
      left: ['members.total'],
      operator: '<=',
      right: ['workers.total'],
      severity: 'error',
      description: 'Số đoàn viên không vượt quá số lao động',
      descriptionEn: 'Members cannot exceed workers',
    },
    {
      id: 'new-le-members',
      left: ['members.new'],
      operator: '<=',
      right: ['members.total'],
      severity: 'error',
      description: 'Kết nạp mới không vượt quá số đoàn viên',
      descriptionEn: 'New members cannot exceed members',
    },
    {
      id: 'joined-le-members',
      left: ['members.new', 'members.transferredIn'],
      operator: '<=',
      right: ['members.total'],
      severity: 'warning',
      description: 'Kết nạp mới cộng chuyển đến thường không vượt quá số đoàn viên',
      descriptionEn: 'New plus transferred-in members rarely exceed members',
    },
    {
      id: 'participants-ge-courses',
      left: ['training.participants'],
      operator: '>=',
      right: ['training.courses'],
      severity: 'warning',
      description: 'Mỗi lớp có ít nhất một lượt học viên',
      descriptionEn: 'Each course has at least one participant',
    },
  ],
}

/** A complete, consistent submission of the test form. */
const good: RawValues = {
  'workers.total': 100,
  'workers.women': 60,
  'members.total': 80,
  'members.women': 50,
  'members.new': 5,
  'members.transferredIn': 2,
  'welfare.amount': 1_500_000,
  'wage.average': 7_250_000.5,
  'leaders.womenShare': 40,
  'training.courses': 2,
  'training.participants': 40,
  'notes.other': 'Ổn định',
}

function check(changes: RawValues, previous?: Values | null) {
  return checkSubmission(form, { ...good, ...changes }, previous)
}

function rulesOf(changes: RawValues, previous?: Values | null): string[] {
  return check(changes, previous).findings.map((f) => f.rule)
}

describe('a consistent submission', () => {
  it('has no findings and every non-heading row in its values', () => {
    const { values, findings } = checkSubmission(form, good)
    expect(findings).toEqual([])
    expect(Object.keys(values)).toEqual(form.rows.filter((r) => !r.heading).map((r) => r.code))
    expect(values['members.rate']).toBe(80)
    expect(values['notes.long']).toBeNull()
  })
})

describe('cell values', () => {
  it('reads Vietnamese number text as numbers', () => {
    const { values, findings } = check({
      'workers.total': '25.000',
      'workers.women': '21 021',
      'members.total': '21\u00a0021',
      'wage.average': '7.250.000,5',
      'leaders.womenShare': '99,86',
    })
    expect(findings).toEqual([])
    expect(values).toMatchObject({
      'workers.total': 25000,
      'workers.women': 21021,
      'members.total': 21021,
      'wage.average': 7250000.5,
      'leaders.womenShare': 99.86,
    })
  })

  it('treats empty and whitespace cells as not reported, not as zero', () => {
    const { values, findings } = check({
      'members.women': '',
      'members.new': '   ',
      'welfare.amount': null,
      'notes.other': ' ',
    })
    expect(findings).toEqual([])
    expect(values['members.women']).toBeNull()
    expect(values['members.new']).toBeNull()
    expect(values['welfare.amount']).toBeNull()
    expect(values['notes.other']).toBeNull()
  })

  it('reports text that is not a number as an error naming the row, never 0', () => {
    const { values, findings } = check({ 'workers.total': 'nhiều' })
    expect(values['workers.total']).toBeNull()
    expect(findings).toMatchObject([
      {
        rule: 'number:workers.total',
        code: 'not_a_number',
        row: 'workers.total',
        severity: 'error',
      },
    ])
    expect(findings[0]?.message).toBe('Dòng 1 "Tổng số lao động": "nhiều" không phải là số.')
    expect(findings[0]?.messageEn).toBe('Row 1 "Workers": "nhiều" is not a number.')
  })

  it('explains the separators when a number is written the English way', () => {
    const { findings } = check({ 'wage.average': '7250000.5' })
    expect(findings.map((f) => f.rule)).toEqual(['number:wage.average'])
    expect(findings[0]?.message).toContain('dấu phẩy đứng trước phần thập phân')
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, true, { a: 1 }])(
    'rejects %s in a numeric row',
    (value) => {
      const { values, findings } = check({
        'welfare.amount': value as unknown as RawValues[string],
      })
      expect(values['welfare.amount']).toBeNull()
      expect(findings.map((f) => f.rule)).toEqual(['number:welfare.amount'])
    },
  )

  it('accepts "%" in a percent row and "đ" or "đồng" in an amount row, and nowhere else', () => {
    const { values, findings } = check({
      'leaders.womenShare': '56,9%',
      'welfare.amount': '1.500.000 đồng',
    })
    expect(findings).toEqual([])
    expect(values['leaders.womenShare']).toBe(56.9)
    expect(values['welfare.amount']).toBe(1500000)
    expect(rulesOf({ 'welfare.amount': '1.500.000đ' })).toEqual([])
    expect(rulesOf({ 'workers.total': '100%' })).toEqual(['number:workers.total'])
    expect(rulesOf({ 'leaders.womenShare': '40đ' })).toEqual(['number:leaders.womenShare'])
  })

  it('keeps text rows as trimmed NFC text', () => {
    const { values } = check({ 'notes.other': '  Ho\u0302\u0300ng ' })
    expect(values['notes.other']).toBe('Hồng')
  })
})

describe('rules by kind', () => {
  it.each([
    ['count below 0', { 'training.courses': -1 }, 'negative:training.courses'],
    ['count with decimals', { 'training.courses': '1,5' }, 'whole:training.courses'],
    ['amount below 0', { 'welfare.amount': -1000 }, 'negative:welfare.amount'],
    ['amount with decimals', { 'welfare.amount': '1.000,5' }, 'whole:welfare.amount'],
    ['percent above 100', { 'leaders.womenShare': 100.5 }, 'range:leaders.womenShare'],
    ['percent below 0', { 'leaders.womenShare': '-1' }, 'range:leaders.womenShare'],
    ['average below 0', { 'wage.average': -1 }, 'negative:wage.average'],
    ['text too long', { 'notes.other': 'x'.repeat(21) }, 'length:notes.other'],
    ['text over the default 500', { 'notes.long': 'x'.repeat(501) }, 'length:notes.long'],
  ])('%s is an error', (_, changes, rule) => {
    const { findings } = check(changes)
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([[rule, 'error']])
  })

  it.each([
    ['count 0', { 'training.courses': 0, 'training.participants': 0 }],
    ['amount in whole đồng', { 'welfare.amount': '13.400.000.000' }],
    ['percent at 0 and 100', { 'leaders.womenShare': 100 }],
    ['percent 0', { 'leaders.womenShare': 0 }],
    ['average with decimals', { 'wage.average': '0,5' }],
    ['text at its limit', { 'notes.other': 'x'.repeat(20) }],
    ['text at the default limit', { 'notes.long': 'x'.repeat(500) }],
  ])('%s passes', (_, changes) => {
    expect(rulesOf(changes)).toEqual([])
  })

  it('reports one problem per cell: a negative fraction is negative', () => {
    expect(rulesOf({ 'training.courses': '-1,5', 'training.participants': 0 })).toEqual([
      'negative:training.courses',
    ])
  })

  it('writes the numbers of a message the Vietnamese way', () => {
    const { findings } = check({ 'welfare.amount': '-1.234.567' })
    expect(findings[0]?.message).toBe(
      'Dòng 4 "Tiền thăm hỏi": -1.234.567 là số âm; số liệu phải từ 0 trở lên.',
    )
  })
})

describe('"trong đó" rows never exceed their parent', () => {
  it('reports a child larger than its parent, naming both rows', () => {
    const { findings } = check({ 'members.women': 120, 'members.total': 100, 'workers.total': 100 })
    expect(findings).toMatchObject([
      {
        rule: 'parent:members.women',
        code: 'exceeds_parent',
        row: 'members.women',
        related: ['members.total'],
        severity: 'error',
      },
    ])
    expect(findings[0]?.message).toBe(
      'Dòng 2.1 "Trong đó nữ": 120 lớn hơn dòng 2 "Tổng số đoàn viên" (100).',
    )
    expect(findings[0]?.messageEn).toBe(
      'Row 2.1 "Of which women": 120 is greater than row 2 "Union members" (100).',
    )
  })

  it('accepts a child equal to its parent', () => {
    expect(rulesOf({ 'members.women': 80 })).toEqual([])
  })

  it('skips the check when the parent is not reported', () => {
    expect(rulesOf({ 'workers.total': null, 'workers.women': 60 })).toEqual([
      'required:workers.total',
    ])
  })

  it('comes from the parent links alone: a new "trong đó" row is checked without any rule', () => {
    const child: FormRow = {
      code: 'members.young',
      tt: '2.4',
      label: 'Trong đó thanh niên',
      unit: 'người',
      kind: 'count',
      parent: 'members.total',
      aggregate: sum,
    }
    const extended: FormDefinition = { ...form, rules: [], rows: [...form.rows, child] }
    const { findings } = checkSubmission(extended, { ...good, 'members.young': 81 })
    expect(findings.map((f) => f.rule)).toEqual(['parent:members.young'])
  })

  it('does not repeat a cross-row rule that restates a parent link', () => {
    const { findings } = check({ 'members.new': 81, 'members.transferredIn': 0 })
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual([
      'parent:members.new',
    ])
  })
})

describe('cross-row rules', () => {
  it('reports a failed rule with its severity and rows', () => {
    const { findings } = check({ 'members.total': 120, 'members.women': 50 })
    expect(findings).toMatchObject([
      {
        rule: 'rule:members-le-workers',
        code: 'cross_row',
        row: 'members.total',
        related: ['workers.total'],
        severity: 'error',
      },
    ])
    expect(findings[0]?.message).toBe(
      'Dòng 2 "Tổng số đoàn viên": 120 lớn hơn dòng 1 "Tổng số lao động" (100). Quy tắc: Số đoàn viên không vượt quá số lao động.',
    )
  })

  it('compares the sums of several rows, as a warning when the rule says so', () => {
    const { findings } = check({ 'members.new': 50, 'members.transferredIn': 40 })
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['rule:joined-le-members', 'warning'],
    ])
    expect(findings[0]?.related).toEqual(['members.transferredIn', 'members.total'])
    expect(findings[0]?.message).toContain('Tổng các dòng 2.2 + 2.3: 90 lớn hơn dòng 2')
    expect(hasErrors(findings)).toBe(false)
  })

  it('skips a rule when any of its rows is not reported', () => {
    expect(rulesOf({ 'members.new': 90, 'members.transferredIn': null })).toEqual([
      'parent:members.new',
    ])
    expect(rulesOf({ 'training.courses': 5, 'training.participants': null })).toEqual([])
  })

  it.each([
    ['<=', 3, 2, 2, 3],
    ['<', 2, 2, 1, 2],
    ['>=', 1, 2, 2, 2],
    ['>', 2, 2, 3, 2],
    ['==', 1, 2, 0.1 + 0.2, 0.3],
    ['!=', 2, 2, 1, 2],
  ] as const)('operator %s fails for %d vs %d and holds for %d vs %d', (operator, a, b, c, d) => {
    const pair: FormDefinition = {
      ...form,
      rows: [
        { code: 'a', tt: 'A', label: 'A', unit: '', kind: 'average', aggregate: sum },
        { code: 'b', tt: 'B', label: 'B', unit: '', kind: 'average', aggregate: sum },
      ],
      rules: [
        {
          id: 'a-vs-b',
          left: ['a'],
          operator,
          right: ['b'],
          severity: 'error',
          description: 'A và B',
          descriptionEn: 'A and B',
        },
      ],
    }
    expect(checkSubmission(pair, { a, b }).findings.map((f) => f.rule)).toEqual(['rule:a-vs-b'])
    expect(checkSubmission(pair, { a: c, b: d }).findings).toEqual([])
  })
})

describe('required rows', () => {
  it.each([null, undefined, '', '  '])('%j in a required row is an error', (value) => {
    const { findings } = check({ 'workers.total': value, 'workers.women': null })
    expect(findings).toMatchObject([
      { rule: 'required:workers.total', code: 'required', severity: 'error' },
    ])
    expect(findings[0]?.message).toBe(
      'Dòng 1 "Tổng số lao động": chưa có số liệu; dòng này bắt buộc phải nhập.',
    )
  })

  it('is satisfied by zero', () => {
    const { findings } = checkSubmission(form, { 'workers.total': 0, 'members.total': 0 })
    expect(findings).toEqual([])
  })

  it('reports a missing required row when nothing was sent', () => {
    expect(checkSubmission(form, {}).findings.map((f) => f.rule)).toEqual([
      'required:workers.total',
      'required:members.total',
    ])
  })
})

describe('period over period', () => {
  const previous: Values = {
    'workers.total': 100,
    'members.total': 160,
    'members.new': 2,
    'welfare.amount': 1_000_000,
  }

  it('warns about a change beyond the form threshold', () => {
    const { findings } = check({}, previous)
    expect(findings).toMatchObject([
      { rule: 'change:members.total', code: 'period_change', severity: 'warning' },
    ])
    expect(findings[0]?.message).toBe(
      'Dòng 2 "Tổng số đoàn viên": 80 so với kỳ trước 160 (giảm 50%), vượt ngưỡng 40%. Hãy kiểm tra lại; nếu đúng, xác nhận khi gửi báo cáo.',
    )
    expect(hasErrors(findings)).toBe(false)
  })

  it('accepts a change within the threshold', () => {
    expect(rulesOf({}, { ...previous, 'members.total': 120 })).toEqual([])
  })

  it('ignores big relative changes of small figures', () => {
    expect(
      rulesOf(
        {
          'workers.total': 4,
          'workers.women': 4,
          'members.total': 4,
          'members.women': 4,
          'members.new': 0,
          'members.transferredIn': 0,
        },
        { 'workers.total': 2, 'members.total': 2 },
      ),
    ).toEqual([])
  })

  it("uses the row's own threshold", () => {
    expect(rulesOf({ 'members.new': 15 }, { 'members.new': 8 })).toEqual([])
    expect(rulesOf({ 'members.new': 25 }, { 'members.new': 8 })).toEqual(['change:members.new'])
  })

  it('flags a jump from 0 past the floor', () => {
    const { findings } = check(
      { 'training.courses': 0, 'training.participants': 40 },
      { 'training.participants': 0 },
    )
    expect(findings.map((f) => f.rule)).toEqual(['change:training.participants'])
    expect(findings[0]?.message).toContain('(tăng từ 0)')
  })

  it('compares only numbers on both sides', () => {
    expect(rulesOf({ 'members.total': null }, previous)).toEqual(['required:members.total'])
    expect(rulesOf({}, { 'members.total': '160', 'notes.other': 'khác' })).toEqual([])
    expect(rulesOf({}, null)).toEqual([])
  })
})

describe('rows the form does not expect', () => {
  it('reports an unknown row code as an error, after the form rows', () => {
    // A negative count draws its own error only: it takes no part in the parent and cross-row rules.
    const { values, findings } = check({ 'members.ghost': 5, 'workers.total': -1 })
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['negative:workers.total', 'error'],
      ['unknown:members.ghost', 'error'],
    ])
    expect(findings[1]?.message).toBe(
      'Mã dòng "members.ghost" không có trong biểu mẫu T01 (phiên bản 1).',
    )
    expect(values).not.toHaveProperty('members.ghost')
  })

  it('ignores a value typed into a derived row and recomputes it, with a warning', () => {
    const { values, findings } = check({ 'members.rate': 95 })
    expect(values['members.rate']).toBe(80)
    expect(findings).toMatchObject([
      { rule: 'derived:members.rate', code: 'derived_row_typed', severity: 'warning' },
    ])
    expect(findings[0]?.message).toBe(
      'Dòng 3 "Tỷ lệ đoàn viên" được tính tự động từ dòng 2 và dòng 1; giá trị đã nhập "95" bị bỏ qua.',
    )
  })

  it('lets a sheet formula result in a derived row pass silently', () => {
    expect(rulesOf({ 'members.rate': 80 })).toEqual([])
    expect(rulesOf({ 'members.rate': '80,00%' })).toEqual([])
    expect(rulesOf({ 'members.rate': 0.8 })).toEqual([])
  })

  it('ignores a value typed into a heading, with a warning', () => {
    const { values, findings } = check({ staff: 'x' })
    expect(values).not.toHaveProperty('staff')
    expect(findings.map((f) => [f.rule, f.code, f.severity])).toEqual([
      ['derived:staff', 'heading_typed', 'warning'],
    ])
  })
})

describe('normalised values', () => {
  it('computes ratios to two decimals, null without a denominator', () => {
    expect(check({ 'workers.total': 5240, 'members.total': 2983 }).values['members.rate']).toBe(
      56.93,
    )
    expect(
      checkSubmission(form, { 'workers.total': 0, 'members.total': 0 }).values['members.rate'],
    ).toBeNull()
    expect(check({ 'workers.total': 'nhiều' }).values['members.rate']).toBeNull()
  })

  it('derivedValues fills ratio rows, reading exact decimal strings of big sums', () => {
    const values = derivedValues(form, {
      'workers.total': '12345678901234567890',
      'members.total': '6172839450617283945',
    })
    expect(values['members.rate']).toBe(50)
    expect(
      derivedValues(form, { 'workers.total': null, 'members.total': 3 })['members.rate'],
    ).toBeNull()
  })

  it('lists findings in form row order', () => {
    const { findings } = check({
      'notes.other': 'x'.repeat(30),
      'members.women': 90,
      'workers.total': 'nhiều',
    })
    expect(findings.map((f) => f.row)).toEqual(['workers.total', 'members.women', 'notes.other'])
  })
})

describe('numbers too large for one unit', () => {
  it('rejects digits a number cannot hold exactly, showing them as typed', () => {
    const { findings } = check({ 'workers.total': '99999999999999999999' })
    expect(findings).toMatchObject([
      { rule: 'large:workers.total', code: 'too_large', row: 'workers.total', severity: 'error' },
    ])
    expect(findings[0]?.message).toBe(
      'Dòng 1 "Tổng số lao động": 99999999999999999999 quá lớn, vượt quá giới hạn 10.000.000 người của một đơn vị. Hãy kiểm tra lại số chữ số.',
    )
    expect(findings[0]?.messageEn).toBe(
      'Row 1 "Workers": 99999999999999999999 is too large, beyond the limit of 10,000,000 for one unit. Check the number of digits.',
    )
  })

  it('rejects a grouped amount that is not the number typed', () => {
    const { findings } = check({ 'welfare.amount': '12.345.678.901.234.567.890' })
    expect(findings.map((f) => f.rule)).toEqual(['large:welfare.amount'])
    expect(findings[0]?.message).toContain('12.345.678.901.234.567.890 quá lớn')
    expect(findings[0]?.message).toContain('10.000.000.000.000 đồng')
  })

  it('rejects a huge number sent as JSON, written without 300 digits', () => {
    const { findings } = check({ 'workers.total': 1e300 })
    expect(findings.map((f) => f.rule)).toEqual(['large:workers.total'])
    expect(findings[0]?.message).toContain(': 1e+300 quá lớn')
  })

  it.each([
    ['workers.total', '10.000.000', '10.000.001'],
    ['welfare.amount', '10.000.000.000.000', '10.000.000.000.001'],
    ['wage.average', '10.000.000.000.000', '10.000.000.000.000,5'],
  ])('%s accepts %s and rejects %s', (code, at, past) => {
    const whole = { 'workers.women': null, 'members.total': 0, 'members.women': 0 }
    const partial = { ...whole, 'members.new': 0, 'members.transferredIn': 0 }
    expect(rulesOf({ ...partial, [code]: at })).toEqual([])
    expect(rulesOf({ ...partial, [code]: past })).toEqual([`large:${code}`])
  })

  it('allows person-times (lượt) up to 10^8, one person counting many times', () => {
    expect(ceilingOf({ kind: 'count', unit: 'lượt' }, 'grassroots')).toBe(1e8)
    expect(rulesOf({ 'training.participants': 50_000_000 })).toEqual([])
    expect(rulesOf({ 'training.participants': 100_000_001 })).toEqual([
      'large:training.participants',
    ])
  })

  it('says when an average outside đồng passes what can be stored exactly', () => {
    const scored: FormDefinition = {
      ...form,
      rules: [],
      rows: [
        { code: 'score', tt: '1', label: 'Điểm', unit: 'điểm', kind: 'average', aggregate: sum },
      ],
    }
    const { findings } = checkSubmission(scored, { score: 2 ** 53 })
    expect(findings.map((f) => f.rule)).toEqual(['large:score'])
    expect(findings[0]?.message).toContain('mà số liệu còn được lưu chính xác')
    expect(checkSubmission(scored, { score: Number.MAX_SAFE_INTEGER }).findings).toEqual([])
  })

  it("allows an upper form's consolidated figures 100 times more", () => {
    const upper: FormDefinition = { ...form, level: 'upper' }
    const fee = { ...good, 'welfare.amount': '80.000.000.000.000' }
    expect(checkSubmission(upper, fee).findings).toEqual([])
    expect(checkSubmission(form, fee).findings.map((f) => f.rule)).toEqual(['large:welfare.amount'])
    expect(valueCeilings.upper.count).toBe(100 * valueCeilings.grassroots.count)
  })

  const bounded = [...builtInForms(), form].flatMap((f) =>
    f.rows
      .filter((row) => !row.heading && row.kind !== 'percent' && row.kind !== 'text')
      .map((row) => ({ row, level: f.level, ceiling: ceilingOf(row, f.level) ?? 0 })),
  )
  const single = ({ row, level }: (typeof bounded)[number]): FormDefinition => ({
    ...form,
    level,
    rules: [],
    rows: [{ ...row, parent: undefined, required: undefined, aggregate: sum }],
  })

  it('flags any number above the ceiling, typed or sent, whatever the row (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...bounded),
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.constantFrom('number', 'digits', 'grouped'),
        (bound, excess, shape) => {
          const { row } = bound
          const big = BigInt(bound.ceiling) + excess
          const cell =
            shape === 'number'
              ? Number(big)
              : shape === 'digits'
                ? big.toString()
                : big.toString().replace(/\B(?=(\d{3})+$)/g, '.')
          const { findings } = checkSubmission(single(bound), { [row.code]: cell })
          expect(findings.map((f) => [f.rule, f.severity])).toEqual([
            [`large:${row.code}`, 'error'],
          ])
        },
      ),
    )
  })

  it('never flags a whole number from 0 up to the ceiling (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...bounded),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (bound, share, asText) => {
          const n = Math.floor(share * bound.ceiling)
          const cell = asText ? formatVietnameseNumber(n) : n
          expect(checkSubmission(single(bound), { [bound.row.code]: cell }).findings).toEqual([])
        },
      ),
    )
  })
})

describe('an average needs its weight', () => {
  const b01 = builtInForms().find((f) => f.id === 'B01')!
  const base: RawValues = {
    'workers.total': 200,
    'members.total': 150,
    'wage.average': '7.250.000',
  }

  it('reports an average typed without its weight row, naming both rows', () => {
    const { findings } = checkSubmission(b01, base)
    expect(findings).toMatchObject([
      {
        rule: 'weight:wage.average',
        code: 'missing_weight',
        row: 'wage.average',
        related: ['wage.persons'],
        severity: 'error',
      },
    ])
    expect(findings[0]?.message).toBe(
      'Dòng 4 "Tiền lương bình quân tháng": đã nhập 7.250.000 nhưng dòng 3 "Số người được tính tiền lương bình quân" để trống. Hãy nhập dòng 3: thiếu nó, số bình quân này không được tính khi tổng hợp.',
    )
    expect(findings[0]?.messageEn).toBe(
      'Row 4 "Average monthly wage": 7,250,000 was entered but row 3 "Persons the average wage is computed over" is empty. Fill in row 3: without it this average cannot be counted in the rollup.',
    )
  })

  it('reports a weight of 0 the same way', () => {
    const { findings } = checkSubmission(b01, { ...base, 'wage.persons': 0 })
    expect(findings.map((f) => f.rule)).toEqual(['weight:wage.average'])
    expect(findings[0]?.message).toContain('"Số người được tính tiền lương bình quân" bằng 0')
  })

  it('accepts an average with its weight, and a weight without an average', () => {
    expect(checkSubmission(b01, { ...base, 'wage.persons': 180 }).findings).toEqual([])
    expect(
      checkSubmission(b01, { ...base, 'wage.average': null, 'wage.persons': 180 }).findings,
    ).toEqual([])
    expect(checkSubmission(b01, { ...base, 'wage.average': null }).findings).toEqual([])
  })

  it('leaves it to the weight cell when that cell is wrong or a required row left empty', () => {
    expect(
      checkSubmission(b01, { ...base, 'wage.persons': 'nhiều' }).findings.map((f) => f.rule),
    ).toEqual(['number:wage.persons'])
    expect(rulesOf({ 'workers.total': null, 'workers.women': null })).toEqual([
      'required:workers.total',
    ])
    expect(
      rulesOf({
        'workers.total': 0,
        'workers.women': 0,
        'members.total': 0,
        'members.women': 0,
        'members.new': 0,
        'members.transferredIn': 0,
      }),
    ).toEqual(['weight:wage.average'])
  })

  it('comes from the weightedMean links alone: a new average is checked without any rule', () => {
    const hours: FormRow[] = [
      {
        code: 'hours.persons',
        tt: '11',
        label: 'Số người',
        unit: 'người',
        kind: 'count',
        aggregate: sum,
      },
      {
        code: 'hours.average',
        tt: '12',
        label: 'Giờ làm bình quân',
        unit: 'giờ',
        kind: 'average',
        aggregate: { type: 'weightedMean', weight: 'hours.persons' },
      },
    ]
    const extended: FormDefinition = { ...form, rows: [...form.rows, ...hours] }
    expect(
      checkSubmission(extended, { ...good, 'hours.average': 44 }).findings.map((f) => f.rule),
    ).toEqual(['weight:hours.average'])
    expect(
      checkSubmission(extended, { ...good, 'hours.average': 44, 'hours.persons': 3 }).findings,
    ).toEqual([])
  })
})

describe('numbers written with English thousands groups', () => {
  it('keeps "25,000" in a count as 25 and asks whether 25.000 was meant', () => {
    const { values, findings } = check({ 'training.participants': '25,000' })
    expect(values['training.participants']).toBe(25)
    expect(findings).toMatchObject([
      {
        rule: 'separator:training.participants',
        code: 'ambiguous_separator',
        row: 'training.participants',
        severity: 'warning',
      },
    ])
    expect(findings[0]?.message).toBe(
      'Dòng 8 "Số lượt học viên": "25,000" được hiểu là 25. Bạn định nhập 25.000 (25 nghìn)? Trong tiếng Việt dấu phẩy là dấu thập phân, dấu chấm ngăn cách hàng nghìn. Nếu đúng là 25.000, hãy sửa lại ô này.',
    )
    expect(findings[0]?.messageEn).toBe(
      'Row 8 "Số lượt học viên": "25,000" was read as 25. Did you mean 25.000 (25 thousand)? In Vietnamese the comma is the decimal separator and the dot groups thousands: type 25.000.',
    )
    expect(hasErrors(findings)).toBe(false)
  })

  it('warns in an amount row too, after its unit sign', () => {
    expect(rulesOf({ 'welfare.amount': '500,000 đồng' })).toEqual(['separator:welfare.amount'])
  })

  it('puts the question into the one error of a cell that has one', () => {
    const { findings } = check({ 'training.courses': '1,500', 'training.participants': 1500 })
    expect(findings.map((f) => f.rule)).toEqual(['whole:training.courses'])
    expect(findings[0]?.message).toBe(
      'Dòng 7 "Số lớp tập huấn": 1,5 không phải là số nguyên. Bạn định nhập 1.500 (1,5 nghìn)? Trong tiếng Việt dấu phẩy là dấu thập phân, dấu chấm ngăn cách hàng nghìn.',
    )
  })

  it('explains several comma groups, which are not a number', () => {
    const { findings } = check({ 'workers.total': '1,234,567' })
    expect(findings.map((f) => f.rule)).toEqual(['number:workers.total'])
    expect(findings[0]?.message).toBe(
      'Dòng 1 "Tổng số lao động": "1,234,567" không phải là số. Bạn định nhập 1.234.567 (1,23 triệu)? Trong tiếng Việt dấu phẩy là dấu thập phân, dấu chấm ngăn cách hàng nghìn.',
    )
    expect(check({ 'wage.average': '7,250,000.50' }).findings[0]?.message).toContain(
      'Bạn định nhập 7.250.000,5 (7,25 triệu)?',
    )
    expect(check({ 'workers.total': '999,999,999' }).findings[0]?.message).toContain(
      'Bạn định nhập 999.999.999 (1 tỷ)?',
    )
  })

  it.each([
    ['a Vietnamese decimal in a count', { 'training.courses': '2,5' }, ['whole:training.courses']],
    ['a percent with three decimals', { 'leaders.womenShare': '12,345' }, []],
    ['an average', { 'wage.average': '7,250' }, []],
    ['a leading zero', { 'welfare.amount': '0,500' }, ['whole:welfare.amount']],
  ])('stays silent about %s', (_, changes, rules) => {
    const { findings } = check(changes)
    expect(findings.map((f) => f.rule)).toEqual(rules)
    expect(findings.every((f) => !f.message.includes('Bạn định nhập'))).toBe(true)
  })

  it('never lets an English-grouped count pass unremarked, with one finding naming the intended number (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: valueCeilings.grassroots.count }), (n) => {
        const { findings } = check({
          'training.courses': 0,
          'training.participants': formatEnglishNumber(n),
        })
        const own = findings.filter((f) => f.row === 'training.participants')
        expect(own).toHaveLength(1)
        expect(own[0]?.message).toContain(`Bạn định nhập ${formatVietnameseNumber(n)} (`)
      }),
    )
  })
})

describe('messages', () => {
  it('has a Vietnamese and an English text for every kind of finding, with every parameter filled', () => {
    const { findings } = checkSubmission(
      form,
      {
        staff: 'x',
        'workers.total': 10,
        'workers.women': 'nhiều',
        'members.total': 11,
        'members.women': 12,
        'members.rate': 5,
        'welfare.amount': '1,5',
        'wage.average': -1,
        'leaders.womenShare': 101,
        'training.courses': 3,
        'training.participants': 1,
        'notes.other': 'x'.repeat(21),
        ghost: 1,
      },
      { 'training.courses': 30 },
    )
    const codes = new Set(findings.map((f) => f.code))
    expect([...codes].sort()).toEqual([
      'cross_row',
      'derived_row_typed',
      'exceeds_parent',
      'heading_typed',
      'negative',
      'not_a_number',
      'not_whole',
      'out_of_range',
      'period_change',
      'too_long',
      'unknown_row',
    ])
    expect(checkSubmission(form, {}).findings[0]?.code).toBe('required')
    const more = checkSubmission(form, {
      ...good,
      'workers.total': 0,
      'workers.women': 0,
      'members.total': 0,
      'members.women': 0,
      'members.new': 0,
      'members.transferredIn': 0,
      'welfare.amount': 1e14,
      'training.courses': 0,
      'training.participants': '2,000',
    }).findings
    expect(more.map((f) => f.code)).toEqual(['too_large', 'missing_weight', 'ambiguous_separator'])
    for (const finding of [...findings, ...more, ...checkSubmission(form, {}).findings]) {
      expect(finding.message).not.toMatch(/undefined|NaN|""/)
      expect(finding.messageEn).not.toMatch(/undefined|NaN|""/)
      expect(finding.messageEn).not.toBe(finding.message)
    }
  })
})

describe('hasErrors', () => {
  it('is true only when an error is among the findings', () => {
    expect(hasErrors([])).toBe(false)
    expect(hasErrors(check({ 'members.rate': 1 }).findings)).toBe(false)
    expect(hasErrors(check({ 'members.total': 'x' }).findings)).toBe(true)
  })
})

/** A cell as Excel or a clerk may give it: a number, or its Vietnamese text. */
function asCell(n: number, text: boolean): number | string {
  return text ? formatVietnameseNumber(n) : n
}

const consistentSubmission = fc
  .record({
    workers: fc.nat(100_000),
    shares: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
    courses: fc.nat(50),
    extra: fc.nat(500),
    welfare: fc.nat(1e12),
    wage: fc.integer({ min: 0, max: 1e10 }),
    percent: fc.integer({ min: 0, max: 10000 }),
    text: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  })
  .map(({ workers, shares, courses, extra, welfare, wage, percent, text }) => {
    const part = (of: number, i: number) => Math.floor(of * (shares[i] ?? 0))
    const members = part(workers, 0)
    const numbers: Record<string, number | null> = {
      'workers.total': workers,
      'workers.women': part(workers, 1),
      'members.total': members,
      'members.women': part(members, 2),
      'members.new': part(members, 3),
      'members.transferredIn': part(members, 4),
      'welfare.amount': welfare,
      // An average needs its weight: workers.total weighs wage.average in this form.
      'wage.average': workers > 0 ? wage / 100 : null,
      'leaders.womenShare': percent / 100,
      'training.courses': courses,
      'training.participants': courses + extra,
    }
    const raw: RawValues = {}
    Object.entries(numbers).forEach(([code, n], i) => {
      raw[code] = n === null ? null : asCell(n, text[i] ?? false)
    })
    return raw
  })

describe('properties', () => {
  it('form-consistent values have no errors', () => {
    fc.assert(
      fc.property(consistentSubmission, (raw) => {
        expect(checkSubmission(form, raw).findings.filter((f) => f.severity === 'error')).toEqual(
          [],
        )
      }),
    )
  })

  it('a value made larger than its parent gives exactly one error: the parent rule', () => {
    const children = form.rows.filter((row) => row.parent !== undefined)
    fc.assert(
      fc.property(
        consistentSubmission,
        fc.constantFrom(...children),
        fc.integer({ min: 1, max: 1000 }),
        (raw, child, excess) => {
          const parent = Number(checkSubmission(form, raw).values[child.parent ?? ''])
          const errors = checkSubmission(form, {
            ...raw,
            [child.code]: parent + excess,
          }).findings.filter((f) => f.severity === 'error')
          expect(errors.map((f) => [f.rule, f.related])).toEqual([
            [`parent:${child.code}`, [child.parent]],
          ])
        },
      ),
    )
  })

  it('never throws on arbitrary input, and keeps values finite', () => {
    const codes = fc.constantFrom(...form.rows.map((row) => row.code), 'x', '__proto__')
    const junk = fc.oneof(fc.anything(), fc.dictionary(codes, fc.anything()))
    fc.assert(
      fc.property(
        junk,
        fc.oneof(fc.anything(), fc.dictionary(codes, fc.anything())),
        (raw, previous) => {
          const { values, findings } = checkSubmission(form, raw as RawValues, previous as Values)
          for (const value of Object.values(values)) {
            expect(value === null || typeof value === 'string' || Number.isFinite(value)).toBe(true)
          }
          for (const finding of findings) {
            expect(finding.message.length).toBeGreaterThan(0)
            expect(finding.messageEn.length).toBeGreaterThan(0)
          }
        },
      ),
    )
  })
})

describe('the real B01 form', () => {
  const b01 = builtInForms().find((f) => f.id === 'B01')
  if (b01 === undefined) {
    throw new Error('B01 is missing from the built-in forms')
  }
  const rows = new Map(b01.rows.map((row) => [row.code, row]))
  const base: RawValues = {
    'workers.total': 200,
    'workers.women': 120,
    'members.total': 150,
    'members.women': 100,
  }

  it('reports more women members than members as an error naming both rows', () => {
    const { findings } = checkSubmission(b01, { ...base, 'members.women': 151 })
    const parentErrors = findings.filter((f) => f.rule === 'parent:members.women')
    expect(parentErrors).toHaveLength(1)
    expect(parentErrors[0]).toMatchObject({
      row: 'members.women',
      related: ['members.total'],
      severity: 'error',
    })
    const women = rows.get('members.women')
    const members = rows.get('members.total')
    expect(parentErrors[0]?.message).toBe(
      `Dòng ${women?.tt} "${women?.label}": 151 lớn hơn dòng ${members?.tt} "${members?.label}" (150).`,
    )
  })

  it('reports "nhiều" in workers.total as an error naming that row', () => {
    const { findings } = checkSubmission(b01, { ...base, 'workers.total': 'nhiều' })
    expect(findings.find((f) => f.rule === 'number:workers.total')).toMatchObject({
      row: 'workers.total',
      severity: 'error',
      message: `Dòng ${rows.get('workers.total')?.tt} "${rows.get('workers.total')?.label}": "nhiều" không phải là số.`,
    })
  })

  it('reports more members than workers as an error', () => {
    const { findings } = checkSubmission(b01, { ...base, 'members.total': 201 })
    expect(
      findings.filter((f) => f.severity === 'error').map((f) => [f.row, f.related]),
    ).toContainEqual(['members.total', ['workers.total']])
    expect(hasErrors(findings)).toBe(true)
  })

  it('warns when members fell by half against the previous period', () => {
    const { findings } = checkSubmission(b01, base, { 'workers.total': 200, 'members.total': 300 })
    expect(findings).toMatchObject([
      { rule: 'change:members.total', severity: 'warning', row: 'members.total' },
    ])
  })

  it('has no errors for consistent random values', () => {
    const bounds = new Map<string, string[]>()
    for (const rule of b01.rules) {
      const [left] = rule.left
      if (rule.operator === '<=' && rule.severity === 'error' && rule.left.length === 1 && left) {
        bounds.set(left, [...(bounds.get(left) ?? []), ...rule.right])
      }
    }
    const entered = b01.rows.filter((row) => !row.heading && row.aggregate.type !== 'ratio')
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
          minLength: entered.length,
          maxLength: entered.length,
        }),
        fc.array(fc.boolean(), { minLength: entered.length, maxLength: entered.length }),
        (shares, texts) => {
          const numbers = new Map<string, number>()
          const raw: RawValues = {}
          entered.forEach((row, i) => {
            const share = shares[i] ?? 0
            if (row.kind === 'text') {
              raw[row.code] = 'Ghi chú'.slice(0, 1 + Math.floor(share * 6))
              return
            }
            const caps = [row.parent, ...(bounds.get(row.code) ?? [])].filter(
              (code) => code !== undefined,
            )
            const cap = Math.min(50_000, ...caps.map((code) => numbers.get(code) ?? 0))
            const value =
              row.kind === 'percent'
                ? Math.round(share * 10000) / 100
                : row.kind === 'amount'
                  ? Math.floor(share * 1e12)
                  : row.kind === 'average'
                    ? Math.round(share * 2e9) / 100
                    : Math.floor(share * cap)
            numbers.set(row.code, value)
            raw[row.code] = asCell(value, texts[i] ?? false)
          })
          for (const row of entered) {
            // An average with an empty or zero weight is an error of its own, tested apart.
            if (row.aggregate.type === 'weightedMean' && !numbers.get(row.aggregate.weight)) {
              raw[row.code] = null
            }
          }
          expect(checkSubmission(b01, raw).findings.filter((f) => f.severity === 'error')).toEqual(
            [],
          )
        },
      ),
    )
  })
})
