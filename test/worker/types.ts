/** @module Response types the worker tests read, from the shared API schemas. */
import type { SubmissionCreated, Submission } from '../../shared/api-schemas.ts'

export type { SubmissionCreated }
export interface SubmissionResponseBody {
  submission: Submission
  revisions?: Submission[]
}
