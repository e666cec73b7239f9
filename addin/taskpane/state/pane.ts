/**
 * @module The pane's state: one slice per thing the clerk does, each changed only by named
 * transitions (Script Lab's reducers are the model), so a sign-out or a new period resets every
 * slice in one place and a test drives it all without a DOM.
 */
import { deskReducer, initialDesk, type DeskAction, type DeskState } from './desk.ts'
import { initialProxy, proxyReducer, type ProxyAction, type ProxyState } from './proxy.ts'
import { initialReport, reportReducer, type ReportAction, type ReportState } from './report.ts'
import { initialRollup, rollupReducer, type RollupAction, type RollupState } from './rollup.ts'
import { initialSession, sessionReducer, type SessionAction, type SessionState } from './session.ts'

export interface PaneState {
  session: SessionState
  report: ReportState
  desk: DeskState
  proxy: ProxyState
  rollup: RollupState
}

export type PaneAction = SessionAction | ReportAction | DeskAction | ProxyAction | RollupAction

export const initialPane: PaneState = {
  session: initialSession,
  report: initialReport,
  desk: initialDesk,
  proxy: initialProxy,
  rollup: initialRollup,
}

export function paneReducer(state: PaneState, action: PaneAction): PaneState {
  const session = action.type.startsWith('session/')
    ? sessionReducer(state.session, action as SessionAction)
    : state.session
  return {
    session,
    report: reportReducer(state.report, action as ReportAction | SessionAction),
    desk: deskReducer(state.desk, action as DeskAction | SessionAction),
    proxy: proxyReducer(state.proxy, action as ProxyAction | SessionAction),
    rollup: rollupReducer(state.rollup, action as RollupAction | SessionAction),
  }
}

/** The pane's one store: `state` is replaced by each `dispatch`, listeners hear every change. */
export class PaneStore {
  #state: PaneState
  readonly #listeners = new Set<(state: PaneState, action: PaneAction) => void>()

  constructor(state: PaneState = initialPane) {
    this.#state = state
  }

  get state(): PaneState {
    return this.#state
  }

  dispatch(action: PaneAction): void {
    this.#state = paneReducer(this.#state, action)
    for (const listener of this.#listeners) {
      listener(this.#state, action)
    }
  }

  subscribe(listener: (state: PaneState, action: PaneAction) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}
