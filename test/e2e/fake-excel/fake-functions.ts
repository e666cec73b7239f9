/**
 * @module The simulated custom functions runtime: functions the add-in associates, called the way
 * Excel calls them when a sheet recalculates: every formula's function at once, one after another
 * in one task, each settling on its own. The pane's page (fake-office.ts) and the separate
 * functions' runtime (fake-runtime.ts) each have one.
 */

type Scalar = string | number | boolean

class CustomFunctionsError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code)
  }
}
const EXCEL_ERRORS: Record<string, string> = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  invalidReference: '#REF!',
  invalidNumber: '#NUM!',
}
const functions = new Map<string, (...args: unknown[]) => unknown>()
export const customFunctions = {
  associate(id: string, fn: (...args: unknown[]) => unknown) {
    functions.set(id.toUpperCase(), fn)
  },
  Error: CustomFunctionsError,
  ErrorCode: Object.fromEntries(Object.keys(EXCEL_ERRORS).map((name) => [name, name])),
}

/** `=CONGDOAN.SO("P"; "2026-Y"; "members.total")` as a function id and its text arguments. */
function parseFormula(formula: string): { id: string; args: string[] } {
  const match = /^=CONGDOAN\.([A-Z]+)\((.*)\)$/i.exec(formula.trim())
  if (!match) {
    throw new Error(`not a CONGDOAN formula: ${formula}`)
  }
  const args = [...(match[2] ?? '').matchAll(/"((?:[^"]|"")*)"/g)].map((m) =>
    (m[1] ?? '').replace(/""/g, '"'),
  )
  return { id: (match[1] ?? '').toUpperCase(), args }
}

/** What a cell shows after a recalculation: the value, or the error value and its message. */
export type Calculated = Scalar | { error: string; message: string }

/**
 * Recalculates formulas as Excel does: calls each formula's function in one synchronous loop
 * (the add-in sees them together), then waits for them all.
 */
export function calculate(formulas: string[]): Promise<Calculated[]> {
  const pending = formulas.map((formula) => {
    const { id, args } = parseFormula(formula)
    const fn = functions.get(id)
    if (!fn) {
      return Promise.resolve<Calculated>({ error: '#NAME?', message: `no function ${id}` })
    }
    try {
      return Promise.resolve(fn(...args)).then(
        (value) => value as Scalar,
        (error: unknown) =>
          error instanceof CustomFunctionsError
            ? { error: EXCEL_ERRORS[error.code] ?? '#VALUE!', message: error.message }
            : { error: '#VALUE!', message: String(error) },
      )
    } catch (error) {
      return Promise.resolve<Calculated>({ error: '#VALUE!', message: String(error) })
    }
  })
  return Promise.all(pending)
}
