/**
 * @module Tests of the pane's state slices, driven without a DOM: a sign-out or a new period
 * resets what belonged to the old one; a comment typed for one unit never shows for another.
 */
import { describe, expect, it } from 'vitest'
import type { StatusResponse, Submission, UnitStatus } from '../../shared/api-schemas.ts'
import { draftFor } from '../../addin/taskpane/state/desk.ts'
import {
  initialPane,
  paneReducer,
  PaneStore,
  type PaneAction,
} from '../../addin/taskpane/state/pane.ts'

const unit = (code: string): UnitStatus => ({
  unit: code,
  name: `CĐCS ${code}`,
  level: 'grassroots',
  parent: 'U1',
  parentName: 'Công đoàn ngành Giáo dục',
  form: 'B01',
  status: 'submitted',
  revision: 1,
  submittedAt: '2026-11-20T01:00:00Z',
  late: false,
  submittedBy: code,
  submittedByPerson: null,
  warnings: 0,
  unconfirmed: 0,
  reviewer: null,
  reviewerPerson: null,
  decision: null,
  phone: null,
  email: null,
})
const submission = { unit: 'G1', revision: 1 } as Submission
const status = { unit: 'U1', units: [unit('G1'), unit('G4')] } as StatusResponse

function run(...actions: PaneAction[]) {
  return actions.reduce(paneReducer, initialPane)
}

describe('the desk slice', () => {
  it('keeps a comment with the unit it was typed for: the next unit’s box is empty', () => {
    const state = run(
      { type: 'desk/statusLoaded', status, sheet: 'Tình hình nộp báo cáo' },
      { type: 'desk/unitSelected', selected: { status: unit('G1'), submission, previous: null } },
      { type: 'desk/commentTyped', unit: 'G1', text: 'Số nữ chưa khớp' },
      { type: 'desk/unitSelected', selected: { status: unit('G4'), submission, previous: null } },
    )
    expect(draftFor(state.desk, 'G4')).toBe('')
    expect(draftFor(state.desk, 'G1')).toBe('Số nữ chưa khớp')
  })

  it('forgets a unit’s comment once its review went', () => {
    const state = run(
      { type: 'desk/commentTyped', unit: 'G1', text: 'Trả lại' },
      { type: 'desk/reviewed', unit: 'G1', submission },
    )
    expect(draftFor(state.desk, 'G1')).toBe('')
  })
})

describe('named transitions across slices', () => {
  it('a sign-out resets every slice but the language and the address', () => {
    const store = new PaneStore()
    const heard: string[] = []
    store.subscribe((_state, action) => heard.push(action.type))
    store.dispatch({ type: 'session/settingsLoaded', locale: 'en', baseUrl: 'https://x.vn' })
    store.dispatch({ type: 'desk/statusLoaded', status, sheet: 'S' })
    store.dispatch({ type: 'desk/commentTyped', unit: 'G1', text: 'x' })
    store.dispatch({ type: 'report/reasonTyped', rule: 'change:workers.total', text: 'y' })
    store.dispatch({ type: 'proxy/overwriteToggled', unit: 'G1', allowed: true })
    store.dispatch({ type: 'rollup/namesSeen', names: { G1: 'CĐCS G1' } })
    store.dispatch({ type: 'session/signedOut' })
    const { session, report, desk, proxy, rollup } = store.state
    expect([session.locale, session.baseUrl]).toEqual(['en', 'https://x.vn'])
    expect([desk, report.reasons, proxy.overwrite, rollup.unitNames]).toEqual([
      initialPane.desk,
      {},
      [],
      {},
    ])
    expect(heard.at(-1)).toBe('session/signedOut')
  })

  it('choosing another period drops the last check, the status and the entry sheet', () => {
    const state = run(
      { type: 'desk/statusLoaded', status, sheet: 'S' },
      { type: 'proxy/overwriteToggled', unit: 'G1', allowed: true },
      { type: 'report/conflicted' },
      { type: 'session/periodChosen', period: '2027-H1' },
    )
    expect([state.desk.status, state.proxy.overwrite, state.report.reloadOffered]).toEqual([
      null,
      [],
      false,
    ])
    expect(state.session.period).toBe('2027-H1')
  })
})
