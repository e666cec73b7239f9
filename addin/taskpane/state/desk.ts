/**
 * @module The desk slice: the subtree's standing (the status sheet's rows), the one unit the clerk
 * selected with its report, and a comment draft per unit, so a comment typed for one unit never
 * reaches another. Pure.
 */
import type { StatusResponse, Submission, UnitStatus } from '../../../shared/api-schemas.ts'
import type { Values } from '../../../shared/form-definition.ts'
import type { SessionAction } from './session.ts'

export interface SelectedUnit {
  status: UnitStatus
  /** Its latest report; null when it has sent none. */
  submission: Submission | null
  /** The same unit's figures for the previous comparable period, when it sent them. */
  previous: { period: string; values: Values } | null
}

export interface DeskState {
  status: StatusResponse | null
  /** The name of the status sheet the rows were written to. */
  statusSheet: string | null
  selected: SelectedUnit | null
  /** Comment drafts by unit code. */
  drafts: Record<string, string>
}

export type DeskAction =
  | { type: 'desk/statusLoaded'; status: StatusResponse; sheet: string | null }
  | { type: 'desk/unitSelected'; selected: SelectedUnit }
  | { type: 'desk/selectionCleared' }
  | { type: 'desk/commentTyped'; unit: string; text: string }
  | { type: 'desk/reviewed'; unit: string; submission: Submission }

export const initialDesk: DeskState = {
  status: null,
  statusSheet: null,
  selected: null,
  drafts: {},
}

export function deskReducer(state: DeskState, action: DeskAction | SessionAction): DeskState {
  switch (action.type) {
    case 'session/signedOut':
    case 'session/periodChosen':
      return initialDesk
    case 'desk/statusLoaded':
      return { ...state, status: action.status, statusSheet: action.sheet }
    case 'desk/unitSelected':
      return { ...state, selected: action.selected }
    case 'desk/selectionCleared':
      return { ...state, selected: null }
    case 'desk/commentTyped':
      return { ...state, drafts: { ...state.drafts, [action.unit]: action.text } }
    case 'desk/reviewed': {
      const { [action.unit]: _done, ...drafts } = state.drafts
      const selected =
        state.selected?.status.unit === action.unit
          ? { ...state.selected, submission: action.submission }
          : state.selected
      return { ...state, drafts, selected }
    }
    default:
      return state
  }
}

/** The comment box's text for `unit`: its own draft, empty for a unit not yet commented. */
export function draftFor(state: DeskState, unit: string): string {
  return state.drafts[unit] ?? ''
}
