/**
 * @module The own-report slice: the unit's form sheet, the last check of it, the previous
 * period's figures, and where the report stands at the worker. Pure.
 */
import type { Submission } from '../../../shared/api-schemas.ts'
import type { SheetCheck } from '../../excel/form-sheet.ts'
import type { PreviousFigures } from '../../previous-figures.ts'
import type { SessionAction } from './session.ts'

export interface ReportState {
  sheet: string | null
  /** The form version the workbook's sheet was laid out with: check and submit use it. */
  formVersion: string | null
  /** A newer version of the unit's form than the sheet's, offered as "Làm mới biểu mẫu". */
  newerForm: string | null
  check: Extract<SheetCheck, { ok: true }> | null
  previous: PreviousFigures | null
  /** The latest revision of the unit's report for the period, as the worker last said. */
  latest: Submission | null
  /** The revision a submission replaces (If-Match): 0 when none yet, undefined when unknown. */
  latestRevision: number | undefined
  /** "Tải bản mới nhất" is offered: the worker refused a stale revision. */
  reloadOffered: boolean
  /** The clerk's reason for confirming each warning, by rule id. */
  reasons: Record<string, string>
}

export type ReportAction =
  | { type: 'report/sheetFound'; sheet: string; formVersion: string }
  | { type: 'report/sheetInserted'; sheet: string; formVersion: string }
  | { type: 'report/newerFormFound'; version: string | null }
  | { type: 'report/checked'; check: Extract<SheetCheck, { ok: true }>; previous: PreviousFigures }
  | { type: 'report/standingLoaded'; latest: Submission | null; latestRevision: number | undefined }
  | { type: 'report/sent'; submission: Submission }
  | { type: 'report/conflicted' }
  | { type: 'report/reloadDone' }
  | { type: 'report/reasonTyped'; rule: string; text: string }

export const initialReport: ReportState = {
  sheet: null,
  formVersion: null,
  newerForm: null,
  check: null,
  previous: null,
  latest: null,
  latestRevision: undefined,
  reloadOffered: false,
  reasons: {},
}

export function reportReducer(
  state: ReportState,
  action: ReportAction | SessionAction,
): ReportState {
  switch (action.type) {
    case 'session/signedOut':
      return initialReport
    case 'session/periodChosen':
      return { ...state, check: null, previous: null, reloadOffered: false }
    case 'report/sheetFound':
      return { ...state, sheet: action.sheet, formVersion: action.formVersion }
    case 'report/sheetInserted':
      return {
        ...state,
        sheet: action.sheet,
        formVersion: action.formVersion,
        newerForm: null,
        check: null,
      }
    case 'report/newerFormFound':
      return { ...state, newerForm: action.version }
    case 'report/checked': {
      // A reason stays with its warning as long as the warning stays; one the unit gave with its
      // latest revision is offered again.
      const rules = new Set(action.check.findings.map((finding) => finding.rule))
      const given = Object.fromEntries(
        (state.latest?.warnings ?? []).flatMap((warning) =>
          warning.reason ? [[warning.rule, warning.reason]] : [],
        ),
      )
      const reasons = Object.fromEntries(
        Object.entries({ ...given, ...state.reasons }).filter(([rule]) => rules.has(rule)),
      )
      return { ...state, check: action.check, previous: action.previous, reasons }
    }
    case 'report/reasonTyped':
      return { ...state, reasons: { ...state.reasons, [action.rule]: action.text } }
    case 'report/standingLoaded':
      return { ...state, latest: action.latest, latestRevision: action.latestRevision }
    case 'report/sent':
      return {
        ...state,
        reasons: {},
        latest: action.submission,
        latestRevision: action.submission.revision,
        reloadOffered: false,
      }
    case 'report/conflicted':
      return { ...state, reloadOffered: true }
    case 'report/reloadDone':
      return { ...state, reloadOffered: false }
    default:
      return state
  }
}
