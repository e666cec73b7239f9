/**
 * @module Live figures (số liệu trực tiếp) as the workbook's formulas ask for them: a row named by
 * its code, its TT or its label, and the figure of a rollup it names: a row's consolidated value,
 * or a coverage count (expected, submitted, accepted, late, missing). The worker answers a batch
 * of such questions at once (POST /api/v1/figures); the add-in's custom functions ask them.
 */
import type { FormDefinition, FormRow, Value } from '../form-definition.ts'
import type { Coverage } from '../rollup.ts'
import { searchKey } from '../unit-tree.ts'

/** What a formula asks of a rollup: a row's value, or one of its coverage counts. */
export const FIGURE_MEASURES = [
  'value',
  'expected',
  'submitted',
  'accepted',
  'late',
  'missing',
] as const
export type FigureMeasure = (typeof FIGURE_MEASURES)[number]

/** The Vietnamese words a clerk may type for a coverage count, folded without accents. */
const MEASURE_WORDS: Record<string, Exclude<FigureMeasure, 'value'>> = {
  expected: 'expected',
  'phai nop': 'expected',
  'phai bao cao': 'expected',
  submitted: 'submitted',
  'da nop': 'submitted',
  accepted: 'accepted',
  'da duyet': 'accepted',
  late: 'late',
  'nop muon': 'late',
  missing: 'missing',
  'chua nop': 'missing',
}

/** A coverage count named in English or Vietnamese, with or without accents; undefined if none. */
export function coverageMeasure(text: string): Exclude<FigureMeasure, 'value'> | undefined {
  return MEASURE_WORDS[searchKey(text)]
}

/**
 * The row a formula names: its code (`members.total`), its TT ("8", "8.1") or its label without
 * regard to accents and case ("Tổng số đoàn viên", "tong so doan vien"). Headings and text rows
 * have no figure. Undefined when nothing matches.
 *
 * @example
 * findRow(b01, '8')?.code // 'members.total'
 */
export function findRow(form: FormDefinition, reference: string): FormRow | undefined {
  const text = reference.trim().normalize('NFC')
  const numeric = (row: FormRow) => !row.heading && row.kind !== 'text'
  const byCode = form.rows.find((row) => row.code === text)
  if (byCode) {
    return numeric(byCode) ? byCode : undefined
  }
  const byTt = form.rows.find((row) => row.tt === text && numeric(row))
  if (byTt) {
    return byTt
  }
  const key = searchKey(text)
  return form.rows.find((row) => numeric(row) && searchKey(row.label) === key)
}

/** The form a row reference belongs to: the first of `forms` that has it (catalog order). */
export function formOfRow(
  forms: readonly FormDefinition[],
  reference: string,
): { form: FormDefinition; row: FormRow } | undefined {
  for (const form of forms) {
    const row = findRow(form, reference)
    if (row) {
      return { form, row }
    }
  }
  return undefined
}

/** A figure read off a rollup: a row's value, or a coverage count. */
export function figureOf(
  rollup: { values: Record<string, Value>; coverage: Coverage },
  measure: FigureMeasure,
  rowCode: string | undefined,
): Value {
  if (measure === 'value') {
    return rowCode === undefined ? null : (rollup.values[rowCode] ?? null)
  }
  return measure === 'missing' ? rollup.coverage.missing.length : rollup.coverage[measure]
}
