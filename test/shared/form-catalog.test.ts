/** @module Tests of the form catalog: the built-in forms, integrity checks, versions. */
import { describe, expect, it } from 'vitest'
import {
  FormCatalog,
  builtInForms,
  defaultCatalog,
  formForLevel,
  loadForm,
  rowByCode,
} from '../../shared/form-catalog.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'

function b01(): FormDefinition {
  const form = defaultCatalog().get('B01')
  if (form === undefined) {
    throw new Error('B01 missing')
  }
  return form
}

/** A deep copy of B01 as plain data, to break on purpose. */
function b01Data(): FormDefinition {
  return structuredClone(b01())
}

function problemsOf(data: unknown): string[] {
  const loaded = loadForm(data)
  return loaded.ok ? [] : loaded.problems
}

describe('built-in forms', () => {
  it('load through loadForm', () => {
    const forms = builtInForms()
    expect(forms.map((f) => `${f.id} ${f.version} ${f.level}`)).toEqual([
      'B01 2026.1 grassroots',
      'B02 2026.1 upper',
    ])
    for (const form of forms) {
      expect(loadForm(structuredClone(form))).toEqual({ ok: true, form })
    }
  })

  it('B01 has at least 40 rows that hold values', () => {
    expect(b01().rows.filter((r) => !r.heading).length).toBeGreaterThanOrEqual(40)
  })

  it('B02 has at least 30 rows that hold values', () => {
    const b02 = defaultCatalog().get('B02')
    expect(b02?.rows.filter((r) => !r.heading).length).toBeGreaterThanOrEqual(30)
  })

  it('B01 carries every pinned code with its kind, parent and aggregate', () => {
    const rows = rowByCode(b01())
    const pinned = (code: string) => {
      const row = rows.get(code)
      return row && { kind: row.kind, parent: row.parent, aggregate: row.aggregate }
    }
    const sum = { type: 'sum' }
    expect(pinned('workers.total')).toEqual({ kind: 'count', parent: undefined, aggregate: sum })
    expect(pinned('workers.women')).toEqual({
      kind: 'count',
      parent: 'workers.total',
      aggregate: sum,
    })
    expect(pinned('members.total')).toEqual({ kind: 'count', parent: undefined, aggregate: sum })
    expect(pinned('members.women')).toEqual({
      kind: 'count',
      parent: 'members.total',
      aggregate: sum,
    })
    expect(pinned('members.new')).toEqual({
      kind: 'count',
      parent: 'members.total',
      aggregate: sum,
    })
    expect(pinned('members.rate')).toEqual({
      kind: 'percent',
      parent: undefined,
      aggregate: { type: 'ratio', numerator: 'members.total', denominator: 'workers.total' },
    })
    expect(pinned('wage.persons')).toEqual({ kind: 'count', parent: undefined, aggregate: sum })
    expect(pinned('wage.average')).toEqual({
      kind: 'average',
      parent: undefined,
      aggregate: { type: 'weightedMean', weight: 'wage.persons' },
    })
    expect(rows.get('wage.average')?.unit).toBe('đồng')
    expect(pinned('welfare.amount')).toEqual({ kind: 'amount', parent: undefined, aggregate: sum })
    expect(rows.get('welfare.amount')?.unit).toBe('đồng')
    expect(pinned('maiam.houses')).toEqual({ kind: 'count', parent: undefined, aggregate: sum })
    expect(rows.get('maiam.houses')?.unit).toBe('căn')
  })

  it('B01 requires only the workers and members totals', () => {
    const required = b01()
      .rows.filter((r) => r.required)
      .map((r) => r.code)
    expect(required).toEqual(['workers.total', 'members.total'])
  })

  it('B01 covers every indicator group of the domain', () => {
    const rows = rowByCode(b01())
    const groups = {
      labour: ['workers.underemployed', 'wage.arrears', 'workers.contract', 'workers.insured'],
      membersAndOrganisation: ['members.party', 'members.transferredOut', 'union.inspectors'],
      representation: ['agreement.coverage', 'conference.workers', 'strikes.count'],
      welfare: ['welfare.amount', 'maiam.amount', 'loans.amount', 'gifts.tet'],
      propagandaTrainingEmulation: [
        'propaganda.sessions',
        'training.courses',
        'emulation.initiatives',
      ],
      womensAffairs: ['leaders.womenRate', 'women.excellentTitle'],
      partyBuilding: ['party.introduced', 'party.admitted'],
      finance: ['finance.feeCollected', 'finance.duesCollected', 'finance.retained'],
    }
    for (const [group, codes] of Object.entries(groups)) {
      expect(
        codes.filter((code) => !rows.has(code)),
        group,
      ).toEqual([])
    }
    const headings = b01()
      .rows.filter((r) => r.heading)
      .map((r) => r.code)
    expect(headings).toEqual([
      'labour',
      'membership',
      'representation',
      'welfare',
      'propaganda',
      'womenAffairs',
      'partyBuilding',
      'finance',
      'notes',
    ])
  })

  it('B02 counts grassroots unions by sector as "of which" rows of the total', () => {
    const rows = rowByCode(defaultCatalog().get('B02') as FormDefinition)
    for (const code of ['cdcs.state', 'cdcs.nonState', 'cdcs.fdi']) {
      expect(rows.get(code)?.parent).toBe('cdcs.total')
    }
    expect(rows.get('cdcs.agreementRate')?.aggregate).toEqual({
      type: 'ratio',
      numerator: 'cdcs.withAgreement',
      denominator: 'cdcs.total',
    })
  })

  it('amounts are in đồng and text rows have a length limit', () => {
    for (const form of builtInForms()) {
      for (const row of form.rows) {
        if (row.kind === 'amount') {
          expect(row.unit, row.code).toBe('đồng')
        }
        if (row.kind === 'text' && !row.heading) {
          expect(row.maxLength, row.code).toBeGreaterThan(0)
        }
      }
    }
  })

  it('B01 keeps the members ≤ workers rule as an error', () => {
    const rule = b01().rules.find((r) => r.id === 'members-le-workers')
    expect(rule).toMatchObject({
      left: ['members.total'],
      operator: '<=',
      right: ['workers.total'],
      severity: 'error',
    })
  })
})

