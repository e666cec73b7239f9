/**
 * @module Importing filled templates e-mailed by units without the add-in (nhập báo cáo gửi qua
 * e-mail): each workbook is matched to its unit by what the template records (unit code, form,
 * version, period; a blank template by the unit code its file name starts with), checked by the
 * same rules as any submission and stored as entered by the importing union. The result is one
 * line per file. A file identical to a revision already stored is not stored again, so a second
 * run over the same folder stores nothing new.
 */
import type { Finding } from '../shared/finding.ts'
import type { SessionPerson } from './context.ts'
import type { FindingWithTexts } from '../shared/messages.ts'
import { checkSubmission } from '../shared/validation.ts'
import type { Values } from '../shared/form-definition.ts'
import type { FormGridReading } from '../shared/sheet-layout.ts'
import type { UnitTree } from '../shared/unit-tree.ts'
import { ApiError } from './errors.ts'
import { submitReport, type ReportServices } from './submit.ts'
import { readFormWorkbook } from './xlsx/read-form.ts'

/** What became of one file. */
export type ImportOutcome =
  | 'stored'
  | 'duplicate'
  | 'refused'
  | 'notTemplate'
  | 'unreadable'
  | 'noUnit'
  | 'notYours'
  | 'otherPeriod'

export interface ImportLine {
  file: string
  outcome: ImportOutcome
  /** The unit the file was matched to, when it was. */
  unit?: string
  /** The revision stored, or the identical one already there. */
  revision?: number
  /** Errors that refused it, or warnings stored with it. */
  findings?: Finding[]
  /** One line a clerk reads: Vietnamese, then English. */
  message: string
}

export interface ImportRequest {
  /** The importing union: it enters the reports, and only its subtree may be imported. */
  by: string
  /** The person importing, when one signed in (their roles bound what is stored). */
  person?: SessionPerson | null
  period: string
  file: string
  bytes: Uint8Array
  address: string | null
}

/**
 * Imports files in their order, in batches: a batch's files are read and matched one after
 * another, then stored together, so that their writes share one commit of the store (one fsync
 * for the batch); the files of one unit are stored in their order. `onLine` gets each file's line
 * in the files' order.
 */
export async function importReportFiles(
  services: ReportServices,
  request: Omit<ImportRequest, 'file' | 'bytes'>,
  files: readonly { file: string; bytes: () => Promise<Uint8Array> | Uint8Array }[],
  onLine: (line: ImportLine) => void,
  batch = 64,
): Promise<ImportLine[]> {
  const queue = unitQueue()
  const lines: ImportLine[] = []
  for (let from = 0; from < files.length; from += batch) {
    const stores: (() => Promise<ImportLine>)[] = []
    for (const { file, bytes } of files.slice(from, from + batch)) {
      let data: Uint8Array
      try {
        data = await bytes()
      } catch {
        const unreadable = line(file, 'unreadable', 'không đọc được tệp', 'the file cannot be read')
        stores.push(() => Promise.resolve(unreadable))
        continue
      }
      const one = { ...request, file, bytes: data }
      const matched = await matchImport(services, one)
      stores.push(
        'outcome' in matched
          ? () => Promise.resolve(matched)
          : () =>
              queue(matched.unit, () =>
                storeImport(services, one, matched.reading, matched.unit, matched.period),
              ),
      )
    }
    for (const done of await Promise.all(stores.map((store) => store()))) {
      lines.push(done)
      onLine(done)
    }
  }
  return lines
}

/**
 * The unit code a file name starts with (`BK.GD.001 - Trường THPT.xlsx`, `bk.gd.001_2026.xlsx`),
 * the longest that names a unit of the tree; undefined when none does.
 */
export function unitFromFileName(file: string, tree: UnitTree): string | undefined {
  const base = (file.split(/[\\/]/).pop() ?? file).replace(/\.xlsx$/i, '')
  for (let end = base.length; end > 0; end--) {
    if (end < base.length && !/[\s_\-–(.,]/.test(base[end] ?? '')) {
      continue
    }
    const code = base.slice(0, end).trim().toUpperCase()
    if (code !== '' && tree.has(code)) {
      return code
    }
  }
  return undefined
}

function sameValues(a: Values, b: Values): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const key of keys) {
    if ((a[key] ?? null) !== (b[key] ?? null)) {
      return false
    }
  }
  return true
}

function line(
  file: string,
  outcome: ImportOutcome,
  vi: string,
  en: string,
  extra: Partial<ImportLine> = {},
): ImportLine {
  return { file, outcome, ...extra, message: `${vi} / ${en}` }
}

/** Runs the writes of one unit one after another, in the order they asked. */
type UnitQueue = <T>(unit: string, work: () => Promise<T>) => Promise<T>

function unitQueue(): UnitQueue {
  const tails = new Map<string, Promise<unknown>>()
  return (unit, work) => {
    const run = (tails.get(unit) ?? Promise.resolve()).then(work, work)
    tails.set(
      unit,
      run.catch(() => undefined),
    )
    return run
  }
}

