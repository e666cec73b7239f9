/**
 * @module Tests of what "Gửi bảng nhập hộ" sends: only changed rows, with If-Match on the revision
 * shown; a unit's own report only with consent; an accepted one never.
 */
import { describe, expect, it } from 'vitest'
import { planProxySend, proxyCounts } from '../../addin/proxy-send.ts'
import type { ProxyEntry, ProxyPrefill } from '../../addin/proxy-layout.ts'
import type { Finding } from '../../shared/finding.ts'

const entry = (unit: string, raw: ProxyEntry['raw'], findings: Finding[] = []): ProxyEntry => ({
  unit,
  rowNumber: 4,
  raw,
  findings,
  cells: {},
})
const own = (unit: string, status: ProxyPrefill['status'] = 'submitted'): ProxyPrefill => ({
  revision: 3,
  status,
  submittedBy: unit,
  submittedByPerson: null,
  reviewer: null,
  reviewerPerson: null,
  values: { 'workers.total': 74, 'members.total': 60 },
})

describe('planProxySend', () => {
  const prefilled = {
    G1: own('G1'),
    G2: { ...own('G2'), submittedBy: 'U1' },
    G3: own('G3', 'accepted'),
  }
  const entries = [
    entry('G1', { 'workers.total': 80, 'members.total': 60 }),
    entry('G2', { 'workers.total': 75, 'members.total': 60 }),
    entry('G3', { 'workers.total': 1, 'members.total': 60 }),
    entry('G4', { 'workers.total': 10, 'members.total': null }),
    entry('G5', { 'workers.total': 74, 'members.total': 60 }),
    entry('G6', { 'workers.total': 'nhiều' }, [
      { severity: 'error', rule: 'r', row: 'workers.total' } as Finding,
    ]),
  ]

  it('sends changed rows with the revision shown, asks before overwriting a unit’s own report', () => {
    const plan = planProxySend(
      [...entries, entry('G1b', { 'workers.total': 74, 'members.total': 60 })],
      { ...prefilled, G5: own('G5'), G1b: own('G1b') },
      [],
    )
    expect(plan.map((item) => [item.unit, item.kind])).toEqual([
      ['G1', 'needsConsent'],
      ['G2', 'send'],
      ['G3', 'locked'],
      ['G4', 'send'],
      ['G5', 'unchanged'],
      ['G6', 'checkFailed'],
      ['G1b', 'unchanged'],
    ])
    expect(plan.find((item) => item.unit === 'G2')).toMatchObject({ ifMatch: 3 })
    expect(plan.find((item) => item.unit === 'G4')).toMatchObject({ ifMatch: 0 })
  })

  it('overwrites a unit’s own report once the clerk consented for that unit', () => {
    const plan = planProxySend(entries.slice(0, 1), prefilled, ['G1'])
    expect(plan).toEqual([{ unit: 'G1', kind: 'send', values: entries[0]?.raw, ifMatch: 3 }])
    expect(proxyCounts([{ unit: 'G1', kind: 'queued' }]).queued).toBe(1)
  })
})
