/**
 * @module A workbook for the Office.js layer's tests, built from office-addin-mock objects: sheets
 * hold plain grids, `values`/`formulas` writes land in them at `context.sync()`, fills and notes are
 * recorded, and every sync is counted. Installs `Excel` and `Office` as globals.
 */
import { OfficeMockObject } from 'office-addin-mock'
import { parseAddress } from '../../shared/sheet-layout.ts'

type Mock = OfficeMockObject & Record<string, unknown>

export interface MockSheetState {
  name: string
  grid: unknown[][]
  protected: boolean
  /** Fill colour by cell address; null after a clear. */
  fills: Map<string, string | null>
  notes: Map<string, string>
  numberFormats: Map<string, string>
  /** What the add-in asked of the page layout (ExcelApi 1.9). */
  print: Map<string, string>
  /**
   * Cells Excel would hold as live formulas: a text written starting with `=` (no apostrophe), by
   * "row,column" (0-based).
   */
  formulas: Map<string, string>
}

export interface MockExcel {
  syncs: number
  sheets: Map<string, MockSheetState>
  custom: Map<string, string>
  /** Requirement sets the host claims, e.g. `['1.7', '1.8', '1.18']`. */
  sets: Set<string>
  /** Excel's decimal separator (cultureInfo, ExcelApi 1.11): ',' in a Vietnamese Excel. */
  decimalSeparator: string
  sheet(name: string): MockSheetState
}

function cellsOf(address: string): { row: number; column: number; rows: number; columns: number } {
  const [from = '', to = from] = address.split(':')
  const a = parseAddress(from)
  const b = parseAddress(to)
  if (!a || !b) {
    throw new Error(`mock: unsupported address ${address}`)
  }
  return { row: a.row, column: a.column, rows: b.row - a.row + 1, columns: b.column - a.column + 1 }
}

/** Drops trailing empty rows and columns, as Excel's used range does. */
function usedBlock(grid: unknown[][]): unknown[][] {
  const filled = (cell: unknown): boolean => cell !== '' && cell !== null && cell !== undefined
  let rows = grid.length
  while (rows > 0 && !(grid[rows - 1] ?? []).some(filled)) {
    rows--
  }
  let columns = 0
  for (const line of grid.slice(0, rows)) {
    line.forEach((cell, c) => {
      if (filled(cell)) {
        columns = Math.max(columns, c + 1)
      }
    })
  }
  return grid.slice(0, rows).map((line) => Array.from({ length: columns }, (_, c) => line[c] ?? ''))
}