describe('loadForm refuses broken definitions', () => {
  it('a value that is not a form', () => {
    expect(problemsOf('B01')).toHaveLength(1)
    expect(problemsOf({ ...b01Data(), rows: [] })[0]).toMatch(/rows/)
  })

  it('a row with a bad kind, naming the row', () => {
    const data = b01Data()
    Object.assign(data.rows[1] ?? {}, { kind: 'money' })
    const problems = problemsOf(data)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/"workers\.total".*kind/)
  })

  it('a duplicate code', () => {
    const data = b01Data()
    data.rows.push({ ...data.rows[1]!, tt: '99' })
    expect(problemsOf(data)).toEqual([
      'Mã dòng "workers.total" bị dùng hai lần (TT 99). — Row code "workers.total" is used twice (TT 99).',
    ])
  })

  it('an unknown parent', () => {
    const data = b01Data()
    const women = data.rows.find((r) => r.code === 'members.women')!
    women.parent = 'members.all'
    expect(problemsOf(data)).toEqual([
      `Dòng "members.women" (TT ${women.tt}): dòng cha "members.all" không có trong biểu mẫu. — Row "members.women" (TT ${women.tt}): its parent row "members.all" is not in the form.`,
    ])
  })

  it('a parent cycle', () => {
    const data = b01Data()
    data.rows.find((r) => r.code === 'workers.total')!.parent = 'workers.women'
    const problems = problemsOf(data)
    expect(problems.filter((p) => p.includes('cycle'))).toHaveLength(2)
    expect(problems.join('\n')).toMatch(/"workers\.total".*cycle/)
  })

  it('a row placed before its parent', () => {
    const data = b01Data()
    const women = data.rows.findIndex((r) => r.code === 'members.women')
    const [row] = data.rows.splice(women, 1)
    data.rows.splice(1, 0, row!)
    expect(problemsOf(data).join('\n')).toMatch(
      /"members\.women".*must come after its parent row "members\.total"/,
    )
  })

  it('an "of which" row of another kind than its parent', () => {
    const data = b01Data()
    data.rows.find((r) => r.code === 'maiam.newHouses')!.parent = 'welfare.amount'
    expect(problemsOf(data).join('\n')).toMatch(
      /"maiam\.newHouses".*\(count\) cannot be an "of which" part of row "welfare\.amount".*\(amount\)/,
    )
  })

  it('a ratio pointing to nothing', () => {
    const data = b01Data()
    data.rows.find((r) => r.code === 'members.rate')!.aggregate = {
      type: 'ratio',
      numerator: 'members.total',
      denominator: 'labour.total',
    }
    expect(problemsOf(data).join('\n')).toMatch(
      /"members\.rate".*its denominator "labour\.total" is not in the form/,
    )
  })

  it('a weighted mean whose weight is not summable', () => {
    const data = b01Data()
    data.rows.find((r) => r.code === 'wage.average')!.aggregate = {
      type: 'weightedMean',
      weight: 'notes.other',
    }
    expect(problemsOf(data).join('\n')).toMatch(/"wage\.average".*weight "notes\.other".*summable/)
  })

  it('an average that would be summed, and a summed percentage', () => {
    const data = b01Data()
    data.rows.find((r) => r.code === 'wage.average')!.aggregate = { type: 'sum' }
    data.rows.find((r) => r.code === 'members.rate')!.aggregate = { type: 'sum' }
    const problems = problemsOf(data).join('\n')
    expect(problems).toMatch(/"wage\.average".*weightedMean, not sum/)
    expect(problems).toMatch(/"members\.rate".*never be summed/)
  })

  it('a ratio that is not a percent', () => {
    const data = b01Data()
    data.rows.find((r) => r.code === 'members.rate')!.kind = 'count'
    expect(problemsOf(data).join('\n')).toMatch(/"members\.rate".*kind must be percent/)
  })

  it('a rule naming an unknown row, or a text row', () => {
    const data = b01Data()
    data.rules.push({
      ...data.rules[0]!,
      id: 'broken',
      left: ['members.totl'],
      right: ['notes.other'],
    })
    expect(problemsOf(data)).toEqual([
      'Quy tắc "broken" nhắc đến dòng "members.totl" không có trong biểu mẫu. — Rule "broken" names row "members.totl", which is not in the form.',
      expect.stringMatching(/Rule "broken" names row "notes\.other".*does not hold a number/),
    ])
  })

  it('a rule comparing people with đồng', () => {
    const data = b01Data()
    data.rules.push({ ...data.rules[0]!, id: 'mixed', left: ['welfare.amount'] })
    expect(problemsOf(data).join('\n')).toMatch(/Rule "mixed" compares rows of different kinds/)
  })
})

