/**
 * @module "The row across the last periods": which periods a pulled rollup's row is charted over
 * (up to five of the same kind, its own the last: 2022-Y … 2026-Y) and the one batch of live
 * figures (POST /api/v1/figures) that reads them.
 */
import type { FigureRequest, FiguresResponse, RollupResponse } from '../shared/api-schemas.ts'
import type { FormDefinition } from '../shared/form-definition.ts'
import { previousComparablePeriod } from '../shared/periods.ts'
import { periodSeriesSheet } from '../shared/rollup-sheets.ts'
import type { ApiClient } from './api/client.ts'
import { seriesChartPlan } from './chart-plan.ts'
import { addBlockSheet } from './excel/breakdown-sheet.ts'
import { drawRollupCharts } from './excel/rollup-charts.ts'

/** The periods of the series, oldest first, ending with `period`. */
export function seriesPeriods(
  period: string,
  periods: readonly { id: string; cutoff: string }[],
  count = 5,
): string[] {
  const ids = [period]
  while (ids.length < count) {
    const before = previousComparablePeriod(ids[0]!, periods)
    if (!before) {
      break
    }
    ids.unshift(before.id)
  }
  return ids
}

/** The figures to ask for: the row of the unit's rollup in each period. */
export function seriesRequests(
  unit: string,
  form: string,
  row: string,
  periods: readonly string[],
): FigureRequest[] {
  return periods.map((period) => ({ unit, period, row, form }))
}

/**
 * Adds the "Qua các kỳ" sheet of a pulled rollup with its line chart: the first row the unit set
 * targets on, else the form's first figure row. Nothing when the figures cannot be read.
 */
export async function pullPeriodSeries(
  api: ApiClient,
  form: FormDefinition,
  rollup: RollupResponse,
  periods: readonly { id: string; cutoff: string }[],
): Promise<string | undefined> {
  const row =
    rollup.targets?.rows[0]?.row ??
    form.rows.find((r) => !r.heading && r.kind !== 'text')?.code ??
    ''
  const ids = seriesPeriods(rollup.period, periods)
  const result = await api.request<FiguresResponse>('POST', '/api/v1/figures', {
    figures: seriesRequests(rollup.unit, rollup.form, row, ids),
  })
  if (!result.ok) {
    return undefined
  }
  const points = ids.map((period, i) => {
    const answer = result.data.figures[i]
    return { period, value: answer && 'value' in answer ? answer.value : null }
  })
  const block = periodSeriesSheet(form, row, { unit: rollup.unit, unitName: rollup.name }, points)
  const sheet = await addBlockSheet(block, rollup.unit, rollup.period, false)
  const plan = seriesChartPlan(block)
  if (plan) {
    await drawRollupCharts([plan], new Map([['Qua các kỳ', sheet]]))
  }
  return sheet
}
