/**
 * @module Setting targets (giao chỉ tiêu), for the route and the command line alike: a union sets
 * targets for the units directly below it at the period's cut-off, on rows that hold a figure;
 * every target is checked first and nothing is stored when any is wrong.
 */
import type { Period } from '../shared/api-schemas.ts'
import { targetProblemText, targetProblems } from '../shared/analysis/targets.ts'
import type { Target, TargetProblemCode } from '../shared/analysis/targets.ts'
import type { FormDefinition } from '../shared/form-definition.ts'
import type { UnitTree } from '../shared/unit-tree.ts'
import type { ErrorDetails } from '../shared/api-errors.ts'
import { ApiError } from './errors.ts'
import type { AuditInput, Store } from './store/store.ts'

/** A target as a clerk gives it; a null value removes the target. */
export interface TargetInput {
  unit: string
  row: string
  value: number | null
}

export interface SetTargets {
  /** The union setting them: each target's unit must be directly below it. */
  setter: string
  period: Period
  form: FormDefinition
  tree: UnitTree
  targets: readonly TargetInput[]
}

/** Every problem of a set of targets, with its texts; empty when all can be stored. */
export function checkTargets(input: SetTargets): ErrorDetails<'TARGETS_INVALID'> {
  const { setter, form, tree, targets } = input
  const found: { index: number; problem: TargetProblemCode }[] = []
  const valued = targets.flatMap((t, index) =>
    t.value === null ? [] : [{ index, row: t.row, value: t.value }],
  )
  const checked = new Map(
    targetProblems(form, valued).map((p) => [valued[p.index]!.index, p.problem]),
  )
  const seen = new Set<string>()
  targets.forEach((t, index) => {
    const key = `${t.unit.toUpperCase()}\u0000${t.row}`
    const problem =
      tree.get(t.unit.toUpperCase())?.parent !== setter
        ? 'notBelow'
        : seen.has(key)
          ? 'duplicate'
          : t.value === null
            ? undefined
            : checked.get(index)
    seen.add(key)
    if (problem) {
      found.push({ index, problem })
    }
  })
  return found.map(({ index, problem }) => {
    const t = targets[index]!
    const params = { unit: t.unit, row: t.row, form: form.id, setter }
    return {
      index,
      unit: t.unit,
      row: t.row,
      problem,
      message: targetProblemText(problem, params, 'vi'),
      messageEn: targetProblemText(problem, params, 'en'),
    }
  })
}

/** Checks and stores targets in one transaction; throws TARGETS_INVALID when any is wrong. */
export async function setTargets(
  store: Store,
  input: SetTargets,
  at: Date,
  audit: Omit<AuditInput, 'action' | 'target' | 'details'>,
): Promise<void> {
  const problems = checkTargets(input)
  if (problems.length > 0) {
    throw new ApiError('TARGETS_INVALID', {
      params: { count: problems.length },
      details: problems,
    })
  }
  const setAt = at.toISOString()
  await store.saveTargets(
    input.targets.map((t) => ({
      unit: t.unit.toUpperCase(),
      period: input.period.id,
      form: input.form.id,
      row: t.row,
      value: t.value,
      setBy: input.setter,
      setAt,
    })),
    {
      ...audit,
      action: 'targets.set',
      target: `${input.setter}/${input.period.id}/${input.form.id}`,
      details: { count: input.targets.length },
    },
  )
}

/** The targets of a unit and of the units directly below it. */
export async function targetsAround(
  store: Store,
  tree: UnitTree,
  unit: string,
  period: string,
  form: string,
): Promise<Target[]> {
  return store.listTargets(period, form, [unit, ...tree.children(unit)])
}
