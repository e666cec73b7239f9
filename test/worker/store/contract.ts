/**
 * @module The behaviour every store backend must show, as one suite: run it against each backend
 * (SQLite, PostgreSQL) with a function that opens an empty store.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { AppendResult, NewRevision, Store } from '../../../worker/store/store.ts'
import { decideAppend } from '../../../worker/store/decisions.ts'
import type { AppendDecision, ReportState, SeenKey } from '../../../worker/store/decisions.ts'
import { defaultCatalog } from '../../../shared/form-catalog.ts'
import { numberIn } from '../../../shared/packed-values.ts'
import { rollupsForTree } from '../../../shared/rollup.ts'
import type { RollupView, SubmissionForRollup } from '../../../shared/rollup.ts'
import type { Values } from '../../../shared/form-definition.ts'
import { treeAt } from '../../../shared/unit-tree.ts'
import type { Unit } from '../../../shared/unit-tree.ts'

const audit = { actor: 'admin', address: null, action: 'test', target: 't', details: {} }

async function seeded(open: () => Promise<Store>): Promise<Store> {
  const store = await open()
  await store.importUnits(
    [
      { code: 'P', name: 'Tỉnh', parent: null, level: 'province' },
      { code: 'G', name: 'CĐCS', parent: 'P', level: 'grassroots' },
    ],
    audit,
  )
  await store.savePeriod(
    { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
    audit,
  )
  return store
}

const b01 = defaultCatalog().get('B01')!
const b01Codes = b01.rows.filter((row) => !row.heading).map((row) => row.code)

/** A province with two upper unions, CĐCS under them and a member CĐCS under a CĐCS. */
const smallProvince: Unit[] = [
  { code: 'P', name: 'Tỉnh', parent: null, level: 'province' },
  { code: 'U1', name: 'Huyện 1', parent: 'P', level: 'upper' },
  { code: 'U2', name: 'Huyện 2', parent: 'P', level: 'upper' },
  ...['G1', 'G2', 'G3'].map((code) => ({ code, name: code, parent: 'U1', level: 'grassroots' })),
  ...['G4', 'G5'].map((code) => ({ code, name: code, parent: 'U2', level: 'grassroots' })),
  { code: 'G6', name: 'G6', parent: 'G1', level: 'grassroots' },
] as Unit[]

/**
 * Values as clients send them: some of B01's rows and a stray code, in any order; whole numbers
 * (beyond 2^53 too), fractions, −0, nothing, text.
 */
const anyValues = fc
  .uniqueArray(fc.constantFrom(...b01Codes, 'stray.code'), { maxLength: 30 })
  .chain((codes) =>
    fc.tuple(
      ...codes.map((code) =>
        fc.tuple(
          fc.constant(code),
          fc.oneof(
            fc.integer({ min: -5, max: 5000 }),
            fc.integer({ min: 0, max: 9_999_999_999_999 }),
            fc.constantFrom(2 ** 53 + 2, -0, 0.1, 1e17),
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
            fc.constant(null),
            fc.constant('12'),
          ),
        ),
      ),
    ),
  )
  .map((pairs) => Object.fromEntries(pairs) as Values)

function revision(overrides: Partial<NewRevision> = {}): NewRevision {
  return {
    unit: 'G',
    period: '2026-Y',
    form: 'B01',
    formVersion: '2026.1',
    values: { 'members.total': 10 },
    warnings: [],
    acknowledgedWarnings: [],
    submittedAt: '2026-11-20T01:00:00.000Z',
    submittedBy: 'G',
    audit: { ...audit, action: 'submission.create' },
    ...overrides,
  }
}

interface ModelReport extends ReportState {
  keys: Map<string, SeenKey>
}

interface ModelAppend {
  ifMatch: number | undefined
  key: string | undefined
  hash: string
}

/** Every order of `items`. */
function* orders<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items]
    return
  }
  for (const [i, item] of items.entries()) {
    for (const rest of orders([...items.slice(0, i), ...items.slice(i + 1)])) {
      yield [item, ...rest]
    }
  }
}

