/**
 * @module Tests of the analysis routes over HTTP: the rollup beside the previous period, targets
 * set and shown with what was achieved, drill-down of a figure, and many live figures in one
 * request; each checked against sums worked out here.
 */
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { b01, CLOSED, errorCode, fixture, OPEN, reportPath, type Fixture } from './helpers.ts'

const unitFigures = (workers: number, members: number, extra: Record<string, number> = {}) =>
  b01({
    'workers.total': workers,
    'workers.women': Math.floor(workers / 2),
    'members.total': members,
    'members.women': Math.floor(members / 2),
    'wage.persons': workers,
    ...extra,
  }) as Record<string, number>
const now: Record<string, Record<string, number>> = {
  G1: unitFigures(120, 100, { 'members.new': 10 }),
  G1M: unitFigures(15, 15, { 'members.new': 2 }),
  G2: unitFigures(40, 31, { 'members.new': 3 }),
  G3: unitFigures(300, 210, { 'members.new': 20 }),
}
const before: Record<string, Record<string, number>> = {
  G1: unitFigures(110, 90),
  G2: unitFigures(40, 30),
  G3: unitFigures(280, 180),
}

const admin = { actor: 'admin', address: null, action: 'period.open', target: CLOSED, details: {} }

async function seed(f: Fixture, units = Object.keys(now)) {
  // Last year's reports, stored while 2025-Y was still open.
  await f.store.savePeriod(
    { id: CLOSED, cutoff: '2025-11-30', deadline: '2025-12-15', open: true },
    admin,
  )
  for (const [unit, values] of Object.entries(before)) {
    await f.store.appendRevision({
      unit,
      period: CLOSED,
      form: 'B01',
      formVersion: '2026.1',
      values,
      warnings: [],
      acknowledgedWarnings: [],
      submittedAt: '2025-12-01T00:00:00.000Z',
      submittedBy: unit,
      audit: { actor: unit, address: null, action: 'submission.create', target: unit, details: {} },
    })
  }
  await f.store.savePeriod(
    { id: CLOSED, cutoff: '2025-11-30', deadline: '2025-12-15', open: false },
    admin,
  )
  for (const unit of units) {
    const r = await f.request('PUT', reportPath(unit), {
      token: await f.token(unit),
      body: { formVersion: '2026.1', values: now[unit] },
    })
    expect(r.status).toBe(201)
  }
}

const sum = (table: Record<string, Record<string, number>>, row: string, units: string[]) =>
  units.reduce((s, u) => s + (table[u]?.[row] ?? 0), 0)

describe('the rollup beside another period', () => {
  it('compares with the previous comparable period by default: change, percent, points for a ratio', async () => {
    const f = await fixture()
    await seed(f)
    const r = await f.request('GET', `${reportPath('P')}/rollup?compare=`, {
      token: await f.token('P'),
    })
    expect(r.status).toBe(200)
    const body = (await r.json()) as {
      values: Record<string, number>
      comparison: {
        period: string
        rows: Record<
          string,
          { previous: number; change: number; changePercent: number | null; measure: string }
        >
      }
    }
    const all = ['G1', 'G1M', 'G2', 'G3']
    const membersNow = sum(now, 'members.total', all)
    const membersThen = sum(before, 'members.total', all)
    expect(body.comparison.period).toBe(CLOSED)
    expect(body.comparison.rows['members.total']).toEqual({
      previous: membersThen,
      change: membersNow - membersThen,
      changePercent: Math.round(((membersNow - membersThen) / membersThen) * 10_000) / 100,
      measure: 'difference',
    })
    const rateNow = Math.round((membersNow / sum(now, 'workers.total', all)) * 10_000) / 100
    const rateThen = Math.round((membersThen / sum(before, 'workers.total', all)) * 10_000) / 100
    expect(body.values['members.rate']).toBe(rateNow)
    expect(body.comparison.rows['members.rate']).toMatchObject({
      previous: rateThen,
      change: Math.round((rateNow - rateThen) * 100) / 100,
      changePercent: null,
      measure: 'points',
    })
  })

  it('has no comparison unless asked, and refuses a period that does not exist', async () => {
    const f = await fixture()
    await seed(f)
    const token = await f.token('P')
    const plain = (await (
      await f.request('GET', `${reportPath('P')}/rollup`, { token })
    ).json()) as {
      comparison: unknown
    }
    expect(plain.comparison).toBeNull()
    const r = await f.request('GET', `${reportPath('P')}/rollup?compare=2019-Y`, { token })
    expect(r.status).toBe(404)
    expect(await errorCode(r)).toBe('PERIOD_NOT_FOUND')
  })

  it('writes the comparison and the targets into the .xlsx export', async () => {
    const f = await fixture()
    await seed(f)
    const token = await f.token('P')
    await f.request('PUT', `${reportPath('P')}/targets`, {
      token,
      body: { targets: [{ unit: 'U1', row: 'members.new', value: 20 }] },
    })
    const r = await f.request('GET', `${reportPath('P')}/rollup?format=xlsx&compare=previous`, {
      token,
    })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await r.arrayBuffer())
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Tổng hợp',
      'Đơn vị',
      'Chưa nộp',
      'Chỉ tiêu',
    ])
    const totals = workbook.getWorksheet('Tổng hợp')!
    const members = totals
      .getRows(1, totals.rowCount)!
      .find((row) => row.getCell(9).value === 'members.total')!
    expect([members.getCell(4).value, members.getCell(5).value, members.getCell(6).value]).toEqual([
      356, 300, 56,
    ])
    const targets = workbook.getWorksheet('Chỉ tiêu')!
    const line = targets.getRows(1, targets.rowCount)!.find((row) => row.getCell(2).value === 'U1')!
    // U1: G1 10 + G1M 2 + G2 3 new members against 20.
    expect([
      line.getCell(7).value,
      line.getCell(8).value,
      line.getCell(9).value,
      line.getCell(10).value,
    ]).toEqual([20, 15, 75, 'Chưa đạt'])
  })
})

