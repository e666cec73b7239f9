/**
 * @module What both backends' group commits share: each write of a batch ends in an outcome of
 * its own (its value, or its own error after its savepoint's rollback), and its promise settles
 * with it once the batch has committed.
 */

/** One write's end in a batch. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

/** Settles each queued write of a committed batch with its own outcome. */
export function settleBatch(
  batch: readonly { resolve: (value: unknown) => void; reject: (reason: unknown) => void }[],
  outcomes: readonly Outcome[],
): void {
  batch.forEach((op, i) => {
    const outcome = outcomes[i]
    if (outcome?.ok) {
      op.resolve(outcome.value)
    } else {
      op.reject(outcome?.error)
    }
  })
}
