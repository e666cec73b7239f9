/**
 * @module A revision's JSON columns as both backends store them: the values (the text the caller
 * wrote already, when it did), findings, acknowledgements, notes and reasons.
 */
import type { NewRevision } from './store.ts'

export interface RevisionTexts {
  values: string
  warnings: string
  acknowledged: string
  notes: string
  warningReasons: string
}

export function revisionTexts(input: NewRevision): RevisionTexts {
  return {
    values: input.valuesJson ?? JSON.stringify(input.values),
    warnings: JSON.stringify(input.warnings),
    acknowledged: JSON.stringify(input.acknowledgedWarnings),
    notes: JSON.stringify(input.notes ?? {}),
    warningReasons: JSON.stringify(input.warningReasons ?? {}),
  }
}