export function installMockExcel(
  initial: { name: string; grid?: unknown[][]; protected?: boolean }[] = [],
  sets: string[] = ['1.7', '1.8', '1.9', '1.18'],
): MockExcel {
  const excel: MockExcel = {
    syncs: 0,
    sheets: new Map(),
    custom: new Map(),
    sets: new Set(sets),
    decimalSeparator: ',',
    sheet(name) {
      const sheet = this.sheets.get(name)
      if (!sheet) {
        throw new Error(`mock: no sheet ${name}`)
      }
      return sheet
    },
  }
  /** Objects whose loads resolve, and ranges whose writes apply, at the next sync. */
  let pending: { mock: Mock; apply?: () => void }[] = []
  const track = (mock: Mock, apply?: () => void): Mock => {
    pending.push({ mock, ...(apply ? { apply } : {}) })
    return mock
  }
  const withFlag = (mock: Mock, isNullObject: boolean): Mock => {
    Object.defineProperty(mock, 'isNullObject', { value: isNullObject })
    return mock
  }

  const rangeMock = (state: MockSheetState, address: string): Mock => {
    const events: (() => void)[] = []
    const range = new OfficeMockObject({
      format: {
        fill: { clear: () => void events.push(() => state.fills.set(address, null)) },
        font: {},
        protection: {},
        borders: { getItem: () => new OfficeMockObject({}) },
      },
      dataValidation: { clear: () => undefined },
      select: () => undefined,
      merge: () => undefined,
      unmerge: () => undefined,
      clear: () =>
        void events.push(() => {
          const at = cellsOf(address.includes(':') && !/\d/.test(address) ? 'A1:Z500' : address)
          for (let r = at.row; r < at.row + at.rows; r++) {
            for (let c = at.column; c < at.column + at.columns; c++) {
              const line = state.grid[r]
              if (line) {
                line[c] = ''
              }
            }
          }
        }),
    }) as Mock
    Object.defineProperty(range, 'address', { value: address })
    return track(range, () => {
      events.forEach((event) => event())
      const format = range.format as Mock & { fill: Mock & { color?: unknown } }
      if (typeof format.fill.color === 'string') {
        state.fills.set(address, format.fill.color)
      }
      for (const key of ['formulas', 'values'] as const) {
        const written: unknown = range[key]
        if (Array.isArray(written) && /\d/.test(address)) {
          const at = cellsOf(address)
          written.forEach((line: unknown[], r) =>
            line.forEach((cell, c) => {
              const row = (state.grid[at.row + r] ??= [])
              row[at.column + c] = typeof cell === 'string' ? cell.replace(/^'/, '') : cell
              const key = `${at.row + r},${at.column + c}`
              if (typeof cell === 'string' && cell.startsWith('=')) {
                state.formulas.set(key, cell)
              } else {
                state.formulas.delete(key)
              }
            }),
          )
        }
      }
      if (Array.isArray(range.numberFormat)) {
        const at = cellsOf(address)
        ;(range.numberFormat as string[][]).forEach((line, r) =>
          line.forEach((format, c) =>
            state.numberFormats.set(`${at.row + r},${at.column + c}`, format),
          ),
        )
      }
    })
  }

  const sheetMock = (state: MockSheetState): Mock => {
    const protection = new OfficeMockObject({
      protected: state.protected,
      unprotect: () => void (state.protected = false),
      protect: () => void (state.protected = true),
    }) as Mock
    const sheet = new OfficeMockObject({
      name: state.name,
      activate: () => undefined,
      freezePanes: { freezeRows: () => undefined, freezeAt: () => undefined },
      pageLayout: {
        setPrintArea: (area: string) => void state.print.set('printArea', area),
        setPrintTitleRows: (rows: string) => void state.print.set('titleRows', rows),
        setPrintTitleColumns: (columns: string) => void state.print.set('titleColumns', columns),
        headersFooters: { defaultForAllPages: {} },
      },
      getRange: (address: string) => rangeMock(state, address),
      getUsedRangeOrNullObject: () => {
        const block = usedBlock(state.grid)
        return track(
          withFlag(
            new OfficeMockObject({
              rowIndex: 0,
              columnIndex: 0,
              values: block,
              formulas: block,
            }),
            block.length === 0,
          ),
        )
      },
      notes: {
        getItemOrNullObject: (address: string) => {
          const content = state.notes.get(address)
          const note = new OfficeMockObject({
            content: content ?? '',
            delete: () => void state.notes.delete(address),
          }) as Mock
          return track(withFlag(note, content === undefined))
        },
        add: (range: { address: string }, content: string) =>
          void state.notes.set(range.address, content),
      },
    }) as Mock
    Object.defineProperty(sheet, 'protection', {
      get: () => {
        track(protection)
        return protection
      },
    })
    return sheet
  }

  const addSheet = (name: string, grid: unknown[][] = [], isProtected = false): MockSheetState => {
    const state: MockSheetState = {
      name,
      grid: grid.map((line) => [...line]),
      protected: isProtected,
      fills: new Map(),
      formulas: new Map(),
      notes: new Map(),
      numberFormats: new Map(),
      print: new Map(),
    }
    excel.sheets.set(name, state)
    return state
  }
  for (const sheet of initial) {
    addSheet(sheet.name, sheet.grid, sheet.protected)
  }

  const context = {
    application: {
      cultureInfo: {
        get numberFormat() {
          return track(new OfficeMockObject({ numberDecimalSeparator: excel.decimalSeparator }))
        },
      },
    },
    workbook: {
      worksheets: {
        getItem: (name: string) => sheetMock(excel.sheet(name)),
        getItemOrNullObject: (name: string) => {
          const state = excel.sheets.get(name)
          return track(withFlag(state ? sheetMock(state) : new OfficeMockObject({ name }), !state))
        },
        add: (name: string) => sheetMock(addSheet(name)),
        load: () => undefined,
        get items() {
          return [...excel.sheets.keys()].map((name) => ({ name }))
        },
      },
      properties: {
        custom: {
          add: (key: string, value: string) => void excel.custom.set(key, value),
          getItemOrNullObject: (key: string) =>
            track(
              withFlag(
                new OfficeMockObject({ value: excel.custom.get(key) ?? '' }),
                !excel.custom.has(key),
              ),
            ),
        },
      },
    },
    sync: async () => {
      excel.syncs++
      const batch = pending
      pending = []
      for (const { mock, apply } of batch) {
        await mock.sync()
        apply?.()
      }
    },
  }

  const globals = globalThis as Record<string, unknown>
  globals.Excel = { run: async <T>(batch: (c: typeof context) => Promise<T>) => batch(context) }
  globals.Office = {
    context: {
      requirements: {
        isSetSupported: (name: string, version: string) =>
          name === 'ExcelApi' && excel.sets.has(version),
      },
    },
    HostType: { Excel: 'Excel' },
  }
  return excel
}
