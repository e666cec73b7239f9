/** @module The form catalog (danh mục biểu mẫu): loads, checks and versions form definitions. */
import * as z from 'zod'
import b01 from './forms/B01.json' with { type: 'json' }
import b02 from './forms/B02.json' with { type: 'json' }
import { formDefinitionSchema } from './form-definition.ts'
import { compareFormVersions } from './form-versions.ts'
import type { FormDefinition, FormRow } from './form-definition.ts'
import type { UnitLevel } from './unit-tree.ts'

/** Why a form definition was refused: one plain sentence per problem, Vietnamese then English. */
export type FormProblems = { ok: false; problems: string[] }

export type LoadFormResult = { ok: true; form: FormDefinition } | FormProblems

export type AddFormResult = { ok: true } | FormProblems

function problem(vi: string, en: string): string {
  return `${vi} — ${en}`
}

function rowName(row: FormRow): string {
  return `"${row.code}" (TT ${row.tt})`
}

/** Rows whose values add up across units: the only ones a ratio, a weight or a parent may point to. */
function isSummable(row: FormRow): boolean {
  return !row.heading && (row.kind === 'count' || row.kind === 'amount')
}

function schemaProblems(data: unknown, error: z.ZodError): string[] {
  const rows = z.object({ rows: z.array(z.object({ code: z.unknown() }).loose()) }).safeParse(data)
  return error.issues.map((issue) => {
    const [first, index] = issue.path
    if (first === 'rows' && typeof index === 'number') {
      const code = rows.success ? rows.data.rows[index]?.code : undefined
      const rest = issue.path.slice(2).join('.')
      const name = typeof code === 'string' ? `"${code}"` : `#${index + 1}`
      return problem(
        `Dòng ${name}${rest ? `, trường ${rest}` : ''} không hợp lệ: ${issue.message}`,
        `Row ${name}${rest ? `, field ${rest}` : ''} is invalid: ${issue.message}`,
      )
    }
    const where = issue.path.join('.') || 'form'
    return problem(
      `Biểu mẫu không hợp lệ ở ${where}: ${issue.message}`,
      `The form is invalid at ${where}: ${issue.message}`,
    )
  })
}

function parentProblems(rows: FormRow[], byCode: Map<string, FormRow>): string[] {
  const problems: string[] = []
  const position = new Map<string, number>()
  rows.forEach((row, i) => {
    if (!position.has(row.code)) {
      position.set(row.code, i)
    }
  })
  const inCycle = new Set<string>()
  for (const row of rows) {
    const seen = new Set<string>([row.code])
    let next = row.parent
    while (next !== undefined && byCode.has(next)) {
      if (seen.has(next)) {
        if (next === row.code) {
          inCycle.add(row.code)
        }
        break
      }
      seen.add(next)
      next = byCode.get(next)?.parent
    }
  }
  for (const row of rows) {
    if (row.parent === undefined) {
      continue
    }
    const parent = byCode.get(row.parent)
    if (parent === undefined) {
      problems.push(
        problem(
          `Dòng ${rowName(row)}: dòng cha "${row.parent}" không có trong biểu mẫu.`,
          `Row ${rowName(row)}: its parent row "${row.parent}" is not in the form.`,
        ),
      )
      continue
    }
    if (inCycle.has(row.code)) {
      problems.push(
        problem(
          `Dòng ${rowName(row)}: quan hệ "trong đó" tạo thành vòng lặp (dòng này là cha của chính nó qua "${row.parent}").`,
          `Row ${rowName(row)}: its "of which" parents form a cycle (it is its own ancestor through "${row.parent}").`,
        ),
      )
      continue
    }
    if ((position.get(parent.code) ?? 0) > (position.get(row.code) ?? 0)) {
      problems.push(
        problem(
          `Dòng ${rowName(row)} phải đứng sau dòng cha ${rowName(parent)}.`,
          `Row ${rowName(row)} must come after its parent row ${rowName(parent)}.`,
        ),
      )
    }
    if (!isSummable(parent) || parent.kind !== row.kind) {
      problems.push(
        problem(
          `Dòng ${rowName(row)} (${row.kind}) không thể là "trong đó" của dòng ${rowName(parent)} (${parent.heading ? 'tiêu đề' : parent.kind}): chỉ số đếm nằm dưới số đếm, số tiền dưới số tiền.`,
          `Row ${rowName(row)} (${row.kind}) cannot be an "of which" part of row ${rowName(parent)} (${parent.heading ? 'heading' : parent.kind}): counts go under counts, amounts under amounts.`,
        ),
      )
    }
  }
  return problems
}

