/**
 * @module Tests of the pane's state slices, driven without a DOM: a sign-out or a new period
 * resets what belonged to the old one; a comment typed for one unit never shows for another.
 */
import { describe, expect, it } from 'vitest'
import type { StatusResponse, Submission, UnitStatus } from '../../shared/api-schemas.ts'
import { draftFor } from '../../addin/taskpane/state/desk.ts'
import { sessionActs, type Session } from '../../addin/taskpane/state/session.ts'
import type { Role } from '../../shared/accounts.ts'
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
  it('a sign-out resets every slice but the language, the address and the way in', () => {
    const store = new PaneStore()
    const heard: string[] = []
    store.subscribe((_state, action) => heard.push(action.type))
    store.dispatch({
      type: 'session/settingsLoaded',
      locale: 'en',
      baseUrl: 'https://x.vn',
      signInMode: 'person',
    })
    store.dispatch({ type: 'desk/statusLoaded', status, sheet: 'S' })
    store.dispatch({ type: 'desk/commentTyped', unit: 'G1', text: 'x' })
    store.dispatch({ type: 'report/reasonTyped', rule: 'change:workers.total', text: 'y' })
    store.dispatch({ type: 'proxy/overwriteToggled', unit: 'G1', allowed: true })
    store.dispatch({ type: 'rollup/namesSeen', names: { G1: 'CĐCS G1' } })
    store.dispatch({ type: 'session/signedOut' })
    const { session, report, desk, proxy, rollup } = store.state
    expect([session.locale, session.baseUrl, session.signInMode]).toEqual([
      'en',
      'https://x.vn',
      'person',
    ])
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

describe('who is signed in, and what the pane offers them', () => {
  const signedIn = (roles: Role[] | null): Session => ({
    token: 't',
    expiresAt: '2026-11-30T00:00:00Z',
    unit: { code: 'U1', name: 'Công đoàn ngành Giáo dục', level: 'upper' },
    ...(roles ? { person: { login: 'lan', name: 'Nguyễn Thị Lan', roles } } : {}),
  })
  const offered = (roles: Role[] | null) => {
    const acts = sessionActs(run({ type: 'session/signedIn', session: signedIn(roles) }).session)
    return Object.keys(acts).filter((act) => acts[act as keyof typeof acts])
  }

  it('a lập biểu at an upper union gets the own report only: no review, no Nhập hộ', () => {
    expect(offered(['lập-biểu'])).toEqual(['submitOwn'])
  })

  it('a duyệt gets the desk and Nhập hộ but not the own report', () => {
    expect(offered(['duyệt'])).toEqual(['review', 'enterOnBehalf', 'setTargets'])
  })

  it('a unit key, and working offline as a unit, keep every action of the unit', () => {
    expect(offered(null)).toEqual([
      'submitOwn',
      'review',
      'enterOnBehalf',
      'setTargets',
      'administer',
    ])
    const offline = run({ type: 'session/offlineChosen', unit: 'G1' }).session
    expect(Object.values(sessionActs(offline)).every(Boolean)).toBe(true)
  })

  it('activating leads back to the person sign-in after a sign-out', () => {
    const state = run(
      { type: 'session/signInModeChosen', mode: 'activate' },
      { type: 'session/signedIn', session: signedIn(['duyệt']) },
      { type: 'session/signedOut' },
    )
    expect(state.session.signInMode).toBe('person')
    expect(run({ type: 'session/signInModeChosen', mode: 'key' }).session.signInMode).toBe('key')
  })
})
