/** @module Tests of the rollup arithmetic: sums, ratios, weighted means, nulls, coverage, exactness, properties. */
import type { Period } from '../../shared/api-schemas.ts'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import type { FormDefinition, Values } from '../../shared/form-definition.ts'
import { rollupForUnit, rollupsForTree } from '../../shared/rollup.ts'
import type { RollupView, SubmissionForRollup } from '../../shared/rollup.ts'
import { treeAt } from '../../shared/unit-tree.ts'
import type { Unit, UnitLevel } from '../../shared/unit-tree.ts'

/** A small grassroots form with one row of every consolidation kind. */
const form: FormDefinition = {
  id: 'T01',
  version: '1',
  title: 'Biểu thử',
  level: 'grassroots',
  maxChangePercent: 50,
  rules: [],
  rows: [
    {
      code: 'general',
      tt: 'I',
      label: 'Chung',
      unit: '',
      kind: 'text',
      heading: true,
      aggregate: { type: 'none' },
    },
    {
      code: 'workers.total',
      tt: '1',
      label: 'Lao động',
      unit: 'người',
      kind: 'count',
      aggregate: { type: 'sum' },
    },
    {
      code: 'members.total',
      tt: '2',
      label: 'Đoàn viên',
      unit: 'người',
      kind: 'count',
      aggregate: { type: 'sum' },
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
      code: 'cdcs.total',
      tt: '4',
      label: 'Số CĐCS',
      unit: 'đơn vị',
      kind: 'count',
      aggregate: { type: 'sum' },
    },
    {
      code: 'cdcs.agreement',
      tt: '5',
      label: 'CĐCS có thỏa ước',
      unit: 'đơn vị',
      kind: 'count',
      aggregate: { type: 'sum' },
    },
    {
      code: 'cdcs.agreementRate',
      tt: '6',
      label: 'Tỷ lệ CĐCS có thỏa ước',
      unit: '%',
      kind: 'percent',
      aggregate: { type: 'ratio', numerator: 'cdcs.agreement', denominator: 'cdcs.total' },
    },
    {
      code: 'wage.persons',
      tt: '7',
      label: 'Số người tính lương',
      unit: 'người',
      kind: 'count',
      aggregate: { type: 'sum' },
    },
    {
      code: 'wage.average',
      tt: '8',
      label: 'Lương bình quân',
      unit: 'đồng',
      kind: 'average',
      aggregate: { type: 'weightedMean', weight: 'wage.persons' },
    },
    {
      code: 'welfare.amount',
      tt: '9',
      label: 'Tiền hỗ trợ',
      unit: 'đồng',
      kind: 'amount',
      aggregate: { type: 'sum' },
    },
    {
      code: 'notes',
      tt: '10',
      label: 'Ghi chú',
      unit: '',
      kind: 'text',
      aggregate: { type: 'none' },
    },
  ],
}

const period: Period = { id: '2026-H1', cutoff: '2026-05-31', deadline: '2026-06-05', open: true }
const onTime = '2026-06-01T03:00:00.000Z'

function unit(
  code: string,
  parent: string | null,
  level: UnitLevel,
  extra: Partial<Unit> = {},
): Unit {
  return { code, name: `Đơn vị ${code}`, parent, level, ...extra }
}

function submission(
  unitCode: string,
  values: Values,
  extra: Partial<SubmissionForRollup> = {},
): SubmissionForRollup {
  return {
    unit: unitCode,
    formVersion: '1',
    status: 'submitted',
    firstSubmittedAt: onTime,
    submittedAt: onTime,
    values,
    ...extra,
  }
}

function rollup(
  units: Unit[],
  submissions: SubmissionForRollup[],
  unitCode: string,
  view: RollupView = 'latest',
) {
  const tree = treeAt(units, period.cutoff)
  const result = rollupForUnit({ tree, form, period, submissions, unit: unitCode, view })
  if (result === undefined) {
    throw new Error(`${unitCode} is not in the tree`)
  }
  return result
}