describe('FormCatalog versions', () => {
  /** B01 2026.2 as an administrator would load it: JSON text with one more row. */
  function nextVersionText(change?: (form: FormDefinition) => void): string {
    const form = b01Data()
    form.version = '2026.2'
    const at = form.rows.findIndex((r) => r.code === 'workers.insuredRate')
    form.rows.splice(at, 0, {
      code: 'workers.platform',
      tt: '1.6',
      label: 'Trong đó: lao động nền tảng số',
      labelEn: 'of whom platform workers',
      unit: 'người',
      kind: 'count',
      parent: 'workers.total',
      aggregate: { type: 'sum' },
    })
    change?.(form)
    return JSON.stringify(form)
  }

  it('loads a new version from JSON text and makes it the latest', () => {
    const catalog = defaultCatalog()
    const loaded = loadForm(JSON.parse(nextVersionText()))
    expect(loaded.ok).toBe(true)
    if (!loaded.ok) {
      return
    }
    expect(catalog.add(loaded.form)).toEqual({ ok: true })
    expect(catalog.versions('B01')).toEqual(['2026.1', '2026.2'])
    expect(catalog.get('B01')?.version).toBe('2026.2')
    expect(rowByCode(catalog.get('B01')!).has('workers.platform')).toBe(true)
    expect(catalog.get('B01', '2026.1')).toEqual(b01())
    expect(rowByCode(catalog.get('B01', '2026.1')!).has('workers.platform')).toBe(false)
    expect(formForLevel(catalog, 'grassroots').version).toBe('2026.2')
    expect(catalog.list().map((f) => `${f.id} ${f.version}`)).toEqual(['B01 2026.2', 'B02 2026.1'])
  })

  it('refuses a version that changes the kind of an existing code', () => {
    const catalog = defaultCatalog()
    const loaded = loadForm(
      JSON.parse(
        nextVersionText((form) => {
          const row = form.rows.find((r) => r.code === 'maiam.houses')!
          row.kind = 'amount'
          row.unit = 'đồng'
          form.rows.find((r) => r.code === 'maiam.newHouses')!.kind = 'amount'
        }),
      ),
    )
    expect(loaded.ok).toBe(true)
    if (!loaded.ok) {
      return
    }
    const added = catalog.add(loaded.form)
    expect(added.ok).toBe(false)
    expect(added.ok ? [] : added.problems).toEqual([
      expect.stringMatching(
        /Row "maiam\.houses" is count in version 2026\.1 but amount in version 2026\.2/,
      ),
      expect.stringMatching(/Row "maiam\.newHouses" is count in version 2026\.1 but amount/),
    ])
    expect(catalog.versions('B01')).toEqual(['2026.1'])
  })

  it('refuses the same version number with different content, accepts it unchanged', () => {
    const catalog = defaultCatalog()
    expect(catalog.add(b01Data())).toEqual({ ok: true })
    const changed = b01Data()
    changed.title = 'Khác'
    expect(catalog.add(changed)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/2026\.1/)],
    })
    expect(catalog.get('B01')?.title).toBe(b01().title)
  })

  it('hands out forms that nobody can change behind the catalog', () => {
    const row = defaultCatalog().get('B01')!.rows[1]!
    expect(() => Object.assign(row, { kind: 'amount' })).toThrow(TypeError)
    expect(row.kind).toBe('count')
  })

  it('refuses an unsound form handed to add directly', () => {
    const catalog = new FormCatalog()
    const data = b01Data()
    data.rows.push({ ...data.rows[1]!, tt: '99' })
    expect(catalog.add(data).ok).toBe(false)
    expect(catalog.list()).toEqual([])
  })

  it('orders versions numerically by segment', () => {
    const catalog = new FormCatalog()
    for (const version of ['2026.10', '2026.2', '2026.1', '2027.1']) {
      const form = b01Data()
      form.version = version
      expect(catalog.add(form).ok).toBe(true)
    }
    expect(catalog.versions('B01')).toEqual(['2026.1', '2026.2', '2026.10', '2027.1'])
    expect(catalog.get('B01')?.version).toBe('2027.1')
  })

  it('answers undefined for a form or version it does not have', () => {
    const catalog = defaultCatalog()
    expect(catalog.get('B09')).toBeUndefined()
    expect(catalog.get('B01', '2025.1')).toBeUndefined()
    expect(catalog.versions('B09')).toEqual([])
  })
})

describe('forms by level', () => {
  it('grassroots unions fill B01; upper-level unions and the province fill B02', () => {
    const catalog = defaultCatalog()
    expect(formForLevel(catalog, 'grassroots').id).toBe('B01')
    expect(formForLevel(catalog, 'upper').id).toBe('B02')
    expect(formForLevel(catalog, 'province').id).toBe('B02')
  })

  it('rowByCode returns the same index for the same form', () => {
    const form = b01()
    expect(rowByCode(form)).toBe(rowByCode(form))
    expect(rowByCode(form).get('members.women')?.tt).toBe(
      form.rows.find((r) => r.code === 'members.women')?.tt,
    )
  })
})
