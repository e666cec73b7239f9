/**
 * @module The on-behalf entry slice (nhập hộ): the sheet, what it was pre-filled with per unit,
 * the last check, the units whose own report the clerk agreed to overwrite, and the last result
 * per unit. Pure.
 */
import type { FormDefinition } from '../../../shared/form-definition.ts'
import type { ProxyEntry, ProxyPrefill } from '../../proxy-layout.ts'
import type { ProxyOutcome } from '../../proxy-send.ts'
import type { SessionAction } from './session.ts'

export interface ProxyState {
  sheet: string | null
  form: FormDefinition | null
  /** What each unit's row was pre-filled with, by unit code. */
  prefilled: Record<string, ProxyPrefill>
  entries: ProxyEntry[]
  /** Units whose own report the clerk confirmed may be overwritten. */
  overwrite: string[]
  outcomes: ProxyOutcome[] | null
}

export type ProxyAction =
  | {
      type: 'proxy/inserted'
      sheet: string
      form: FormDefinition
      prefilled: Record<string, ProxyPrefill>
    }
  | { type: 'proxy/checked'; entries: ProxyEntry[] }
  | { type: 'proxy/overwriteToggled'; unit: string; allowed: boolean }
  | { type: 'proxy/sent'; outcomes: ProxyOutcome[]; prefilled: Record<string, ProxyPrefill> }

export const initialProxy: ProxyState = {
  sheet: null,
  form: null,
  prefilled: {},
  entries: [],
  overwrite: [],
  outcomes: null,
}

export function proxyReducer(state: ProxyState, action: ProxyAction | SessionAction): ProxyState {
  switch (action.type) {
    case 'session/signedOut':
    case 'session/periodChosen':
      return initialProxy
    case 'proxy/inserted':
      return {
        ...initialProxy,
        sheet: action.sheet,
        form: action.form,
        prefilled: action.prefilled,
      }
    case 'proxy/checked':
      return { ...state, entries: action.entries }
    case 'proxy/overwriteToggled': {
      const others = state.overwrite.filter((unit) => unit !== action.unit)
      return { ...state, overwrite: action.allowed ? [...others, action.unit] : others }
    }
    case 'proxy/sent':
      // A unit sent is pre-filled anew with what it now holds: its next change needs no new consent.
      return {
        ...state,
        outcomes: action.outcomes,
        prefilled: { ...state.prefilled, ...action.prefilled },
        overwrite: [],
      }
    default:
      return state
  }
}