describe('the worked example: Hà Nội, 2,983 of 5,240 CĐCS with an agreement', () => {
  // Three upper unions with very different agreement rates and sizes.
  const uppers = [
    { code: 'HN.A', cdcs: 3000, agreements: 2000 },
    { code: 'HN.B', cdcs: 2000, agreements: 900 },
    { code: 'HN.C', cdcs: 240, agreements: 83 },
  ]
  const units: Unit[] = [unit('HN', null, 'province')]
  const submissions: SubmissionForRollup[] = []
  for (const upper of uppers) {
    units.push(unit(upper.code, 'HN', 'upper'))
    for (let i = 0; i < upper.cdcs; i++) {
      const code = `${upper.code}.${i}`
      units.push(unit(code, upper.code, 'grassroots'))
      submissions.push(
        submission(code, { 'cdcs.total': 1, 'cdcs.agreement': i < upper.agreements ? 1 : 0 }),
      )
    }
  }
  const result = rollup(units, submissions, 'HN')

  it('recomputes the rate from the sums: 56.93%, not the mean of the children’s rates', () => {
    expect(result.values['cdcs.total']).toBe(5240)
    expect(result.values['cdcs.agreement']).toBe(2983)
    expect(result.values['cdcs.agreementRate']).toBe(56.93)
    const childRates = result.children.map((c) => c.values['cdcs.agreementRate'] as number)
    expect(childRates).toEqual([66.67, 45, 34.58])
    const meanOfRates = childRates.reduce((a, b) => a + b, 0) / childRates.length
    expect(meanOfRates).toBeCloseTo(48.75, 2)
  })

  it('traces the total to the children that make it up', () => {
    expect(
      result.children.map((c) => [c.unit, c.values['cdcs.agreement'], c.coverage.expected]),
    ).toEqual([
      ['HN.A', 2000, 3000],
      ['HN.B', 900, 2000],
      ['HN.C', 83, 240],
    ])
    expect(result.coverage).toMatchObject({
      expected: 5240,
      counted: 5240,
      submitted: 5240,
      missing: [],
    })
  })
})

describe('weighted means', () => {
  it('weighs the average wage by the persons it was computed over', () => {
    const units = [
      unit('P', null, 'province'),
      unit('A', 'P', 'grassroots'),
      unit('B', 'P', 'grassroots'),
      unit('C', 'P', 'grassroots'),
      unit('D', 'P', 'grassroots'),
    ]
    const result = rollup(
      units,
      [
        submission('A', { 'wage.persons': 100, 'wage.average': 8_000_000 }),
        submission('B', { 'wage.persons': 300, 'wage.average': 12_000_000 }),
        // No persons: its average cannot be weighed, so it is left out of the mean.
        submission('C', { 'wage.average': 50_000_000 }),
        // Persons without an average count in the persons total but not in the mean.
        submission('D', { 'wage.persons': 1000 }),
      ],
      'P',
    )
    expect(result.values['wage.average']).toBe(11_000_000)
    expect(result.values['wage.persons']).toBe(1400)
    expect(result.reported['wage.average']).toBe(2)
  })

  it('rounds a mean in đồng to whole đồng, half away from zero', () => {
    const units = [
      unit('P', null, 'province'),
      unit('A', 'P', 'grassroots'),
      unit('B', 'P', 'grassroots'),
    ]
    const result = rollup(
      units,
      [
        submission('A', { 'wage.persons': 1, 'wage.average': 10 }),
        submission('B', { 'wage.persons': 1, 'wage.average': 11 }),
      ],
      'P',
    )
    expect(result.values['wage.average']).toBe(11)
  })

  it('is null when the weights add up to 0', () => {
    const units = [unit('P', null, 'province'), unit('A', 'P', 'grassroots')]
    const result = rollup(
      units,
      [submission('A', { 'wage.persons': 0, 'wage.average': 9_000_000 })],
      'P',
    )
    expect(result.values['wage.average']).toBeNull()
  })
})