describe('targets', () => {
  it('are set by a union for the units directly below it, stored with who and when, and shown in the rollup', async () => {
    const f = await fixture()
    await seed(f)
    const token = await f.token('P')
    const put = await f.request('PUT', `${reportPath('P')}/targets`, {
      token,
      body: {
        targets: [
          { unit: 'U1', row: 'members.new', value: 12 },
          { unit: 'U2', row: 'members.new', value: 25 },
          { unit: 'U2', row: 'members.rate', value: 65 },
        ],
      },
    })
    expect(put.status).toBe(200)
    const stored = (await put.json()) as {
      targets: { unit: string; setBy: string; setAt: string }[]
    }
    expect(stored.targets.map((t) => [t.unit, t.setBy, t.setAt])).toEqual([
      ['U1', 'P', new Date(f.clock.now).toISOString()],
      ['U2', 'P', new Date(f.clock.now).toISOString()],
      ['U2', 'P', new Date(f.clock.now).toISOString()],
    ])
    const rollup = (await (
      await f.request('GET', `${reportPath('P')}/rollup`, { token })
    ).json()) as {
      targets: { children: unknown[]; rows: unknown[] }
    }
    // U2 is G3 alone: 20 new members of 25, and 210 / 300 = 70 % of 65 %.
    expect(rollup.targets.children).toEqual([
      { unit: 'U1', row: 'members.new', target: 12, achieved: 15, percent: 125, met: true },
      { unit: 'U2', row: 'members.new', target: 25, achieved: 20, percent: 80, met: false },
      { unit: 'U2', row: 'members.rate', target: 65, achieved: 70, percent: 107.69, met: true },
    ])
    expect(rollup.targets.rows).toEqual([
      { row: 'members.new', units: 2, met: 1, behind: ['U2'] },
      { row: 'members.rate', units: 1, met: 1, behind: [] },
    ])
    // The unit a target concerns sees it as its own.
    const own = (await (
      await f.request('GET', `${reportPath('U2')}/rollup`, { token: await f.token('U2') })
    ).json()) as { targets: { own: { row: string; met: boolean }[] } }
    expect(own.targets.own.map((t) => [t.row, t.met])).toEqual([
      ['members.new', false],
      ['members.rate', true],
    ])
    const audit = await f.store.listAudit({ limit: 1 })
    expect(audit[0]).toMatchObject({ actor: 'P', action: 'targets.set' })
  })

  it('refuses, storing none, targets for units not directly below, unknown rows and rates past 100', async () => {
    const f = await fixture()
    const token = await f.token('P')
    const r = await f.request('PUT', `${reportPath('P')}/targets`, {
      token,
      body: {
        targets: [
          { unit: 'U1', row: 'members.new', value: 12 },
          { unit: 'G1', row: 'members.new', value: 5 },
          { unit: 'U1', row: 'members.ghost', value: 5 },
          { unit: 'U2', row: 'members.rate', value: 120 },
        ],
      },
    })
    expect(r.status).toBe(422)
    const body = (await r.json()) as {
      error: { code: string; details: { index: number; problem: string; message: string }[] }
    }
    expect(body.error.code).toBe('TARGETS_INVALID')
    expect(body.error.details.map((d) => [d.index, d.problem])).toEqual([
      [1, 'notBelow'],
      [2, 'unknownRow'],
      [3, 'badValue'],
    ])
    expect(body.error.details[0]?.message).toContain('không trực thuộc')
    const get = (await (
      await f.request('GET', `${reportPath('P')}/targets`, { token })
    ).json()) as {
      targets: unknown[]
    }
    expect(get.targets).toEqual([])
  })

  it('cannot be seen outside the subtree', async () => {
    const f = await fixture()
    const r = await f.request('GET', `${reportPath('U1')}/targets`, { token: await f.token('U2') })
    expect(r.status).toBe(403)
  })
})

