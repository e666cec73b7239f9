/**
 * @module Which native Excel charts a pulled rollup gets, over the cells it was pulled into (so
 * they follow the figures when the sheets are pulled again): coverage by child union (sent,
 * accepted, missing) on the per-unit sheet, and the first target row set for several child unions, target
 * against achieved, on the targets sheet. Plain data: `excel/rollup-charts.ts` only draws them.
 */
import type { SheetBlock, SheetCell } from '../shared/rollup-sheets.ts'
import { columnLetter } from '../shared/sheet-layout.ts'

export interface ChartPlan {
  /** Which pulled sheet it goes on. */
  kind: SheetBlock['kind']
  type: 'ColumnClustered' | 'BarClustered' | 'LineMarkers'
  title: string
  /** The series' values, one column a series, without headers. */
  source: string
  seriesNames: string[]
  /** The category labels: the same rows as `source`. */
  categories: string
  /** Where its top left corner goes. */
  anchor: string
}

/** The 1-based row `r` of a block. */
function line(block: SheetBlock, r: number): SheetCell[] | undefined {
  return block.values[r - 1]
}

/**
 * The charts of a pulled rollup's sheets; none for a sheet with nothing to compare (no child
 * union, no target set for two units on one row).
 *
 * @example
 * chartPlans(rollupSheets(b01, rollup, options)).map((c) => c.kind) // ['Đơn vị', 'Chỉ tiêu']
 */
export function chartPlans(blocks: readonly SheetBlock[]): ChartPlan[] {
  const plans: ChartPlan[] = []
  const units = blocks.find((b) => b.kind === 'Đơn vị')
  const header = units?.headerRows[0]
  if (units && header !== undefined) {
    // The line under the header is the unit's own total; its children follow. Columns D:F are
    // Đã nộp, Đã duyệt, Chưa nộp (shared/rollup-sheets.ts keeps them side by side for this).
    const first = header + 2
    const last = units.values.length
    if (last >= first) {
      plans.push({
        kind: 'Đơn vị',
        type: 'ColumnClustered',
        title: 'Tình hình nộp báo cáo theo đơn vị trực thuộc',
        source: `D${first}:F${last}`,
        seriesNames: ['Đã nộp', 'Đã duyệt', 'Chưa nộp'],
        categories: `B${first}:B${last}`,
        anchor: `${columnLetter((units.values[0]?.length ?? 6) + 1)}${header}`,
      })
    }
  }
  const targets = blocks.find((b) => b.kind === 'Chỉ tiêu')
  const top = targets?.headerRows[0]
  if (targets && top !== undefined) {
    // Column K holds each line's row code; lines of one row code are together.
    const codeAt = (r: number) => String(line(targets, r)?.[10] ?? '')
    let start = top + 1
    while (start < targets.values.length && codeAt(start) !== codeAt(start + 1)) {
      start++
    }
    if (start < targets.values.length) {
      let end = start
      while (end < targets.values.length && codeAt(end + 1) === codeAt(start)) {
        end++
      }
      plans.push({
        kind: 'Chỉ tiêu',
        type: 'BarClustered',
        title: `Chỉ tiêu và thực hiện: ${String(line(targets, start)?.[4] ?? codeAt(start))}`,
        source: `G${start}:H${end}`,
        seriesNames: ['Chỉ tiêu', 'Thực hiện'],
        categories: `C${start}:C${end}`,
        anchor: `M${top}`,
      })
    }
  }
  return plans
}

/** A line chart of one row over the periods of a "Qua các kỳ" sheet; none with fewer than two. */
export function seriesChartPlan(block: SheetBlock): ChartPlan | undefined {
  const header = block.headerRows[0]
  if (block.kind !== 'Qua các kỳ' || header === undefined || block.values.length < header + 2) {
    return undefined
  }
  const last = block.values.length
  return {
    kind: 'Qua các kỳ',
    type: 'LineMarkers',
    title: String(block.values[0]?.[0] ?? ''),
    source: `B${header + 1}:B${last}`,
    seriesNames: [String(block.values[header - 1]?.[1] ?? '')],
    categories: `A${header + 1}:A${last}`,
    anchor: `E${header}`,
  }
}
