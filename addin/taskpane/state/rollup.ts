/** @module The rollup slice: names of the units the pane has seen, for the name beside a code. */
import type { SessionAction } from './session.ts'

export interface RollupState {
  unitNames: Record<string, string>
}

export type RollupAction = { type: 'rollup/namesSeen'; names: Record<string, string> }

export const initialRollup: RollupState = { unitNames: {} }

export function rollupReducer(
  state: RollupState,
  action: RollupAction | SessionAction,
): RollupState {
  switch (action.type) {
    case 'rollup/namesSeen':
      return { unitNames: { ...state.unitNames, ...action.names } }
    case 'session/signedOut':
      return initialRollup
    default:
      return state
  }
}
