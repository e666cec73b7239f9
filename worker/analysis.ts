/**
 * @module What the analysis adds to a rollup as the routes serve it: the comparison with another
 * period's rollup and the targets of the unit and of the units directly below it, each worked out
 * by the shared arithmetic (`shared/analysis/`) over the cached consolidations.
 */
import { compareValues } from '../shared/analysis/comparison.ts'
import { achievement, targetAchievements } from '../shared/analysis/targets.ts'
import type { FormDefinition } from '../shared/form-definition.ts'
import { previousComparablePeriod } from '../shared/periods.ts'
import type { Rollup, RollupView } from '../shared/rollup.ts'
import type { Period, RollupResponse } from '../shared/api-schemas.ts'
import type { Services } from './context.ts'
import { cachedRollup } from './consolidation.ts'
import { ApiError } from './errors.ts'

const NO_COVERAGE = {
  expected: 0,
  counted: 0,
  submitted: 0,
  accepted: 0,
  returned: 0,
  late: 0,
  missing: [],
}

/**
 * The period a rollup is compared with: `''` or `'previous'` the previous comparable one (the
 * same kind of period, the latest earlier cut-off), else the one named. Undefined when the
 * previous one is asked for and there is none.
 */
export async function comparedPeriod(
  services: Pick<Services, 'store'>,
  period: Period,
  compare: string,
): Promise<Period | undefined> {
  const periods = await services.store.listPeriods()
  if (compare === '' || compare === 'previous') {
    return previousComparablePeriod(period.id, periods)
  }
  const other = periods.find((p) => p.id === compare)
  if (!other) {
    throw new ApiError('PERIOD_NOT_FOUND', { params: { period: compare } })
  }
  return other
}

/** A unit's rollup beside its rollup of another period; a unit not in the tree then has none. */
export async function comparison(
  services: Services,
  other: Period,
  form: FormDefinition,
  view: RollupView,
  rollup: Rollup,
): Promise<NonNullable<RollupResponse['comparison']>> {
  const then = await cachedRollup(services, other, form, view, rollup.unit)
  return {
    ...compareValues(form, rollup.values, then?.values ?? {}, other.id),
    coverage: then?.coverage ?? NO_COVERAGE,
  }
}

/** The targets of the rollup's unit (set above it) and of its children, against their figures. */
export async function rollupTargets(
  services: Services,
  period: Period,
  form: FormDefinition,
  rollup: Rollup,
): Promise<NonNullable<RollupResponse['targets']>> {
  const children = new Map(rollup.children.map((child) => [child.unit, child.values]))
  const targets = await services.store.listTargets(period.id, form.id, [
    rollup.unit,
    ...children.keys(),
  ])
  const own = targets
    .filter((t) => t.unit === rollup.unit)
    .map((t) => achievement(t, rollup.values))
  const below = targetAchievements(
    form,
    targets.filter((t) => t.unit !== rollup.unit),
    (unit) => children.get(unit),
  )
  return { own, children: below.achievements, rows: below.rows }
}