describe('empty is not zero', () => {
  const units = [
    unit('P', null, 'province'),
    unit('A', 'P', 'grassroots'),
    unit('B', 'P', 'grassroots'),
    unit('C', 'P', 'grassroots'),
  ]
  const result = rollup(
    units,
    [
      submission('A', {
        'workers.total': 40,
        'members.total': 30,
        'welfare.amount': 0,
        notes: 'ổn',
      }),
      submission('B', { 'workers.total': 60, 'members.total': null }),
      submission('C', { 'workers.total': 10 }),
    ],
    'P',
  )

  it('leaves a row nobody reported null, and counts who reported each row', () => {
    expect(result.values['wage.persons']).toBeNull()
    expect(result.reported['wage.persons']).toBe(0)
    expect(result.values['welfare.amount']).toBe(0)
    expect(result.reported['welfare.amount']).toBe(1)
    expect(result.values['workers.total']).toBe(110)
    expect(result.reported['workers.total']).toBe(3)
    expect(result.values['members.total']).toBe(30)
    expect(result.reported['members.total']).toBe(1)
  })

  it('computes a ratio over the units that reported both its rows', () => {
    // Only A reported members and workers: 30 / 40, not 30 members over the 110 workers of three.
    expect(result.values['members.rate']).toBe(75)
    expect(result.reported['members.rate']).toBe(1)
    expect(result.values['cdcs.agreementRate']).toBeNull()
  })

  it('does not let a unit that reported only the numerator raise the rate', () => {
    const units = [
      unit('P', null, 'province'),
      unit('A', 'P', 'grassroots'),
      unit('B', 'P', 'grassroots'),
    ]
    const both = submission('A', { 'workers.total': 100, 'members.total': 50 })
    const membersOnly = submission('B', { 'members.total': 80, 'workers.total': null })
    const rolled = rollup(units, [both, membersOnly], 'P')
    expect(rolled.values['members.total']).toBe(130)
    expect(rolled.values['members.rate']).toBe(50)
    expect(rolled.reported['members.rate']).toBe(1)
  })

  it('does not consolidate text rows and headings', () => {
    expect(result.values).not.toHaveProperty('notes')
    expect(result.values).not.toHaveProperty('general')
  })
})

