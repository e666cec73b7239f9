/**
 * @module targets:import FILE: targets (chỉ tiêu) from a .csv or .xlsx with the columns
 * unit,period,form,row,value (row: the row code or its TT). Each target is set by the unit's own
 * upper union at the period's cut-off, as if that union had set it in the pane; every bad line is
 * reported with its number, and nothing is stored when any line is bad.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { findRow } from '../../shared/analysis/figures.ts'
import type { FormCatalog } from '../../shared/form-catalog.ts'
import { parseVietnameseNumber } from '../../shared/numbers.ts'
import { cellScalar } from '../../shared/sheet-layout.ts'
import type { UnitDirectory } from '../unit-directory.ts'
import type { Store, TargetChange } from '../store/store.ts'
import { checkTargets } from '../targets.ts'
import { parseTable, type LineProblem } from './table-file.ts'

const COLUMNS = ['unit', 'period', 'form', 'row', 'value'] as const

function text(value: unknown): string {
  const scalar = cellScalar(value)
  return scalar === null ? '' : String(scalar).normalize('NFC').trim()
}

/**
 * Reads and checks a targets file; the targets to store, or every problem with its line.
 *
 * @example
 * await targetsFromFile('chi-tieu-2026.csv', { store, catalog, units }, new Date())
 */
export async function targetsFromFile(
  file: string,
  services: { store: Store; catalog: FormCatalog; units: UnitDirectory },
  at: Date,
): Promise<{ ok: true; targets: TargetChange[] } | { ok: false; problems: LineProblem[] }> {
  const extension = path.extname(file).toLowerCase()
  if (extension !== '.csv' && extension !== '.xlsx') {
    return {
      ok: false,
      problems: [{ line: 0, message: 'chỉ nhận tệp .csv hoặc .xlsx / only .csv or .xlsx files' }],
    }
  }
  const rows = await parseTable(
    await readFile(file),
    extension === '.xlsx' ? 'xlsx' : 'csv',
    'bảng chỉ tiêu / targets table',
  )
  if (!Array.isArray(rows)) {
    return { ok: false, problems: [rows] }
  }
  const [header, ...body] = rows
  const names = (header?.cells ?? []).map((cell) => text(cell).toLowerCase())
  const index = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)]))
  const missing = COLUMNS.filter((c) => index[c] === -1)
  if (missing.length > 0) {
    return {
      ok: false,
      problems: [
        {
          line: header?.line ?? 1,
          message: `thiếu cột ${missing.join(', ')} / missing columns ${missing.join(', ')}`,
        },
      ],
    }
  }
  const periods = await services.store.listPeriods()
  const problems: LineProblem[] = []
  const targets: TargetChange[] = []
  const lines: number[] = []
  for (const row of body) {
    const field = (c: (typeof COLUMNS)[number]) => text(row.cells[index[c]!])
    if (COLUMNS.every((c) => field(c) === '')) {
      continue
    }
    const unit = field('unit').toUpperCase()
    const period = periods.find((p) => p.id === field('period').toUpperCase())
    const form = services.catalog.get(field('form').toUpperCase())
    const formRow = form && findRow(form, field('row'))
    const raw = row.cells[index.value!]
    const parsed = parseVietnameseNumber(field('value'))
    const value = typeof raw === 'number' ? raw : parsed.ok ? parsed.value : undefined
    const fail = (message: string) => problems.push({ line: row.line, message })
    if (!period) {
      fail(`không có kỳ ${field('period')} / no period ${field('period')}`)
      continue
    }
    if (!form) {
      fail(`không có biểu mẫu ${field('form')} / no form ${field('form')}`)
      continue
    }
    if (!formRow) {
      fail(
        `biểu mẫu ${form.id} không có dòng "${field('row')}" / form ${form.id} has no row "${field('row')}"`,
      )
      continue
    }
    if (value === undefined) {
      fail(
        `chỉ tiêu "${field('value')}" không phải số / the target "${field('value')}" is not a number`,
      )
      continue
    }
    const tree = await services.units.treeAt(period.cutoff)
    const setter = tree.get(unit)?.parent
    if (!setter) {
      fail(
        `không có đơn vị ${unit} dưới một công đoàn cấp trên vào ngày ${period.cutoff} / no unit ${unit} below an upper union at ${period.cutoff}`,
      )
      continue
    }
    const [problem] = checkTargets({
      setter,
      period,
      form,
      tree,
      targets: [{ unit, row: formRow.code, value }],
    })
    if (problem) {
      fail(`${problem.message} / ${problem.messageEn}`)
      continue
    }
    const key = `${unit}|${period.id}|${form.id}|${formRow.code}`
    const earlier = targets.findIndex((t) => `${t.unit}|${t.period}|${t.form}|${t.row}` === key)
    if (earlier >= 0) {
      fail(
        `chỉ tiêu này đã có ở dòng ${lines[earlier]} / the same target is on line ${lines[earlier]}`,
      )
      continue
    }
    targets.push({
      unit,
      period: period.id,
      form: form.id,
      row: formRow.code,
      value,
      setBy: setter,
      setAt: at.toISOString(),
    })
    lines.push(row.line)
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, targets }
}