/** What `decideAppend` answers each append of one report taken in `order`, and the report after. */
function replayed(
  start: ModelReport | undefined,
  order: readonly (readonly [number, ModelAppend])[],
  periodOpen: boolean,
): { answers: [number, AppendDecision][]; report: ModelReport | undefined } {
  let report = start && { ...start, keys: new Map(start.keys) }
  const answers: [number, AppendDecision][] = []
  for (const [i, send] of order) {
    const decision = decideAppend({
      report,
      seenKey: send.key === undefined ? undefined : report?.keys.get(send.key),
      requestHash: send.key === undefined ? undefined : send.hash,
      periodOpen,
      ifMatch: send.ifMatch,
    })
    answers.push([i, decision])
    if (decision.kind === 'append') {
      const keys = report?.keys ?? new Map<string, SeenKey>()
      if (send.key !== undefined) {
        keys.set(send.key, { requestHash: send.hash, revision: decision.revision })
      }
      report = { latestRevision: decision.revision, status: 'submitted', keys }
    }
  }
  return { answers, report }
}

/** Whether the store's result is the decision's. */
function agrees(result: AppendResult, decision: AppendDecision): boolean {
  switch (decision.kind) {
    case 'append':
      return result.kind === 'created' && result.revision.revision === decision.revision
    case 'replay':
      return result.kind === 'replayed' && result.revision.revision === decision.revision
    default:
      return JSON.stringify(result) === JSON.stringify(decision)
  }
}