describe('coverage', () => {
  const units: Unit[] = [
    unit('P', null, 'province'),
    unit('U1', 'P', 'upper'),
    unit('U2', 'P', 'upper'),
    unit('G1', 'U1', 'grassroots'),
    unit('G2', 'U1', 'grassroots'),
    unit('G3', 'U1', 'grassroots'),
    unit('G4', 'U2', 'grassroots'),
    unit('G5', 'U2', 'grassroots'),
    unit('G6', 'G5', 'grassroots'),
    unit('G0', 'U2', 'grassroots', { validTo: '2026-03-31' }),
    unit('G9', 'U2', 'grassroots', { validFrom: '2026-06-01' }),
  ]
  const submissions = [
    submission('G1', { 'workers.total': 10 }, { status: 'accepted' }),
    // The last moment of 5/6 in Vietnam is still on time; a minute later is late.
    submission(
      'G2',
      { 'workers.total': 20 },
      { firstSubmittedAt: '2026-06-05T16:59:59.999Z', submittedAt: '2026-06-05T16:59:59.999Z' },
    ),
    submission(
      'G4',
      { 'workers.total': 40 },
      {
        status: 'returned',
        firstSubmittedAt: '2026-06-05T17:00:00Z',
        submittedAt: '2026-06-08T10:00:00+07:00',
      },
    ),
    submission(
      'G6',
      { 'workers.total': 60 },
      {
        status: 'accepted',
        firstSubmittedAt: '2026-06-06T00:30:00+07:00',
        submittedAt: '2026-06-06T00:30:00+07:00',
      },
    ),
    // Dissolved before the cut-off and founded after it: neither is expected, both are ignored.
    submission('G0', { 'workers.total': 1000 }),
    submission('G9', { 'workers.total': 1000 }),
    // An upper union does not fill the grassroots form.
    submission('U1', { 'workers.total': 1000 }),
  ]

  it('counts expected, submitted, accepted, returned and late units, and lists the missing', () => {
    const result = rollup(units, submissions, 'P')
    expect(result.coverage).toEqual({
      expected: 6,
      counted: 4,
      submitted: 4,
      accepted: 2,
      returned: 1,
      late: 2,
      missing: ['G3', 'G5'],
    })
    expect(result.values['workers.total']).toBe(130)
    expect(result.ignored).toBe(3)
  })

  it('counts only accepted submissions in the accepted view', () => {
    const result = rollup(units, submissions, 'P', 'accepted')
    expect(result.values['workers.total']).toBe(70)
    expect(result.coverage).toMatchObject({ expected: 6, counted: 2, submitted: 4, accepted: 2 })
    expect(result.coverage.missing).toEqual(['G2', 'G3', 'G4', 'G5'])
  })

  it('gives each child its own coverage, member CĐCS two levels down included', () => {
    const result = rollup(units, submissions, 'P')
    expect(result.children.map((c) => [c.unit, c.coverage.expected, c.coverage.missing])).toEqual([
      ['U1', 3, ['G3']],
      ['U2', 3, ['G5']],
    ])
    const u2 = rollup(units, submissions, 'U2')
    expect(u2.children.map((c) => c.unit)).toEqual(['G4', 'G5'])
    expect(u2.children[1]?.values['workers.total']).toBe(60)
  })

  it('is undefined for a unit not in the tree at the cut-off', () => {
    const tree = treeAt(units, period.cutoff)
    expect(
      rollupForUnit({ tree, form, period, submissions, unit: 'G9', view: 'latest' }),
    ).toBeUndefined()
  })
})

describe('latest submission and form versions', () => {
  const units = [
    unit('P', null, 'province'),
    unit('A', 'P', 'grassroots'),
    unit('B', 'P', 'grassroots'),
  ]

  it('counts only the latest submission of each unit, in any order', () => {
    const subs = [
      submission('A', { 'workers.total': 1 }, { submittedAt: '2026-06-01T00:00:00Z' }),
      submission('A', { 'workers.total': 2 }, { submittedAt: '2026-06-02T00:00:00Z' }),
      submission('A', { 'workers.total': 3 }, { submittedAt: '2026-06-01T12:00:00Z' }),
    ]
    expect(rollup(units, subs, 'P').values['workers.total']).toBe(2)
    expect(rollup(units, [...subs].reverse(), 'P').values['workers.total']).toBe(2)
  })

  it('settles submissions made at the same instant the same way whatever their order', () => {
    const subs = [submission('A', { 'workers.total': 5 }), submission('A', { 'workers.total': 7 })]
    const one = rollup(units, subs, 'P').values['workers.total']
    expect(rollup(units, [...subs].reverse(), 'P').values['workers.total']).toBe(one)
  })

  it('says how many submissions of each form version it consolidated', () => {
    const result = rollup(
      units,
      [
        submission('A', { 'workers.total': 5 }, { formVersion: '1' }),
        submission('B', { 'workers.total': 7 }, { formVersion: '2' }),
      ],
      'P',
    )
    expect(result.versions).toEqual({ '1': 1, '2': 1 })
    expect(result.values['workers.total']).toBe(12)
    expect(result.formVersion).toBe('1')
  })
})

