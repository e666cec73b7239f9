/** @module The write decisions every store backend takes inside its transaction. */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decideAppend, decideReview } from '../../../worker/store/decisions.ts'
import type { AppendFacts } from '../../../worker/store/decisions.ts'

const fresh: AppendFacts = {
  report: undefined,
  seenKey: undefined,
  requestHash: undefined,
  periodOpen: true,
  ifMatch: undefined,
}

describe('decideAppend', () => {
  it('numbers the first revision 1 and each next one after the latest', () => {
    expect(decideAppend(fresh)).toEqual({ kind: 'append', revision: 1 })
    expect(
      decideAppend({ ...fresh, report: { latestRevision: 4, status: 'returned' }, ifMatch: 4 }),
    ).toEqual({ kind: 'append', revision: 5 })
  })

  it('replays a stored key with the same body whatever has happened since, refuses another body', () => {
    const seen = {
      ...fresh,
      report: { latestRevision: 3, status: 'accepted' as const },
      seenKey: { requestHash: 'h', revision: 2 },
      periodOpen: false,
      ifMatch: 0,
    }
    expect(decideAppend({ ...seen, requestHash: 'h' })).toEqual({ kind: 'replay', revision: 2 })
    expect(decideAppend({ ...seen, requestHash: 'other' })).toEqual({ kind: 'keyReused' })
  })

  it('refuses a closed period first, then a stale If-Match, then an accepted report', () => {
    const accepted = { latestRevision: 2, status: 'accepted' as const }
    expect(decideAppend({ ...fresh, report: accepted, periodOpen: false, ifMatch: 1 })).toEqual({
      kind: 'periodClosed',
    })
    expect(decideAppend({ ...fresh, report: accepted, ifMatch: 1 })).toEqual({
      kind: 'conflict',
      latest: 2,
    })
    expect(decideAppend({ ...fresh, report: accepted, ifMatch: 2 })).toEqual({ kind: 'accepted' })
  })

  it('appends exactly when If-Match names the latest revision (0 for none)', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), (latest, ifMatch) => {
        const report =
          latest === 0 ? undefined : { latestRevision: latest, status: 'submitted' as const }
        const decision = decideAppend({ ...fresh, report, ifMatch })
        expect(decision.kind).toBe(ifMatch === latest ? 'append' : 'conflict')
      }),
    )
  })
})

describe('decideReview', () => {
  it('marks the latest revision accepted or returned in an open period only', () => {
    const report = { latestRevision: 3, status: 'submitted' as const }
    expect(decideReview({ report, periodOpen: true, decision: 'accept' })).toEqual({
      kind: 'review',
      revision: 3,
      status: 'accepted',
    })
    expect(decideReview({ report, periodOpen: true, decision: 'return' })).toMatchObject({
      status: 'returned',
    })
    expect(decideReview({ report, periodOpen: false, decision: 'accept' })).toEqual({
      kind: 'periodClosed',
    })
    expect(decideReview({ report: undefined, periodOpen: true, decision: 'accept' })).toEqual({
      kind: 'notFound',
    })
  })
})