/** A file matched to its unit, ready to be stored. */
interface MatchedFile {
  reading: FormGridReading
  unit: string
  period: string
}

/** Imports one filled template; never throws for anything the file holds. */
export async function importReportFile(
  services: ReportServices,
  request: ImportRequest,
): Promise<ImportLine> {
  const matched = await matchImport(services, request)
  return 'outcome' in matched
    ? matched
    : storeImport(services, request, matched.reading, matched.unit, matched.period)
}

/** Reads a file and finds its unit, or says why it cannot be imported. */
async function matchImport(
  services: ReportServices,
  request: ImportRequest,
): Promise<ImportLine | MatchedFile> {
  const { file, period: periodId } = request
  const read = readFormWorkbook(request.bytes)
  if (!read.ok) {
    return read.code === 'NOT_A_TEMPLATE'
      ? line(
          file,
          'notTemplate',
          'không phải mẫu báo cáo (không có cột "Mã dòng")',
          'not a report template (no row-code column)',
        )
      : line(file, 'unreadable', 'không đọc được tệp .xlsx', 'not a readable .xlsx workbook')
  }
  const meta = read.reading.codes.meta
  const period = await services.store.getPeriod(periodId)
  if (!period) {
    return line(file, 'refused', `không có kỳ ${periodId}`, `no period ${periodId}`)
  }
  if (meta.period && meta.period !== periodId) {
    return line(
      file,
      'otherPeriod',
      `mẫu của kỳ ${meta.period}, không phải ${periodId}`,
      `a template for period ${meta.period}, not ${periodId}`,
    )
  }
  const tree = await services.units.treeAt(period.cutoff)
  const unit = meta.unit?.toUpperCase() ?? unitFromFileName(file, tree)
  if (!unit) {
    return line(
      file,
      'noUnit',
      'mẫu trống không ghi đơn vị: đặt tên tệp bắt đầu bằng mã đơn vị (vd. BK.GD.001 - Trường ….xlsx)',
      'a blank template names no unit: start the file name with the unit code',
    )
  }
  if (!tree.has(unit)) {
    return line(file, 'refused', `không có đơn vị ${unit}`, `no unit ${unit}`, { unit })
  }
  if (!tree.isInSubtree(request.by, unit)) {
    return line(
      file,
      'notYours',
      `đơn vị ${unit} không thuộc phạm vi của ${request.by}`,
      `unit ${unit} is outside the subtree of ${request.by}`,
      { unit },
    )
  }
  return { reading: read.reading, unit, period: period.id }
}

async function storeImport(
  services: ReportServices,
  request: ImportRequest,
  reading: FormGridReading,
  unit: string,
  periodId: string,
): Promise<ImportLine> {
  const { file } = request
  const meta = reading.codes.meta
  const formId = meta.form ?? ''
  const form = services.catalog.get(formId, meta.version)
  if (form) {
    const { values } = checkSubmission(form, reading.values, null)
    const revisions = await services.store.revisions(unit, periodId, form.id)
    const same = revisions.find(
      (r) => r.formVersion === form.version && sameValues(r.values, values),
    )
    if (same) {
      return line(
        file,
        'duplicate',
        `trùng phiên bản ${same.revision} đã lưu của ${unit}, không lưu lại`,
        `identical to revision ${same.revision} of ${unit}, not stored again`,
        { unit, revision: same.revision },
      )
    }
  }
  try {
    const { body } = await submitReport(services, {
      session: { unit: request.by, keyId: null, person: request.person ?? null },
      address: request.address,
      params: { unit, period: periodId, form: formId },
      formVersion: meta.version,
      values: reading.values,
      acknowledgedWarnings: [],
      acknowledgementReason: undefined,
      ifMatch: undefined,
      idempotencyKey: undefined,
      via: 'import',
    })
    const { revision } = body.submission
    const warnings = body.warnings.length
    return line(
      file,
      'stored',
      `đã lưu báo cáo của ${unit}, phiên bản ${revision}${warnings ? ` (${warnings} cảnh báo)` : ''}`,
      `stored for ${unit} as revision ${revision}${warnings ? ` (${warnings} warnings)` : ''}`,
      { unit, revision, ...(warnings ? { findings: body.warnings } : {}) },
    )
  } catch (error) {
    if (!(error instanceof ApiError)) {
      throw error
    }
    const findings =
      error.code === 'VALIDATION_FAILED'
        ? (error.details as FindingWithTexts[] | undefined)
        : undefined
    const first = findings
      ?.slice(0, 3)
      .map((f) => f.message)
      .join('; ')
    return line(
      file,
      error.code === 'NOT_YOURS' ? 'notYours' : 'refused',
      `${unit}: ${error.message}${first ? ` ${first}${(findings?.length ?? 0) > 3 ? '; …' : ''}` : ''}`,
      `${unit}: ${error.messageEn}`,
      { unit, ...(findings ? { findings } : {}) },
    )
  }
}