function kindProblems(row: FormRow): string[] {
  const problems: string[] = []
  const { kind, aggregate } = row
  if (row.heading) {
    if (kind !== 'text' || aggregate.type !== 'none' || row.required) {
      problems.push(
        problem(
          `Dòng tiêu đề ${rowName(row)} phải có loại text, cách tổng hợp none và không bắt buộc.`,
          `Heading row ${rowName(row)} must be of kind text, aggregate none, and not required.`,
        ),
      )
    }
    return problems
  }
  if (aggregate.type === 'ratio' && kind !== 'percent') {
    problems.push(
      problem(
        `Dòng ${rowName(row)} là tỷ lệ nên phải có loại percent, không phải ${kind}.`,
        `Row ${rowName(row)} is a ratio, so its kind must be percent, not ${kind}.`,
      ),
    )
  }
  if (kind === 'average' && aggregate.type !== 'weightedMean') {
    problems.push(
      problem(
        `Dòng ${rowName(row)} là số bình quân nên phải tổng hợp theo bình quân gia quyền (weightedMean), không phải ${aggregate.type}.`,
        `Row ${rowName(row)} is an average, so it must consolidate as weightedMean, not ${aggregate.type}.`,
      ),
    )
  }
  if (kind === 'percent' && aggregate.type !== 'ratio' && aggregate.type !== 'weightedMean') {
    problems.push(
      problem(
        `Dòng ${rowName(row)} là tỷ lệ phần trăm: không được cộng dồn, phải tổng hợp theo ratio hoặc weightedMean.`,
        `Row ${rowName(row)} is a percentage: it must never be summed; use ratio or weightedMean.`,
      ),
    )
  }
  if ((kind === 'text') !== (aggregate.type === 'none')) {
    problems.push(
      problem(
        `Dòng ${rowName(row)}: chỉ dòng chữ (text) mới có cách tổng hợp none, và dòng chữ không tổng hợp được.`,
        `Row ${rowName(row)}: only text rows have aggregate none, and text rows never consolidate.`,
      ),
    )
  }
  if (row.maxLength !== undefined && kind !== 'text') {
    problems.push(
      problem(
        `Dòng ${rowName(row)}: độ dài tối đa chỉ dùng cho dòng chữ.`,
        `Row ${rowName(row)}: maxLength applies to text rows only.`,
      ),
    )
  }
  if (row.required && aggregate.type === 'ratio') {
    problems.push(
      problem(
        `Dòng ${rowName(row)} được tính tự động nên không thể là dòng bắt buộc nhập.`,
        `Row ${rowName(row)} is derived, so it cannot be required.`,
      ),
    )
  }
  return problems
}

function referenceProblems(row: FormRow, byCode: Map<string, FormRow>): string[] {
  const { aggregate } = row
  const refs =
    aggregate.type === 'ratio'
      ? [
          { code: aggregate.numerator, vi: 'tử số', en: 'numerator' },
          { code: aggregate.denominator, vi: 'mẫu số', en: 'denominator' },
        ]
      : aggregate.type === 'weightedMean'
        ? [{ code: aggregate.weight, vi: 'quyền số', en: 'weight' }]
        : []
  return refs.flatMap((ref) => {
    const target = byCode.get(ref.code)
    if (target === undefined) {
      return [
        problem(
          `Dòng ${rowName(row)}: ${ref.vi} "${ref.code}" không có trong biểu mẫu.`,
          `Row ${rowName(row)}: its ${ref.en} "${ref.code}" is not in the form.`,
        ),
      ]
    }
    if (!isSummable(target)) {
      return [
        problem(
          `Dòng ${rowName(row)}: ${ref.vi} ${rowName(target)} phải là số đếm hoặc số tiền (cộng được), không phải ${target.heading ? 'tiêu đề' : target.kind}.`,
          `Row ${rowName(row)}: its ${ref.en} ${rowName(target)} must be a count or an amount (summable), not ${target.heading ? 'a heading' : target.kind}.`,
        ),
      ]
    }
    return []
  })
}