describe('drill-down', () => {
  it('lists the units behind a ratio, whose numerators and denominators add up to the figure', async () => {
    const f = await fixture()
    await seed(f, ['G1', 'G1M', 'G3'])
    const r = await f.request('GET', `${reportPath('P')}/rollup/breakdown?row=members.rate`, {
      token: await f.token('P'),
    })
    expect(r.status).toBe(200)
    const body = (await r.json()) as {
      total: number
      numerator: number
      denominator: number
      lines: {
        unit: string
        standing: string
        numerator: number | null
        denominator: number | null
        counted: boolean
        last: { period: string; numerator: number } | null
      }[]
    }
    const counted = body.lines.filter((l) => l.counted)
    expect(counted.map((l) => l.unit)).toEqual(['G1', 'G1M', 'G3'])
    expect(counted.reduce((s, l) => s + l.numerator!, 0)).toBe(body.numerator)
    expect(counted.reduce((s, l) => s + l.denominator!, 0)).toBe(body.denominator)
    expect(body.total).toBe(Math.round((body.numerator / body.denominator) * 10_000) / 100)
    const rollup = (await (
      await f.request('GET', `${reportPath('P')}/rollup`, { token: await f.token('P') })
    ).json()) as {
      values: Record<string, number>
    }
    expect(body.total).toBe(rollup.values['members.rate'])
    // G2 is missing this year; last year it had 30 members of 40 workers.
    expect(body.lines.find((l) => l.unit === 'G2')).toMatchObject({
      standing: 'missing',
      last: { period: CLOSED, numerator: 30, denominator: 40 },
    })
  })

  it('finds a row by its TT and answers 404 for a row the form does not have', async () => {
    const f = await fixture()
    await seed(f)
    const token = await f.token('P')
    const byTt = await f.request('GET', `${reportPath('P')}/rollup/breakdown?row=8`, { token })
    expect(((await byTt.json()) as { row: string }).row).toBe('members.total')
    const bad = await f.request('GET', `${reportPath('P')}/rollup/breakdown?row=nope`, { token })
    expect(bad.status).toBe(404)
    expect(await errorCode(bad)).toBe('ROW_NOT_FOUND')
  })
})

describe('POST /api/v1/figures', () => {
  it('answers many figures at once, each equal to the rollup, errors in their place', async () => {
    const f = await fixture()
    await seed(f)
    const token = await f.token('U1')
    const r = await f.request('POST', '/api/v1/figures', {
      token,
      body: {
        figures: [
          { unit: 'U1', period: OPEN, row: 'members.total' },
          { unit: 'u1', period: OPEN, row: '8' },
          { unit: 'U1', period: OPEN, row: 'tong so doan vien cong doan' },
          { unit: 'U1', period: OPEN, row: 'members.total', previous: true },
          { unit: 'U1', period: OPEN, measure: 'expected' },
          { unit: 'U1', period: OPEN, measure: 'missing' },
          { unit: 'U2', period: OPEN, row: 'members.total' },
          { unit: 'U1', period: OPEN, row: 'members.ghost' },
          { unit: 'U1', period: '2030-Y', row: 'members.total' },
          { unit: 'U1', period: CLOSED, row: 'members.total', previous: true },
        ],
      },
    })
    expect(r.status).toBe(200)
    const body = (await r.json()) as {
      figures: ({ value: number } | { error: { code: string } })[]
    }
    const shown = body.figures.map((x) => ('value' in x ? x.value : x.error.code))
    const members = sum(now, 'members.total', ['G1', 'G1M', 'G2'])
    expect(shown).toEqual([
      members,
      members,
      members,
      sum(before, 'members.total', ['G1', 'G2']),
      3,
      0,
      'NOT_YOURS',
      'ROW_NOT_FOUND',
      'PERIOD_NOT_FOUND',
      'NO_COMPARABLE_PERIOD',
    ])
  })

  it('needs a session', async () => {
    const f = await fixture()
    const r = await f.request('POST', '/api/v1/figures', {
      body: { figures: [{ unit: 'P', period: OPEN, row: 'members.total' }] },
    })
    expect(r.status).toBe(401)
  })
})