describe('exact amounts', () => {
  it('sums 135,000 × 9,999,999,999,999 đồng exactly, as a decimal string beyond 2^53', () => {
    const units: Unit[] = [unit('VN', null, 'province')]
    const submissions: SubmissionForRollup[] = []
    for (let u = 0; u < 100; u++) {
      units.push(unit(`U${u}`, 'VN', 'upper'))
      for (let g = 0; g < 1350; g++) {
        units.push(unit(`U${u}.${g}`, `U${u}`, 'grassroots'))
        submissions.push(submission(`U${u}.${g}`, { 'welfare.amount': 9_999_999_999_999 }))
      }
    }
    const result = rollup(units, submissions, 'VN')
    expect(result.values['welfare.amount']).toBe('1349999999999865000')
    expect(result.children[0]?.values['welfare.amount']).toBe('13499999999998650')
    expect(result.reported['welfare.amount']).toBe(135_000)
  })

  it('keeps a weighted mean exact when Σ value × weight passes 2^53', () => {
    const units = [
      unit('P', null, 'province'),
      unit('A', 'P', 'grassroots'),
      unit('B', 'P', 'grassroots'),
    ]
    const result = rollup(
      units,
      [
        submission('A', { 'wage.persons': 3_000_000_001, 'wage.average': 9_000_000_001 }),
        submission('B', { 'wage.persons': 3_000_000_000, 'wage.average': 9_000_000_002 }),
      ],
      'P',
    )
    const exact =
      (3_000_000_001n * 9_000_000_001n + 3_000_000_000n * 9_000_000_002n) * 2n + 6_000_000_001n
    expect(result.values['wage.average']).toBe(Number(exact / (2n * 6_000_000_001n)))
  })
})

// ---- Properties over random trees ----

const levels: UnitLevel[] = ['province', 'upper', 'grassroots']
// Amounts up to 2^53 đồng each, so that random totals often pass it.
const bigAmount = fc.bigInt({ min: 0n, max: 2n ** 53n }).map(Number)

interface Case {
  units: Unit[]
  submissions: SubmissionForRollup[]
}