function ruleProblems(form: FormDefinition, byCode: Map<string, FormRow>): string[] {
  const problems: string[] = []
  const ids = new Set<string>()
  for (const rule of form.rules) {
    if (ids.has(rule.id)) {
      problems.push(
        problem(
          `Quy tắc "${rule.id}" bị khai báo hai lần.`,
          `Rule "${rule.id}" is declared twice.`,
        ),
      )
    }
    ids.add(rule.id)
    const kinds = new Set<string>()
    for (const code of [...rule.left, ...rule.right]) {
      const row = byCode.get(code)
      if (row === undefined) {
        problems.push(
          problem(
            `Quy tắc "${rule.id}" nhắc đến dòng "${code}" không có trong biểu mẫu.`,
            `Rule "${rule.id}" names row "${code}", which is not in the form.`,
          ),
        )
      } else if (row.heading || row.kind === 'text') {
        problems.push(
          problem(
            `Quy tắc "${rule.id}" nhắc đến dòng ${rowName(row)} không phải là số.`,
            `Rule "${rule.id}" names row ${rowName(row)}, which does not hold a number.`,
          ),
        )
      } else {
        kinds.add(row.kind)
      }
    }
    if (kinds.size > 1) {
      problems.push(
        problem(
          `Quy tắc "${rule.id}" so sánh các dòng khác loại (${[...kinds].join(', ')}): người với người, đồng với đồng.`,
          `Rule "${rule.id}" compares rows of different kinds (${[...kinds].join(', ')}): like must go with like.`,
        ),
      )
    }
  }
  return problems
}

/**
 * Everything wrong with a schema-valid form beyond its shape: codes, parents, references, rules.
 * An empty list means the form is sound.
 */
export function formIntegrityProblems(form: FormDefinition): string[] {
  const problems: string[] = []
  const byCode = new Map<string, FormRow>()
  const tts = new Map<string, string>()
  for (const row of form.rows) {
    if (byCode.has(row.code)) {
      problems.push(
        problem(
          `Mã dòng "${row.code}" bị dùng hai lần (TT ${row.tt}).`,
          `Row code "${row.code}" is used twice (TT ${row.tt}).`,
        ),
      )
    } else {
      byCode.set(row.code, row)
    }
    const tt = row.tt.trim()
    const holder = tts.get(tt)
    if (tt !== '' && holder !== undefined && holder !== row.code) {
      problems.push(
        problem(
          `Số thứ tự TT ${tt} dùng cho cả dòng "${holder}" và "${row.code}".`,
          `TT ${tt} is shown for both row "${holder}" and row "${row.code}".`,
        ),
      )
    }
    tts.set(tt, row.code)
  }
  problems.push(...parentProblems(form.rows, byCode))
  for (const row of form.rows) {
    problems.push(...kindProblems(row), ...referenceProblems(row, byCode))
  }
  problems.push(...ruleProblems(form, byCode))
  return problems
}

/**
 * Checks untrusted data (parsed JSON) as a form definition: its shape, then its integrity.
 * @example
 * const loaded = loadForm(JSON.parse(text))
 * if (loaded.ok) catalog.add(loaded.form)
 */
export function loadForm(data: unknown): LoadFormResult {
  const parsed = formDefinitionSchema.safeParse(data)
  if (!parsed.success) {
    return { ok: false, problems: schemaProblems(data, parsed.error) }
  }
  const problems = formIntegrityProblems(parsed.data)
  return problems.length > 0 ? { ok: false, problems } : { ok: true, form: parsed.data }
}

/** Loaded forms are shared by every caller and cached by identity, so nobody may change one. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) {
      deepFreeze(inner)
    }
  }
  return value
}

/**
 * The forms a deployment knows, every version of each. A row keeps its code across versions, so
 * the catalog refuses a version that gives an existing code another kind, or moves the form to
 * another level: submissions and rollups of different versions must mean the same by a code.
 */
export class FormCatalog {
  readonly #forms = new Map<string, Map<string, FormDefinition>>()

