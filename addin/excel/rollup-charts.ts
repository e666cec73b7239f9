/**
 * @module Draws the native charts of a pulled rollup (`chart-plan.ts`) over its sheets, in one
 * sync: Excel's own charts, so they follow the cells. Needs ExcelApi 1.7 (series names and
 * category axes), which the manifest requires.
 */
import type { ChartPlan } from '../chart-plan.ts'
import { runExcel } from './run.ts'

/** Adds each chart to the sheet of its kind (`sheets`: pulled sheet names by kind). */
export async function drawRollupCharts(
  plans: readonly ChartPlan[],
  sheets: ReadonlyMap<ChartPlan['kind'], string>,
): Promise<number> {
  return runExcel(async (context) => {
    let drawn = 0
    for (const plan of plans) {
      const name = sheets.get(plan.kind)
      if (name === undefined) {
        continue
      }
      const sheet = context.workbook.worksheets.getItem(name)
      const chart = sheet.charts.add(plan.type, sheet.getRange(plan.source), 'Columns')
      chart.title.text = plan.title
      plan.seriesNames.forEach((seriesName, i) => {
        const series = chart.series.getItemAt(i)
        series.name = seriesName
        series.setXAxisValues(sheet.getRange(plan.categories))
      })
      chart.setPosition(plan.anchor)
      drawn++
    }
    await context.sync()
    return drawn
  })
}
