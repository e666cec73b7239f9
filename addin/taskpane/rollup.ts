/**
 * @module The rollup: find a unit by name (accents optional) or code, and pull its consolidated
 * figures into sheets (totals, one row per child unit, the units still missing).
 */
import type { UnitSearchResponse } from '../../shared/api-schemas.ts'
import { normalizeUnitCode, type ApiResult } from '../api/client.ts'
import { pullRollupSheet } from '../excel/rollup-sheet.ts'
import { drawRollupCharts } from '../excel/rollup-charts.ts'
import { chartPlans } from '../chart-plan.ts'
import { drillDownSelection } from '../drill-down.ts'
import { pullPeriodSeries } from '../period-series.ts'
import { UnitSearch } from '../unit-search.ts'
import {
  api,
  byId,
  errorPhrase,
  formFor,
  locale,
  pane,
  phrase,
  requireExcel,
  showError,
  tell,
} from './context.ts'
import { renderFound } from './view.ts'

export const unitSearch = new UnitSearch({
  search: (query) => api.searchUnits(pane.state.session.unit?.code ?? '', query),
  onResult: (_query, result) => showFound(result),
})

/** The units found for the search box's text; a click picks one for the rollup. */
function showFound(result: ApiResult<UnitSearchResponse>): void {
  const list = byId('rollup-found')
  if (!result.ok) {
    list.replaceChildren()
    tell(errorPhrase(result.error), 'error')
    return
  }
  pane.dispatch({
    type: 'rollup/namesSeen',
    names: Object.fromEntries(result.data.units.map((unit) => [unit.code, unit.name])),
  })
  const query = byId<HTMLInputElement>('rollup-search').value.trim()
  renderFound(list, query.length >= 2 ? result.data.units : null, locale(), (unit) => {
    byId<HTMLInputElement>('rollup-unit').value = unit.code
    renderRollupUnitName()
    list.replaceChildren()
  })
}

export function renderRollupUnitName(): void {
  const code = normalizeUnitCode(byId<HTMLInputElement>('rollup-unit').value)
  byId('rollup-unit-name').textContent = pane.state.rollup.unitNames[code] ?? ''
}

/** Fills the unit and form choices: the unit itself and its children, every form of the catalog. */
export async function fillRollupChoices(): Promise<void> {
  const { unit, children } = pane.state.session
  if (!unit) {
    return
  }
  const forms = await api.forms()
  const catalog = forms.ok ? forms.data.forms.map((form) => form.id) : []
  byId<HTMLInputElement>('rollup-unit').value = unit.code
  renderRollupUnitName()
  byId('rollup-units').replaceChildren(
    ...[unit, ...children].map((child) => {
      const option = document.createElement('option')
      option.value = child.code
      option.textContent = child.name
      return option
    }),
  )
  const ids = [...new Set([...catalog, unit.form])].sort()
  const select = byId<HTMLSelectElement>('rollup-form')
  select.replaceChildren(
    ...ids.map((form) => {
      const option = document.createElement('option')
      option.value = form
      option.textContent = form
      return option
    }),
  )
  select.value = ids[0] ?? unit.form
}

export async function pull(): Promise<void> {
  const { unit: own, period, periods, allPeriods } = pane.state.session
  const unit = normalizeUnitCode(byId<HTMLInputElement>('rollup-unit').value) || own?.code
  const formId = byId<HTMLSelectElement>('rollup-form').value || own?.form
  if (!requireExcel() || !unit || !formId || !period) {
    return
  }
  const accepted = byId<HTMLInputElement>('rollup-accepted').checked
  const compare = byId<HTMLInputElement>('rollup-compare').checked
  const result = await api.rollup(
    { unit, period, form: formId },
    accepted ? 'accepted' : 'latest',
    compare ? 'previous' : undefined,
  )
  if (!result.ok) {
    showError(result.error)
    return
  }
  // The rollup names its version; its rows are laid out by that version's definition.
  const form = await formFor(formId, result.data.formVersion)
  if (!form) {
    return
  }
  pane.dispatch({ type: 'rollup/namesSeen', names: { [result.data.unit]: result.data.name } })
  renderRollupUnitName()
  const cutoff = periods.find((p) => p.id === result.data.period)?.cutoff
  const sheet = await pullRollupSheet(form, result.data, {
    missing: result.data.missingUnits,
    ...(cutoff ? { cutoff } : {}),
    comparison: result.data.comparison ?? null,
    targets: result.data.targets ?? null,
  })
  if (byId<HTMLInputElement>('rollup-charts').checked) {
    await drawRollupCharts(chartPlans(sheet.blocks), sheet.byKind)
    await pullPeriodSeries(api, form, result.data, allPeriods)
  }
  tell(phrase('pulled', { sheet: sheet.sheet }), 'success')
}

/** "Truy nguyên ô đang chọn": the units behind the selected figure, in a new sheet. */
export async function drillDown(): Promise<void> {
  if (!requireExcel()) {
    return
  }
  const outcome = await drillDownSelection({
    api,
    formFor: (id) => formFor(id),
    unitName: (code) => pane.state.rollup.unitNames[code],
  })
  if (outcome.kind === 'failed') {
    showError(outcome.error)
  } else if (outcome.kind === 'noFigure') {
    tell(phrase('drillNoRow'), 'error')
  } else if (outcome.kind === 'done') {
    tell(
      phrase('drilled', { count: outcome.count, row: outcome.row, sheet: outcome.sheet }),
      'success',
    )
  }
}