  /**
   * Adds a form version, frozen; refuses it (as a value, never by throwing) when it is unsound.
   * Adding the same version again with the same content is accepted and changes nothing.
   */
  add(form: FormDefinition): AddFormResult {
    const problems = formIntegrityProblems(form)
    const known = this.#forms.get(form.id)
    const same = known?.get(form.version)
    if (same !== undefined && JSON.stringify(same) !== JSON.stringify(form)) {
      problems.push(
        problem(
          `Biểu mẫu ${form.id} phiên bản ${form.version} đã có với nội dung khác; hãy đặt số phiên bản mới.`,
          `Form ${form.id} version ${form.version} is already loaded with different content; give it a new version.`,
        ),
      )
    }
    for (const other of known?.values() ?? []) {
      if (other.version === form.version) {
        continue
      }
      if (other.level !== form.level) {
        problems.push(
          problem(
            `Biểu mẫu ${form.id} phiên bản ${form.version} dành cho cấp ${form.level}, nhưng phiên bản ${other.version} dành cho cấp ${other.level}.`,
            `Form ${form.id} version ${form.version} is for level ${form.level}, but version ${other.version} is for level ${other.level}.`,
          ),
        )
      }
      const before = rowByCode(other)
      for (const row of form.rows) {
        const old = before.get(row.code)
        if (
          old !== undefined &&
          (old.kind !== row.kind || Boolean(old.heading) !== Boolean(row.heading))
        ) {
          problems.push(
            problem(
              `Dòng "${row.code}" là ${old.heading ? 'tiêu đề' : old.kind} trong phiên bản ${other.version} nhưng là ${row.heading ? 'tiêu đề' : row.kind} trong phiên bản ${form.version}: một mã dòng giữ nguyên ý nghĩa qua các phiên bản, hãy dùng mã mới.`,
              `Row "${row.code}" is ${old.heading ? 'a heading' : old.kind} in version ${other.version} but ${row.heading ? 'a heading' : row.kind} in version ${form.version}: a code keeps its meaning across versions; use a new code.`,
            ),
          )
        }
      }
    }
    if (problems.length > 0) {
      return { ok: false, problems }
    }
    if (same !== undefined) {
      return { ok: true }
    }
    const versions = known ?? new Map<string, FormDefinition>()
    versions.set(form.version, deepFreeze(form))
    this.#forms.set(form.id, versions)
    return { ok: true }
  }

  /** One version of a form, or its latest when no version is given. */
  get(id: string, version?: string): FormDefinition | undefined {
    const versions = this.#forms.get(id)
    if (versions === undefined) {
      return undefined
    }
    if (version !== undefined) {
      return versions.get(version)
    }
    const latest = this.versions(id).at(-1)
    return latest === undefined ? undefined : versions.get(latest)
  }

  /** The versions of a form, oldest first. */
  versions(id: string): string[] {
    return [...(this.#forms.get(id)?.keys() ?? [])].sort(compareFormVersions)
  }

  /** The latest version of every form, by id. */
  list(): FormDefinition[] {
    return [...this.#forms.keys()].sort().flatMap((id) => {
      const form = this.get(id)
      return form === undefined ? [] : [form]
    })
  }
}

function builtIn(data: unknown, name: string): FormDefinition {
  const loaded = loadForm(data)
  if (!loaded.ok) {
    // A broken built-in form is a defect in this repository, not bad user input.
    throw new Error(`Built-in form ${name} is invalid:\n${loaded.problems.join('\n')}`)
  }
  return loaded.form
}

/** The forms shipped with the code (B01, B02 version 2026.1), checked through {@link loadForm}. */
export function builtInForms(): FormDefinition[] {
  return [builtIn(b01, 'B01'), builtIn(b02, 'B02')]
}

/** A catalog holding the built-in forms; add newer versions to it with {@link FormCatalog.add}. */
export function defaultCatalog(): FormCatalog {
  const catalog = new FormCatalog()
  for (const form of builtInForms()) {
    catalog.add(form)
  }
  return catalog
}

const FORM_FOR_LEVEL: Record<UnitLevel, string> = {
  grassroots: 'B01',
  upper: 'B02',
  province: 'B02',
}

/**
 * The latest form a unit of this level fills: B01 for grassroots unions (CĐCS), B02 for
 * upper-level unions and the province (LĐLĐ).
 */
export function formForLevel(catalog: FormCatalog, unitLevel: UnitLevel): FormDefinition {
  const id = FORM_FOR_LEVEL[unitLevel]
  const form = catalog.get(id)
  if (form === undefined) {
    // Every catalog starts from defaultCatalog(); a missing B01/B02 is a deployment defect.
    throw new Error(`The form catalog has no form ${id} for level ${unitLevel}`)
  }
  return form
}

const rowIndexes = new WeakMap<FormDefinition, Map<string, FormRow>>()

/** The form's rows by code, built once per form object. */
export function rowByCode(form: FormDefinition): Map<string, FormRow> {
  let index = rowIndexes.get(form)
  if (index === undefined) {
    index = new Map(form.rows.map((row) => [row.code, row]))
    rowIndexes.set(form, index)
  }
  return index
}
