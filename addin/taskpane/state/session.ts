/**
 * @module The session slice: who the pane works as (a person or a unit key, signed in, or offline
 * as a unit it saved) and what they may do there, how they sign in, the language, the worker's
 * address, the periods and the chosen one. Pure: no DOM, no HTTP.
 */
import { ACTS, mayDo, type Act } from '../../../shared/accounts.ts'
import type { Period, TokenResponse, UnitDetail } from '../../../shared/api-schemas.ts'
import type { PaneLocale } from '../../i18n.ts'

/** The signed-in session: the sign-in's answer as it is (`person` absent for a unit key). */
export type Session = TokenResponse

/**
 * How the clerk signs in: a unit's code and access key, a person's login and password, or a
 * person's first password set with the one-time code (kích hoạt).
 */
export type SignInMode = 'key' | 'person' | 'activate'

export interface SessionState {
  locale: PaneLocale
  baseUrl: string
  signInMode: SignInMode
  session: Session | null
  /**
   * Working without a session (no token: the pane was reopened with the worker unreachable) as
   * this unit, from what the pane saved: checks run, submissions queue until the next sign-in.
   */
  offlineUnit: string | null
  unit: UnitDetail | null
  /** When the unit's detail and the periods shown were saved, when they come from storage. */
  staleSince: string | null
  children: UnitDetail[]
  /** Every period, closed ones too: the previous comparable period is usually closed. */
  allPeriods: Period[]
  periods: Period[]
  period: string | null
  inExcel: boolean
  /** Excel reads a typed 25.000 as 25 (English-locale decimals). */
  decimalDot: boolean
}

export type SessionAction =
  | {
      type: 'session/settingsLoaded'
      locale: PaneLocale
      baseUrl: string
      signInMode: SignInMode
    }
  | { type: 'session/signInModeChosen'; mode: SignInMode }
  | { type: 'session/localeToggled' }
  | { type: 'session/baseUrlSaved'; baseUrl: string }
  | { type: 'session/excelReady'; inExcel: boolean }
  | { type: 'session/signedIn'; session: Session }
  | { type: 'session/offlineChosen'; unit: string }
  | { type: 'session/signedOut' }
  | {
      type: 'session/unitLoaded'
      unit: UnitDetail
      staleSince: string | null
      allPeriods: Period[]
      periods: Period[]
    }
  | { type: 'session/childrenLoaded'; children: UnitDetail[] }
  | { type: 'session/workbookRead'; decimalDot: boolean; period: string | null }
  | { type: 'session/periodChosen'; period: string }

export const initialSession: SessionState = {
  locale: 'vi',
  baseUrl: '',
  signInMode: 'key',
  session: null,
  offlineUnit: null,
  unit: null,
  staleSince: null,
  children: [],
  allPeriods: [],
  periods: [],
  period: null,
  inExcel: false,
  decimalDot: false,
}

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'session/settingsLoaded':
      return {
        ...state,
        locale: action.locale,
        baseUrl: action.baseUrl,
        signInMode: action.signInMode,
      }
    case 'session/signInModeChosen':
      return { ...state, signInMode: action.mode }
    case 'session/localeToggled':
      return { ...state, locale: state.locale === 'vi' ? 'en' : 'vi' }
    case 'session/baseUrlSaved':
      return { ...state, baseUrl: action.baseUrl }
    case 'session/excelReady':
      return { ...state, inExcel: action.inExcel }
    case 'session/signedIn':
      return { ...state, session: action.session, offlineUnit: null }
    case 'session/offlineChosen':
      return { ...state, offlineUnit: action.unit }
    case 'session/signedOut':
      // What stays: the language, the address, how one signs in, and whether we run in Excel.
      return {
        ...initialSession,
        locale: state.locale,
        baseUrl: state.baseUrl,
        signInMode: state.signInMode === 'activate' ? 'person' : state.signInMode,
        inExcel: state.inExcel,
        decimalDot: state.decimalDot,
      }
    case 'session/unitLoaded':
      return {
        ...state,
        unit: action.unit,
        staleSince: action.staleSince,
        allPeriods: action.allPeriods,
        periods: action.periods,
        period: action.periods[0]?.id ?? null,
      }
    case 'session/childrenLoaded':
      return { ...state, children: action.children }
    case 'session/workbookRead':
      return {
        ...state,
        decimalDot: action.decimalDot,
        period:
          action.period && state.periods.some((p) => p.id === action.period)
            ? action.period
            : state.period,
      }
    case 'session/periodChosen':
      return { ...state, period: action.period }
  }
}

/**
 * What the pane offers, act by act, from the rule the worker checks (shared/accounts.ts): a
 * person, what their roles allow; a unit key, or working offline as a unit, everything the unit
 * may do (what the worker refuses later is said then).
 */
export function sessionActs(state: SessionState): Record<Act, boolean> {
  const roles = state.session?.person?.roles ?? null
  return Object.fromEntries(
    (Object.keys(ACTS) as Act[]).map((act) => [act, mayDo(roles, act)]),
  ) as Record<Act, boolean>
}