export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`${name} store`, () => {
    it('numbers revisions from 1 without gaps, also when appended together', async () => {
      const store = await seeded(open)
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          store.appendRevision(revision({ values: { 'members.total': i } })),
        ),
      )
      const numbers = results.map((r) => (r.kind === 'created' ? r.revision.revision : -1))
      expect([...numbers].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 25 }, (_, i) => i + 1),
      )
      expect((await store.revisions('G', '2026-Y', 'B01')).map((r) => r.revision)).toEqual(
        numbers.slice().sort((a, b) => a - b),
      )
      expect((await store.latestRevision('G', '2026-Y', 'B01'))?.revision).toBe(25)
    })

    it('decides If-Match, Idempotency-Key, acceptance and closed periods inside the write', async () => {
      const store = await seeded(open)
      const idempotency = { key: 'k', requestHash: 'h1' }
      const first = await store.appendRevision(revision({ ifMatch: 0, idempotency }))
      expect(first.kind).toBe('created')
      expect((await store.appendRevision(revision({ idempotency }))).kind).toBe('replayed')
      expect(
        await store.appendRevision(revision({ idempotency: { key: 'k', requestHash: 'h2' } })),
      ).toEqual({ kind: 'keyReused' })
      expect(await store.appendRevision(revision({ ifMatch: 0 }))).toEqual({
        kind: 'conflict',
        latest: 1,
      })
      const review = {
        unit: 'G',
        period: '2026-Y',
        form: 'B01',
        comment: '',
        reviewer: 'P',
        reviewedAt: '2026-11-21T00:00:00.000Z',
        audit,
      }
      // A review names the revision its reviewer saw: an older one lands nowhere.
      expect(await store.review({ ...review, decision: 'accept', ifMatch: 0 })).toEqual({
        kind: 'conflict',
        latest: 1,
      })
      expect((await store.review({ ...review, decision: 'accept', ifMatch: 1 })).kind).toBe(
        'reviewed',
      )
      expect(await store.appendRevision(revision())).toEqual({ kind: 'accepted' })
      const returned = await store.review({ ...review, decision: 'return', comment: 'Sửa lại' })
      expect(returned.kind === 'reviewed' && returned.revision.review?.comment).toBe('Sửa lại')
      expect((await store.appendRevision(revision())).kind).toBe('created')
      await store.savePeriod(
        { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: false },
        audit,
      )
      expect(await store.appendRevision(revision())).toEqual({ kind: 'periodClosed' })
      expect(await store.review({ ...review, decision: 'accept' })).toEqual({
        kind: 'periodClosed',
      })
    })

    it('lists the latest reports of a period, with values for all or some units', async () => {
      const store = await seeded(open)
      await store.appendRevision(revision())
      await store.appendRevision(
        revision({ values: { 'members.total': 12 }, submittedAt: '2026-11-22T00:00:00.000Z' }),
      )
      const [summary] = await store.reportSummaries('2026-Y')
      expect(summary).toEqual({
        unit: 'G',
        form: 'B01',
        formVersion: '2026.1',
        revision: 2,
        status: 'submitted',
        firstSubmittedAt: '2026-11-20T01:00:00.000Z',
        submittedAt: '2026-11-22T00:00:00.000Z',
        submittedBy: 'G',
        submittedByPerson: null,
        warnings: 0,
        unconfirmed: 0,
        reviewer: null,
        reviewerPerson: null,
        decision: null,
      })
      expect((await store.reportsWithValues('2026-Y', 'B01')).map((r) => r.values)).toEqual([
        { 'members.total': 12 },
      ])
      expect(await store.reportsWithValues('2026-Y', 'B01', ['NOPE'])).toEqual([])
      expect((await store.reportsWithValues('2026-Y', 'B01', ['G']))[0]?.revision).toBe(2)
    })

    it("reads each report's latest numbers packed, as its stored values give them", async () => {
      const store = await seeded(open)
      await store.appendRevision(revision({ values: { 'members.total': 3, note: 'x' } }))
      const values = { 'members.female': null, 'members.total': 12, 'wage.avg': 0.25, x: '7' }
      await store.appendRevision(revision({ values, submittedAt: '2026-11-22T00:00:00.000Z' }))
      const [packed] = await store.latestValues('2026-Y', 'B01')
      const [plain] = await store.reportsWithValues('2026-Y', 'B01')
      expect(packed).toMatchObject({ unit: 'G', revision: 2, formVersion: '2026.1' })
      expect(packed?.values.layout.codes).toEqual(Object.keys(values))
      expect([...(packed?.values.numbers ?? [])]).toEqual([NaN, 12, 0.25, NaN])
      for (const code of Object.keys(values)) {
        expect(numberIn(packed?.values, code)).toBe(numberIn(plain?.values, code))
      }
      expect((await store.latestValues('2026-Y', 'B01', ['NOPE', 'G'])).map((r) => r.unit)).toEqual(
        ['G'],
      )
      expect(await store.latestValues('2026-Y', 'B02')).toEqual([])
    })

    it('ends the appends sent together as decideAppend decides them in some order, one at a time', async () => {
      const store = await open()
      await store.importUnits(smallProvince, audit)
      let run = 0
      const append = fc.record({
        unit: fc.constantFrom('G1', 'G2', 'G3'),
        ifMatch: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
        key: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
        hash: fc.constantFrom('h1', 'h2'),
      })
      const between = fc.option(
        fc.oneof(
          fc.record({
            review: fc.constantFrom('accept', 'return'),
            unit: fc.constantFrom('G1', 'G2'),
          }),
          fc.record({ open: fc.boolean() }),
        ),
        { nil: undefined },
      )
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.array(append, { minLength: 1, maxLength: 6 }), between), {
            maxLength: 5,
          }),
          async (batches) => {
            const period = { id: `D${++run}`, cutoff: '2026-11-30', deadline: '2026-12-15' }
            await store.savePeriod({ ...period, open: true }, audit)
            let periodOpen = true
            const reports = new Map<string, ModelReport>()
            for (const [sends, next] of batches) {
              const results = await Promise.all(
                sends.map((send) =>
                  store.appendRevision(
                    revision({
                      unit: send.unit,
                      period: period.id,
                      ...(send.ifMatch === undefined ? {} : { ifMatch: send.ifMatch }),
                      ...(send.key === undefined
                        ? {}
                        : { idempotency: { key: send.key, requestHash: send.hash } }),
                    }),
                  ),
                ),
              )
              // Appends sent together may be taken in any order, one report's as well: each
              // report's answers must be those of some order of its appends, one at a time.
              for (const unit of new Set(sends.map((send) => send.unit))) {
                const mine = [...sends.entries()].filter(([, send]) => send.unit === unit)
                const matching = [...orders(mine)]
                  .map((order) => replayed(reports.get(unit), order, periodOpen))
                  .find((tried) =>
                    tried.answers.every(([i, answer]) => agrees(results[i]!, answer)),
                  )
                expect(matching, `answers for ${unit}: ${JSON.stringify(results)}`).toBeDefined()
                if (matching?.report) {
                  reports.set(unit, matching.report)
                }
              }
              if (next && 'open' in next) {
                await store.savePeriod({ ...period, open: next.open }, audit)
                periodOpen = next.open
              } else if (next) {
                const report = reports.get(next.unit)
                const reviewed = await store.review({
                  unit: next.unit,
                  period: period.id,
                  form: 'B01',
                  decision: next.review,
                  comment: '',
                  reviewer: 'P',
                  reviewedAt: '2026-11-21T00:00:00.000Z',
                  audit,
                })
                if (report && report.latestRevision > 0 && periodOpen) {
                  expect(reviewed.kind).toBe('reviewed')
                  report.status = next.review === 'accept' ? 'accepted' : 'returned'
                }
              }
            }
          },
        ),
        { numRuns: 40 },
      )
    })

    it('gives every rollup from its packed numbers as from the values sent', async () => {
      const store = await open()
      await store.importUnits(smallProvince, audit)
      const tree = treeAt(smallProvince, '2026-11-30')
      let run = 0
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              unit: fc.constantFrom('G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'U1', 'NOPE'),
              values: anyValues,
              accept: fc.boolean(),
            }),
            { maxLength: 12 },
          ),
          async (sends) => {
            const period = { id: `R${++run}`, cutoff: '2026-11-30', deadline: '2026-12-15' }
            await store.savePeriod({ ...period, open: true }, audit)
            const plain = new Map<string, SubmissionForRollup>()
            for (const [i, send] of sends.entries()) {
              const submittedAt = new Date(Date.UTC(2026, 10, 20, 0, i)).toISOString()
              const input = revision({ ...send, period: period.id, submittedAt })
              if ((await store.appendRevision(input)).kind !== 'created') {
                continue
              }
              const first = plain.get(send.unit)?.firstSubmittedAt ?? submittedAt
              let status: SubmissionForRollup['status'] = 'submitted'
              if (send.accept) {
                await store.review({
                  ...input,
                  decision: 'accept',
                  comment: '',
                  reviewer: 'P',
                  reviewedAt: submittedAt,
                })
                status = 'accepted'
              }
              // What the clerk sent, as JSON keeps it (−0 comes back as 0).
              const values = JSON.parse(JSON.stringify(send.values)) as Values
              plain.set(send.unit, {
                unit: send.unit,
                formVersion: '2026.1',
                status,
                firstSubmittedAt: first,
                submittedAt,
                values,
              })
            }
            const packed = await store.latestValues(period.id, 'B01')
            for (const view of ['latest', 'accepted'] as RollupView[]) {
              const input = { tree, form: b01, period: { ...period, open: true }, view }
              expect(rollupsForTree({ ...input, submissions: packed })).toEqual(
                rollupsForTree({ ...input, submissions: [...plain.values()] }),
              )
            }
          },
        ),
        { numRuns: 25 },
      )
    })

    it('keeps targets with who set them, replaces and removes them, and moves the data version', async () => {
      const store = await seeded(open)
      const base = { period: '2026-Y', form: 'B01', setBy: 'P', setAt: '2026-01-05T00:00:00.000Z' }
      const before = await store.dataVersion()
      await store.saveTargets(
        [
          { ...base, unit: 'G', row: 'members.new', value: 40 },
          { ...base, unit: 'G', row: 'members.rate', value: 62.5 },
          { ...base, unit: 'H', row: 'members.new', value: 5 },
        ],
        { ...audit, action: 'targets.set' },
      )
      expect(await store.dataVersion()).toBeGreaterThan(before)
      await store.saveTargets(
        [
          { ...base, unit: 'G', row: 'members.new', value: 45, setAt: '2026-02-01T00:00:00.000Z' },
          { ...base, unit: 'H', row: 'members.new', value: null },
        ],
        { ...audit, action: 'targets.set' },
      )
      expect(await store.listTargets('2026-Y', 'B01')).toEqual([
        { ...base, unit: 'G', row: 'members.new', value: 45, setAt: '2026-02-01T00:00:00.000Z' },
        { ...base, unit: 'G', row: 'members.rate', value: 62.5 },
      ])
      expect(await store.listTargets('2026-Y', 'B01', ['H'])).toEqual([])
      expect(await store.listTargets('2026-Y', 'B02', ['G'])).toEqual([])
      expect((await store.listAudit({ limit: 1 }))[0]?.action).toBe('targets.set')
    })

    it('keeps notes and per-warning reasons, and the status facts of the latest revision', async () => {
      const store = await seeded(open)
      const warning = {
        rule: 'change:members.total',
        code: 'period_change' as const,
        row: 'members.total',
        related: [],
        severity: 'warning' as const,
        params: { value: 10, previous: 5, threshold: 40, direction: 'up' as const },
      }
      const other = { ...warning, rule: 'change:workers.total', row: 'workers.total' }
      await store.appendRevision(
        revision({
          warnings: [warning, other],
          acknowledgedWarnings: [warning.rule],
          warningReasons: { [warning.rule]: 'Kết nạp đợt lớn' },
          notes: { 'members.total': 'Gồm 2 đoàn viên chuyển đến' },
        }),
      )
      const latest = await store.latestRevision('G', '2026-Y', 'B01')
      expect([latest?.notes, latest?.warningReasons]).toEqual([
        { 'members.total': 'Gồm 2 đoàn viên chuyển đến' },
        { [warning.rule]: 'Kết nạp đợt lớn' },
      ])
      const review = {
        unit: 'G',
        period: '2026-Y',
        form: 'B01',
        comment: 'Sửa lại',
        reviewer: 'P',
        reviewedAt: '2026-11-21T00:00:00.000Z',
        audit,
      }
      expect(await store.review({ ...review, decision: 'return', ifMatch: 2 })).toEqual({
        kind: 'conflict',
        latest: 1,
      })
      await store.review({ ...review, decision: 'return', ifMatch: 1 })
      const [summary] = await store.reportSummaries('2026-Y')
      expect(summary).toMatchObject({
        submittedBy: 'G',
        warnings: 2,
        unconfirmed: 1,
        reviewer: 'P',
        decision: 'return',
      })
      await store.appendRevision(revision({ submittedBy: 'P' }))
      const [next] = await store.reportSummaries('2026-Y')
      expect(next).toMatchObject({
        submittedBy: 'P',
        warnings: 0,
        reviewer: null,
        decision: null,
      })
      expect(
        (await store.latestRevisions('2026-Y', 'B01', ['NOPE', 'G'])).map((r) => r.revision),
      ).toEqual([2])
    })

    it('records the person beside the unit on revisions, reviews and status rows; none is a unit key', async () => {
      const store = await seeded(open)
      const lan = { login: 'lan@g.vn', name: 'Nguyễn Thị Lan' }
      const binh = { login: 'binh@p.vn', name: 'Trần Văn Bình' }
      const byKey = await store.appendRevision(revision())
      expect(byKey.kind === 'created' && byKey.revision.submittedByPerson).toBeNull()
      const byLan = await store.appendRevision(
        revision({
          submittedByPerson: lan,
          audit: { ...audit, action: 'submission.create', person: 'Nguyễn Thị Lan <lan@g.vn>' },
        }),
      )
      expect(byLan.kind === 'created' && byLan.revision.submittedByPerson).toEqual(lan)
      expect((await store.listAudit({ limit: 1 }))[0]?.person).toBe('Nguyễn Thị Lan <lan@g.vn>')
      expect((await store.reportSummaries('2026-Y'))[0]).toMatchObject({
        submittedByPerson: lan,
        reviewerPerson: null,
      })
      const reviewed = await store.review({
        unit: 'G',
        period: '2026-Y',
        form: 'B01',
        decision: 'accept',
        comment: '',
        reviewer: 'P',
        reviewerPerson: binh,
        reviewedAt: '2026-11-21T00:00:00.000Z',
        audit,
      })
      expect(reviewed.kind === 'reviewed' && reviewed.revision.review?.reviewerPerson).toEqual(binh)
      expect(
        (await store.revisions('G', '2026-Y', 'B01')).map((r) => [
          r.submittedByPerson,
          r.review?.reviewerPerson ?? null,
        ]),
      ).toEqual([
        [null, null],
        [lan, binh],
      ])
      expect((await store.latestRevisions('2026-Y', 'B01', ['G']))[0]?.submittedByPerson).toEqual(
        lan,
      )
      const [summary] = await store.reportSummaries('2026-Y')
      expect(summary).toMatchObject({ submittedByPerson: lan, reviewer: 'P', reviewerPerson: binh })
      const [withValues] = await store.reportsWithValues('2026-Y', 'B01', ['G'])
      expect(withValues?.submittedByPerson).toEqual(lan)
    })

    it('a new revision by a unit key clears the person and the review of the status row', async () => {
      const store = await seeded(open)
      const lan = { login: 'lan@g.vn', name: 'Nguyễn Thị Lan' }
      await store.appendRevision(revision({ submittedByPerson: lan }))
      await store.review({
        unit: 'G',
        period: '2026-Y',
        form: 'B01',
        decision: 'return',
        comment: 'Sửa',
        reviewer: 'P',
        reviewerPerson: { login: 'binh@p.vn', name: 'Trần Văn Bình' },
        reviewedAt: '2026-11-21T00:00:00.000Z',
        audit,
      })
      await store.appendRevision(revision())
      const [summary] = await store.reportSummaries('2026-Y')
      expect(summary).toMatchObject({
        revision: 2,
        submittedByPerson: null,
        reviewer: null,
        reviewerPerson: null,
      })
    })

    it('keeps the phone and e-mail of a unit when the unit file gives them', async () => {
      const store = await seeded(open)
      await store.importUnits(
        [
          {
            code: 'G',
            name: 'CĐCS',
            parent: 'P',
            level: 'grassroots',
            phone: '0912 345 678',
            email: 'g@example.vn',
          },
        ],
        audit,
      )
      expect((await store.listUnits()).find((u) => u.code === 'G')).toMatchObject({
        phone: '0912 345 678',
        email: 'g@example.vn',
      })
    })

    it('replaces every record of an imported code and moves the versions', async () => {
      const store = await seeded(open)
      const units = await store.unitsVersion()
      const data = await store.dataVersion()
      await store.importUnits(
        [
          {
            code: 'G',
            name: 'CĐCS cũ',
            parent: 'P',
            level: 'grassroots',
            validFrom: null,
            validTo: '2025-12-31',
          },
          {
            code: 'G',
            name: 'CĐCS mới',
            parent: 'P',
            level: 'grassroots',
            validFrom: '2026-01-01',
            validTo: null,
          },
        ],
        audit,
      )
      expect((await store.listUnits()).filter((u) => u.code === 'G').map((u) => u.name)).toEqual([
        'CĐCS cũ',
        'CĐCS mới',
      ])
      expect(await store.unitsVersion()).toBeGreaterThan(units)
      expect(await store.dataVersion()).toBeGreaterThan(data)
    })

    it('keeps keys as given and revokes every active key of a unit', async () => {
      const store = await seeded(open)
      await store.addKey(
        {
          id: 'k1',
          unit: 'G',
          hash: 'scrypt$x',
          createdAt: '2026-11-01T00:00:00.000Z',
          revokedAt: null,
        },
        audit,
      )
      await store.addKey(
        {
          id: 'k2',
          unit: 'G',
          hash: 'scrypt$y',
          createdAt: '2026-11-02T00:00:00.000Z',
          revokedAt: null,
        },
        audit,
      )
      expect((await store.activeKeys('G')).map((k) => k.id)).toEqual(['k1', 'k2'])
      expect(await store.revokeKeys('G', '2026-11-03T00:00:00.000Z', audit)).toBe(2)
      expect((await store.getKey('k1'))?.revokedAt).toBe('2026-11-03T00:00:00.000Z')
      expect(await store.activeKeys('G')).toEqual([])
    })

    it('keeps accounts under their unit, one per login, and changes only what is named', async () => {
      const store = await seeded(open)
      const account = {
        login: 'lan@bk.vn',
        name: 'Nguyễn Thị Lan',
        unit: 'G',
        roles: ['lập-biểu' as const, 'duyệt' as const],
        passwordHash: null,
        codeHash: 'scrypt$code',
        createdAt: '2026-11-01T00:00:00.000Z',
        disabledAt: null,
      }
      expect(await store.addAccount(account, audit)).toBe(true)
      expect(await store.addAccount({ ...account, name: 'Khác', unit: 'H' }, audit)).toBe(false)
      await store.addAccount({ ...account, login: 'an', name: 'Trần Văn An', roles: [] }, audit)
      expect(await store.getAccount('lan@bk.vn')).toEqual(account)
      expect((await store.listAccounts('G')).map((a) => a.login)).toEqual(['an', 'lan@bk.vn'])
      expect(await store.listAccounts('H')).toEqual([])
      const before = (await store.listAudit({ limit: 100 })).length
      expect(
        await store.updateAccount(
          'lan@bk.vn',
          { passwordHash: 'scrypt$pw', codeHash: null, roles: ['quản-trị'] },
          { ...audit, action: 'account.activate' },
        ),
      ).toBe(true)
      expect(await store.getAccount('lan@bk.vn')).toEqual({
        ...account,
        passwordHash: 'scrypt$pw',
        codeHash: null,
        roles: ['quản-trị'],
      })
      expect(await store.updateAccount('nobody', { disabledAt: 'x' }, audit)).toBe(false)
      const log = await store.listAudit({ limit: 100 })
      expect(log.length).toBe(before + 1)
      expect(log[0]?.action).toBe('account.activate')
    })

    it('pages the audit log newest first', async () => {
      const store = await seeded(open)
      for (let i = 0; i < 5; i++) {
        await store.audit({ ...audit, action: `a${i}` })
      }
      const page = await store.listAudit({ limit: 3 })
      expect(page.map((e) => e.action)).toEqual(['a4', 'a3', 'a2'])
      const next = await store.listAudit({ limit: 3, before: page[2]?.id ?? 0 })
      expect(next.map((e) => e.action)).toEqual(['a1', 'a0', 'test'])
    })

    it('tells which reports its own writes changed since a data version', async () => {
      const store = await seeded(open)
      await store.importUnits(
        [{ code: 'H', name: 'CĐCS khác', parent: 'P', level: 'grassroots' }],
        audit,
      )
      const start = await store.dataVersion()
      expect(await store.changedReports(start)).toEqual([])
      await Promise.all([
        store.appendRevision(revision()),
        store.appendRevision(revision({ unit: 'H', form: 'B02' })),
        store.appendRevision(revision({ ifMatch: 7 })),
      ])
      const middle = await store.dataVersion()
      await store.review({
        unit: 'G',
        period: '2026-Y',
        form: 'B01',
        decision: 'accept',
        comment: '',
        reviewer: 'P',
        reviewedAt: '2026-11-21T01:00:00.000Z',
        audit,
      })
      const key = (r: { unit: string; form: string }) => `${r.unit}|${r.form}`
      expect((await store.changedReports(start))?.map(key).sort()).toEqual([
        'G|B01',
        'G|B01',
        'H|B02',
      ])
      expect((await store.changedReports(middle))?.map(key)).toEqual(['G|B01'])
      expect(await store.changedReports(await store.dataVersion())).toEqual([])
    })

    it('keeps warnings, acknowledgements and their reason on each revision, with its review', async () => {
      const store = await seeded(open)
      const warning = {
        rule: 'change:members.total',
        code: 'period_change' as const,
        row: 'members.total',
        related: [],
        severity: 'warning' as const,
        params: {
          value: 10,
          previous: 100,
          threshold: 30,
          direction: 'down' as const,
          changePercent: -90,
        },
      }
      const idempotency = { key: 'k1', requestHash: 'h' }
      const created = await store.appendRevision(
        revision({
          warnings: [warning],
          acknowledgedWarnings: ['change:members.total'],
          acknowledgementReason: 'Giải thể 2 tổ, chuyển 90 đoàn viên',
          idempotency,
        }),
      )
      expect(created.kind).toBe('created')
      await store.review({
        unit: 'G',
        period: '2026-Y',
        form: 'B01',
        decision: 'return',
        comment: 'Kiểm tra lại số đoàn viên',
        reviewer: 'P',
        reviewedAt: '2026-11-21T00:00:00.000Z',
        audit,
      })
      await store.appendRevision(revision({ values: { 'members.total': 95, note: 'Đã sửa' } }))
      const [first, second] = await store.revisions('G', '2026-Y', 'B01')
      expect(first).toMatchObject({
        id: 'G/2026-Y/B01/1',
        status: 'returned',
        warnings: [warning],
        acknowledgedWarnings: ['change:members.total'],
        acknowledgementReason: 'Giải thể 2 tổ, chuyển 90 đoàn viên',
        review: { revision: 1, decision: 'return', comment: 'Kiểm tra lại số đoàn viên' },
      })
      expect(second).toMatchObject({
        revision: 2,
        status: 'submitted',
        values: { 'members.total': 95, note: 'Đã sửa' },
        acknowledgementReason: null,
        review: null,
      })
      // A retry of the first request gets its first answer, as it was then.
      const replay = await store.appendRevision(revision({ idempotency }))
      expect(replay.kind === 'replayed' && replay.revision).toMatchObject({
        revision: 1,
        status: 'submitted',
        review: null,
        acknowledgementReason: 'Giải thể 2 tổ, chuyển 90 đoàn viên',
      })
    })

    it('stores each form version once, in the order loaded, and moves the data version', async () => {
      const store = await seeded(open)
      const definition = (version: string) => ({
        id: 'B09',
        version,
        title: 'Biểu thử',
        rows: [{ code: 'a', label: 'Số lượng', kind: 'count' }],
      })
      const before = await store.dataVersion()
      const load = (version: string, loadedAt: string) =>
        store.saveForm({ id: 'B09', version, definition: definition(version), loadedAt }, audit)
      expect(await load('2027.1', '2026-12-01T00:00:00.000Z')).toBe(true)
      expect(await load('2026.2', '2026-12-02T00:00:00.000Z')).toBe(true)
      expect(await load('2027.1', '2026-12-03T00:00:00.000Z')).toBe(false)
      const forms = await store.listForms()
      expect(forms.map((f) => [f.version, f.loadedAt])).toEqual([
        ['2027.1', '2026-12-01T00:00:00.000Z'],
        ['2026.2', '2026-12-02T00:00:00.000Z'],
      ])
      expect(forms[0]?.definition).toEqual(definition('2027.1'))
      expect(await store.dataVersion()).toBeGreaterThan(before)
      const formsVersion = await store.formsVersion()
      await load('2027.2', '2026-12-04T00:00:00.000Z')
      expect(await store.formsVersion()).toBeGreaterThan(formsVersion)
    })

    it('lists periods by cut-off and keeps the values of the audit log', async () => {
      const store = await seeded(open)
      await store.savePeriod(
        { id: '2026-H1', cutoff: '2026-05-31', deadline: '2026-06-15', open: false },
        { ...audit, details: { cutoff: '31/05/2026', units: ['G', 'P'] } },
      )
      expect(await store.listPeriods()).toEqual([
        { id: '2026-H1', cutoff: '2026-05-31', deadline: '2026-06-15', open: false },
        { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
      ])
      expect((await store.getPeriod('2026-H1'))?.open).toBe(false)
      expect(await store.getPeriod('2027-Y')).toBeUndefined()
      const [latest] = await store.listAudit({ limit: 1 })
      expect(latest).toMatchObject({
        actor: 'admin',
        address: null,
        details: { cutoff: '31/05/2026', units: ['G', 'P'] },
      })
      expect(typeof latest?.id).toBe('number')
    })

    it('counts failed sign-ins per key in fixed windows', async () => {
      const store = await seeded(open)
      const minute = 60_000
      await store.failSignIn(['unit:G', 'address:a'], 1_000, minute)
      await store.failSignIn(['unit:G'], 2_000, minute)
      expect(await store.signInWindows(['unit:G', 'address:a', 'address:b'])).toEqual(
        new Map([
          ['unit:G', { start: 1_000, failures: 2 }],
          ['address:a', { start: 1_000, failures: 1 }],
        ]),
      )
      await store.failSignIn(['unit:G'], 1_000 + minute, minute)
      expect((await store.signInWindows(['unit:G'])).get('unit:G')).toEqual({
        start: 1_000 + minute,
        failures: 1,
      })
      // Counting answers with the count, so attempts made at once each see the others.
      const counted = await store.failSignIn(['unit:G'], 1_000 + minute + 1, minute)
      expect(counted.get('unit:G')?.failures).toBe(2)
      await store.releaseSignIn('unit:G')
      expect((await store.signInWindows(['unit:G'])).get('unit:G')?.failures).toBe(1)
      await store.clearSignIn('unit:G')
      expect((await store.signInWindows(['unit:G'])).size).toBe(0)
    })

    it('rolls back only the write that failed in a shared batch', async () => {
      const store = await seeded(open)
      const results = await Promise.allSettled([
        store.appendRevision(revision()),
        store.importUnits(
          [{ code: 'X', name: 'X', parent: 'P', level: 'nation' as 'upper' }],
          audit,
        ),
        store.appendRevision(revision()),
      ])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      expect((await store.listUnits()).map((u) => u.code)).toEqual(['P', 'G'])
      expect((await store.revisions('G', '2026-Y', 'B01')).length).toBe(2)
    })
  })
}