/** A random tree of any depth and mixed levels, each unit submitting random values or nothing. */
const cases: fc.Arbitrary<Case> = fc
  .array(
    fc.record({
      parent: fc.nat(),
      level: fc.constantFrom(...levels),
      submits: fc.boolean(),
      workers: fc.option(fc.nat({ max: 1_000_000 }), { nil: null }),
      members: fc.option(fc.nat({ max: 1_000_000 }), { nil: null }),
      persons: fc.option(fc.nat({ max: 100_000 }), { nil: null }),
      wage: fc.option(fc.nat({ max: 100_000_000 }), { nil: null }),
      amount: fc.option(bigAmount, { nil: null }),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((specs) => {
    const units: Unit[] = []
    const submissions: SubmissionForRollup[] = []
    specs.forEach((spec, i) => {
      const code = `U${String(i).padStart(2, '0')}`
      const parent = i === 0 ? null : `U${String(spec.parent % i).padStart(2, '0')}`
      units.push(unit(code, parent, i === 0 ? 'province' : spec.level))
      if (spec.submits) {
        submissions.push(
          submission(code, {
            'workers.total': spec.workers,
            'members.total': spec.members,
            'wage.persons': spec.persons,
            'wage.average': spec.wage,
            'welfare.amount': spec.amount,
          }),
        )
      }
    })
    return { units, submissions }
  })

const asBig = (v: unknown): bigint | null =>
  v === null || v === undefined ? null : BigInt(v as string | number)

function roundedQuotient(n: bigint, d: bigint, scale: bigint): bigint {
  return (2n * n * scale + d) / (2n * d)
}

describe('properties over random trees', () => {
  it('the root equals the brute-force consolidation of every grassroots unit', () => {
    fc.assert(
      fc.property(cases, ({ units, submissions }) => {
        const result = rollup(units, submissions, 'U00')
        const counted = submissions.filter(
          (s) => units.find((u) => u.code === s.unit)?.level === 'grassroots',
        )
        for (const code of ['workers.total', 'members.total', 'wage.persons', 'welfare.amount']) {
          const reported = counted.map((s) => asBig(s.values[code])).filter((v) => v !== null)
          expect(result.reported[code]).toBe(reported.length)
          expect(asBig(result.values[code])).toEqual(
            reported.length === 0 ? null : reported.reduce((a, b) => a + b, 0n),
          )
        }
        const both = counted.filter(
          (s) => s.values['workers.total'] !== null && s.values['members.total'] !== null,
        )
        const workers = both.reduce((a, s) => a + asBig(s.values['workers.total'])!, 0n)
        const members = both.reduce((a, s) => a + asBig(s.values['members.total'])!, 0n)
        const rate = workers === 0n ? null : Number(roundedQuotient(members, workers, 10000n)) / 100
        expect(result.values['members.rate']).toBe(rate)
        expect(result.reported['members.rate']).toBe(both.length)
        const pairs = counted.filter(
          (s) => s.values['wage.persons'] !== null && s.values['wage.average'] !== null,
        )
        const weight = pairs.reduce((a, s) => a + asBig(s.values['wage.persons'])!, 0n)
        const product = pairs.reduce(
          (a, s) => a + asBig(s.values['wage.persons'])! * asBig(s.values['wage.average'])!,
          0n,
        )
        expect(result.values['wage.average']).toBe(
          weight === 0n ? null : Number(roundedQuotient(product, weight, 1n)),
        )
        expect(result.coverage.expected).toBe(units.filter((u) => u.level === 'grassroots').length)
        expect(result.coverage.counted).toBe(counted.length)
      }),
    )
  })

  it('does not depend on the order of submissions, nor on older revisions passed along', () => {
    fc.assert(
      fc.property(cases, fc.infiniteStream(fc.nat()), ({ units, submissions }, stream) => {
        const keys = [...stream.take(submissions.length * 2)]
        const older = submissions.map((s) => ({
          ...s,
          submittedAt: '2026-05-30T00:00:00Z',
          values: { 'workers.total': 123 },
        }))
        const shuffled = [...submissions, ...older]
          .map((s, i) => [keys[i]!, s] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, s]) => s)
        // Older copies of an ignored submission are ignored too: compare all but that count.
        const { ignored: _a, ...reordered } = rollup(units, shuffled, 'U00')
        const { ignored: _b, ...original } = rollup(units, submissions, 'U00')
        expect(reordered).toEqual(original)
      }),
    )
  })

  it('a unit that reported only one of a ratio’s rows changes neither the ratio nor its count', () => {
    fc.assert(
      fc.property(
        cases,
        fc.nat({ max: 1_000_000 }),
        fc.boolean(),
        ({ units, submissions }, value, numeratorOnly) => {
          const extra = unit('X', 'U00', 'grassroots')
          const half = submission('X', {
            'members.total': numeratorOnly ? value : null,
            'workers.total': numeratorOnly ? null : value,
          })
          const before = rollup([...units, extra], submissions, 'U00')
          const after = rollup([...units, extra], [...submissions, half], 'U00')
          expect(after.values['members.rate']).toBe(before.values['members.rate'])
          expect(after.reported['members.rate']).toBe(before.reported['members.rate'])
        },
      ),
    )
  })

  it('rollupsForTree and rollupForUnit agree on every unit', () => {
    fc.assert(
      fc.property(
        cases,
        fc.constantFrom<RollupView>('latest', 'accepted'),
        ({ units, submissions }, view) => {
          const accepted = submissions.map((s, i) =>
            i % 2 === 0 ? { ...s, status: 'accepted' as const } : s,
          )
          const tree = treeAt(units, period.cutoff)
          const all = rollupsForTree({ tree, form, period, submissions: accepted, view })
          expect(all.size).toBe(units.length)
          for (const u of units) {
            const one = rollupForUnit({
              tree,
              form,
              period,
              submissions: accepted,
              unit: u.code,
              view,
            })
            const { children, ...withoutChildren } = one!
            expect(all.get(u.code)).toEqual(withoutChildren)
            expect(children.map((c) => c.values)).toEqual(
              tree.children(u.code).map((c) => all.get(c)!.values),
            )
          }
        },
      ),
    )
  })

  it('a ratio is Σ numerator / Σ denominator: the mean of two children’s ratios only when they share a denominator or a ratio', () => {
    const child = fc.record({
      members: fc.nat({ max: 100_000 }),
      workers: fc.integer({ min: 1, max: 100_000 }),
    })
    fc.assert(
      fc.property(child, child, fc.boolean(), (a, b, sameDenominator) => {
        const second = sameDenominator ? { ...b, workers: a.workers } : b
        const units = [
          unit('P', null, 'province'),
          unit('A', 'P', 'grassroots'),
          unit('B', 'P', 'grassroots'),
        ]
        const result = rollup(
          units,
          [
            submission('A', { 'members.total': a.members, 'workers.total': a.workers }),
            submission('B', { 'members.total': second.members, 'workers.total': second.workers }),
          ],
          'P',
        )
        const [n1, d1, n2, d2] = [a.members, a.workers, second.members, second.workers].map(
          BigInt,
        ) as [bigint, bigint, bigint, bigint]
        expect(result.values['members.rate']).toBe(
          Number(roundedQuotient(n1 + n2, d1 + d2, 10000n)) / 100,
        )
        // Compare Σn/Σd with the mean (n1/d1 + n2/d2)/2 exactly, as fractions.
        const sumsEqualMean = 2n * (n1 + n2) * d1 * d2 === (n1 * d2 + n2 * d1) * (d1 + d2)
        expect(sumsEqualMean).toBe(d1 === d2 || n1 * d2 === n2 * d1)
        const meanOfRatios = Number(roundedQuotient(n1 * d2 + n2 * d1, 2n * d1 * d2, 10000n)) / 100
        if (sumsEqualMean) {
          expect(result.values['members.rate']).toBe(meanOfRatios)
        } else if (
          Math.abs(
            Number(n1 + n2) / Number(d1 + d2) -
              (Number(n1) / Number(d1) + Number(n2) / Number(d2)) / 2,
          ) > 1e-4
        ) {
          expect(result.values['members.rate']).not.toBe(meanOfRatios)
        }
      }),
    )
  })
})

describe('the real B01', () => {
  const b01 = defaultCatalog().get('B01')!
  const units = [
    unit('P', null, 'province'),
    unit('U', 'P', 'upper'),
    unit('A', 'U', 'grassroots'),
    unit('B', 'U', 'grassroots'),
  ]

  it('consolidates members.rate from sums and wage.average over wage.persons', () => {
    const tree = treeAt(units, period.cutoff)
    const result = rollupForUnit({
      tree,
      form: b01,
      period,
      view: 'latest',
      unit: 'P',
      submissions: [
        submission(
          'A',
          {
            'workers.total': 100,
            'members.total': 90,
            'wage.persons': 100,
            'wage.average': 8_000_000,
            'welfare.amount': 5_000_000,
          },
          { formVersion: b01.version },
        ),
        submission(
          'B',
          {
            'workers.total': 900,
            'members.total': 450,
            'wage.persons': 900,
            'wage.average': 6_000_000,
            'notes.other': 'không',
          },
          { formVersion: b01.version },
        ),
      ],
    })!
    expect(result.values['members.rate']).toBe(54)
    expect(result.values['wage.average']).toBe(6_200_000)
    expect(result.values['welfare.amount']).toBe(5_000_000)
    expect(result.reported['welfare.amount']).toBe(1)
    expect(result.values['maiam.houses']).toBeNull()
    expect(result.values).not.toHaveProperty('notes.other')
    expect(result.versions).toEqual({ [b01.version]: 2 })
    expect(result.children[0]?.values['members.total']).toBe(540)
  })
})
