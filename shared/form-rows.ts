/**
 * @module Questions about a form's rows that both the pane and the worker ask, kept free of zod so
 * the pane's bundle stays small.
 */
import type { FormRow } from './form-definition.ts'

/** A row that a user types into (not a heading, not derived). */
export function isEnterable(row: FormRow): boolean {
  return !row.heading && row.aggregate.type !== 'ratio'
}
