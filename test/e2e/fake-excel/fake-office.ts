/**
 * @module A simulated Excel host for the end-to-end test, served in place of office.js: an
 * in-memory workbook behind `Office.onReady` and `Excel.run`. Like the real host it queues every
 * operation until `context.sync()`, refuses to read a property that was not loaded, enforces sheet
 * protection on locked cells, and counts syncs. Typed text becomes a number as the host's culture
 * reads it (vi-VN: "1.234" is 1234 and "99,86" is 99.86; en-US the reverse). Tables keep their
 * filters across a resize; selecting cells fires the sheet's onSelectionChanged. It draws the
 * active sheet beside the pane so the screenshots show the marks. Test code drives it through
 * `window.fakeExcel`. `OfficeRuntime.storage` is shared with the separate functions' runtime
 * (fake-runtime.ts), and a full recalculation asked here recalculates the formulas there.
 */

import { calculate, customFunctions } from './fake-functions.ts'
import { CALCULATION_CHANNEL, fakeRuntimeStorage } from './fake-storage.ts'

type Scalar = string | number | boolean
interface Cell {
  value: Scalar
  formula: string | null
  numberFormat: string
  fill: string | null
  bold: boolean
  locked: boolean
}
interface Sheet {
  name: string
  cells: Map<string, Cell>
  protected: boolean
  notes: Map<string, string>
  validations: Map<string, unknown>
  hiddenColumns: Set<number>
  hiddenRows: Set<number>
  frozenRows: number
  /** Column widths in points, as the add-in set them. */
  widths: Map<number, number>
  /** The page setup the add-in set (ExcelApi 1.9), by property. */
  print: Map<string, unknown>
  /** Charts the add-in drew, as it set them up. */
  charts?: ChartRecord[]
}
interface ChartRecord {
  type: string
  source: string
  title: string
  seriesNames: string[]
  categories: string[]
  anchor: string | null
}
interface Box {
  r0: number
  c0: number
  r1: number
  c1: number
}
/** An Excel table: its box (header row first) and the values each filtered column keeps. */
interface Table {
  name: string
  sheet: string
  box: Box
  criteria: [number, string[]][]
}

const MAX_ROW = 1_048_575
const MAX_COLUMN = 16_383

const book = {
  sheets: [] as Sheet[],
  active: null as string | null,
  selection: null as { sheet: string; address: string } | null,
  tables: [] as Table[],
  custom: new Map<string, string>(),
  syncs: 0,
  /** Highest ExcelApi minor version the host claims (ExcelApi 1.18 brings notes). */
  apiMinor: 18,
  /** The decimal separator of Excel's culture (cultureInfo, ExcelApi 1.11). */
  decimalSeparator: ',',
  /** The recalculations the add-in asked for (`application.calculate`), by type. */
  calculations: [] as string[],
}

/**
 * The workbook outlives the pane, as in Excel: kept in the page's storage when the pane goes
 * (a reload is the clerk closing and reopening the pane) and taken back when it opens again.
 */
const BOOK_KEY = 'fake-excel.book'
function keepWorkbook(): void {
  localStorage.setItem(
    BOOK_KEY,
    JSON.stringify(book, (_key, value: unknown) =>
      value instanceof Map
        ? { map: [...value] }
        : value instanceof Set
          ? { set: [...value] }
          : value,
    ),
  )
}
function restoreWorkbook(): void {
  const text = localStorage.getItem(BOOK_KEY)
  if (text !== null) {
    Object.assign(
      book,
      JSON.parse(text, (_key, value: unknown) =>
        typeof value === 'object' && value !== null && 'map' in value && Array.isArray(value.map)
          ? new Map(value.map as [unknown, unknown][])
          : typeof value === 'object' &&
              value !== null &&
              'set' in value &&
              Array.isArray(value.set)
            ? new Set(value.set as unknown[])
            : value,
      ),
    )
  }
}
restoreWorkbook()
window.addEventListener('pagehide', keepWorkbook)

class OfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

function letters(column: number): string {
  let text = ''
  let n = column + 1
  while (n > 0) {
    text = String.fromCharCode(65 + ((n - 1) % 26)) + text
    n = Math.floor((n - 1) / 26)
  }
  return text
}
function columnOf(text: string): number {
  let n = 0
  for (const ch of text.toUpperCase()) {
    n = n * 26 + ch.charCodeAt(0) - 64
  }
  return n - 1
}
function parseBox(address: string): Box {
  const local = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address
  const [from = '', to = from] = local.replace(/\$/g, '').split(':')
  const part = (text: string, end: boolean): { r: number; c: number } => {
    const match = /^([A-Z]*)(\d*)$/i.exec(text)
    if (!match || (match[1] === '' && match[2] === '')) {
      throw new OfficeError('InvalidArgument', `bad address ${address}`)
    }
    return {
      c: match[1] ? columnOf(match[1]) : end ? MAX_COLUMN : 0,
      r: match[2] ? Number(match[2]) - 1 : end ? MAX_ROW : 0,
    }
  }
  const a = part(from, false)
  const b = part(to, true)
  const fullA = part(from, true)
  return { r0: a.r, c0: a.c, r1: to === from ? fullA.r : b.r, c1: to === from ? fullA.c : b.c }
}
const key = (r: number, c: number): string => `${r},${c}`
const addressOf = (r: number, c: number): string => `${letters(c)}${r + 1}`

function sheetNamed(name: string): Sheet | undefined {
  return book.sheets.find((sheet) => sheet.name.toLowerCase() === name.toLowerCase())
}
function cellAt(sheet: Sheet, r: number, c: number): Cell {
  let cell = sheet.cells.get(key(r, c))
  if (!cell) {
    cell = {
      value: '',
      formula: null,
      numberFormat: 'General',
      fill: null,
      bold: false,
      locked: true,
    }
    sheet.cells.set(key(r, c), cell)
  }
  return cell
}
function eachCell(sheet: Sheet, box: Box, visit: (cell: Cell, r: number, c: number) => void): void {
  const area = (box.r1 - box.r0 + 1) * (box.c1 - box.c0 + 1)
  if (area > 100_000) {
    for (const [k, cell] of sheet.cells) {
      const [r = 0, c = 0] = k.split(',').map(Number)
      if (r >= box.r0 && r <= box.r1 && c >= box.c0 && c <= box.c1) {
        visit(cell, r, c)
      }
    }
    return
  }
  for (let r = box.r0; r <= box.r1; r++) {
    for (let c = box.c0; c <= box.c1; c++) {
      visit(cellAt(sheet, r, c), r, c)
    }
  }
}

function evaluate(sheet: Sheet, formula: string): Scalar {
  const ratio =
    /^=IFERROR\(IF\(OR\(([A-Z]+\d+)="",([A-Z]+\d+)="",([A-Z]+\d+)=0\),"",ROUND\(([A-Z]+\d+)\/([A-Z]+\d+)\*100,2\)\),""\)$/.exec(
      formula,
    )
  if (ratio) {
    const read = (address: string): Scalar => {
      const box = parseBox(address)
      return valueOf(sheet, cellAt(sheet, box.r0, box.c0))
    }
    const n = read(ratio[4] ?? '')
    const d = read(ratio[5] ?? '')
    if (n === '' || d === '' || d === 0) {
      return ''
    }
    if (typeof n !== 'number' || typeof d !== 'number') {
      return ''
    }
    return Math.round((n / d) * 100 * 100) / 100
  }
  return '#NAME?'
}
function valueOf(sheet: Sheet, cell: Cell): Scalar {
  return cell.formula ? evaluate(sheet, cell.formula) : cell.value
}

/**
 * A typed text as the culture's Excel reads a number: with "," for decimals (vi-VN) "1.234" is
 * 1234 and "99,86" is 99.86; with "." (en-US) "1,234" is 1234 and "99.86" is 99.86. Null when the
 * text is no number there (it stays text).
 */
function typedNumber(text: string): number | null {
  const trimmed = text.trim()
  const [group, decimal] = book.decimalSeparator === ',' ? ['.', ','] : [',', '.']
  const g = `\\${group}`
  const d = `\\${decimal}`
  const pattern = new RegExp(`^-?(\\d{1,3}(${g}\\d{3})+|\\d+)(${d}\\d+)?$`)
  if (!pattern.test(trimmed)) {
    return null
  }
  return Number(trimmed.split(group).join('').replace(decimal, '.'))
}

/** What typing or writing `input` into a cell leaves there, as Excel would read it. */
function enter(cell: Cell, input: unknown): void {
  if (typeof input === 'string' && input.startsWith('=')) {
    cell.formula = input
    cell.value = ''
    return
  }
  cell.formula = null
  if (typeof input === 'string' && input.startsWith("'")) {
    cell.value = input.slice(1)
  } else if (
    typeof input === 'string' &&
    cell.numberFormat !== '@' &&
    typedNumber(input) !== null
  ) {
    cell.value = typedNumber(input) as number
  } else if (typeof input === 'number' || typeof input === 'boolean' || typeof input === 'string') {
    cell.value = input
  } else {
    cell.value = ''
  }
}

function guardWrite(sheet: Sheet, box: Box, what: string): void {
  if (!sheet.protected) {
    return
  }
  eachCell(sheet, box, (cell, r, c) => {
    if (cell.locked) {
      throw new OfficeError(
        'AccessDenied',
        `${what} on locked cell ${sheet.name}!${addressOf(r, c)} of a protected sheet`,
      )
    }
  })
}
function guardFormat(sheet: Sheet): void {
  if (sheet.protected) {
    throw new OfficeError('AccessDenied', `formatting on protected sheet ${sheet.name}`)
  }
}

/** A request context: operations wait in `queue` until `sync`. */
class Context {
  queue: (() => void)[] = []
  workbook: ReturnType<typeof workbookProxy>
  application: ReturnType<typeof applicationProxy>
  constructor() {
    this.workbook = workbookProxy(this)
    this.application = applicationProxy(this)
  }
  async sync(): Promise<void> {
    book.syncs++
    const queue = this.queue
    this.queue = []
    await new Promise((resolve) => setTimeout(resolve, 1))
    for (const operation of queue) {
      operation()
    }
    render()
  }
}

/** Holds values loaded at sync; reading one that was not loaded throws like Office.js. */
class Loadable {
  protected loaded = new Map<string, unknown>()
  protected nullObject: boolean | undefined
  protected read(name: string): unknown {
    if (!this.loaded.has(name)) {
      throw new OfficeError(
        'PropertyNotLoaded',
        `The property '${name}' is not available. Load it and call context.sync().`,
      )
    }
    return this.loaded.get(name)
  }
  get isNullObject(): boolean {
    if (this.nullObject === undefined) {
      throw new OfficeError('PropertyNotLoaded', 'isNullObject is known only after context.sync()')
    }
    return this.nullObject
  }
}

function names(properties: string | string[] | undefined): string[] {
  const list =
    properties === undefined ? [] : Array.isArray(properties) ? properties : properties.split(',')
  return list.map((name) => name.trim()).filter(Boolean)
}

function applicationProxy(context: Context) {
  const numberFormat = new (class extends Loadable {
    get numberDecimalSeparator(): string {
      return this.read('numberDecimalSeparator') as string
    }
    load(): this {
      context.queue.push(() => this.loaded.set('numberDecimalSeparator', book.decimalSeparator))
      return this
    }
  })()
  return {
    cultureInfo: { numberFormat },
    /**
     * Excel recalculates: here the formulas live in the functions' runtime (fake-runtime.ts),
     * told over a channel.
     */
    calculate(type: string) {
      context.queue.push(() => {
        book.calculations.push(type)
        const channel = new BroadcastChannel(CALCULATION_CHANNEL)
        channel.postMessage(type)
        channel.close()
      })
    },
  }
}

/** The selected cell (`book.selection`): its row and its sheet's name, once loaded. */
function selectedRangeProxy(context: Context) {
  const worksheet = new (class extends Loadable {
    get name(): string {
      return this.read('name') as string
    }
    load(): this {
      context.queue.push(() => this.loaded.set('name', book.selection?.sheet ?? book.active))
      return this
    }
  })()
  return new (class extends Loadable {
    worksheet = worksheet
    get address(): string {
      return this.read('address') as string
    }
    get rowIndex(): number {
      return this.read('rowIndex') as number
    }
    load(): this {
      context.queue.push(() => {
        const selection = book.selection
        if (!selection) {
          throw new OfficeError('InvalidSelection', 'nothing is selected')
        }
        this.loaded.set('address', `'${selection.sheet}'!${selection.address}`)
        this.loaded.set('rowIndex', parseBox(selection.address).r0)
      })
      return this
    }
  })()
}

/** Selection handlers by sheet name: they live as long as the page, like the pane's. */
const selectionHandlers = new Map<string, ((event: { address: string }) => unknown)[]>()

function boxAddress(box: Box): string {
  return `${addressOf(box.r0, box.c0)}:${addressOf(box.r1, box.c1)}`
}

/** Hides the body rows of a table that a filtered column's values do not keep. */
function applyFilters(table: Table): void {
  const sheet = sheetNamed(table.sheet)
  if (!sheet) {
    return
  }
  for (let r = table.box.r0 + 1; r <= table.box.r1; r++) {
    const kept = table.criteria.every(([column, values]) => {
      const cell = sheet.cells.get(key(r, table.box.c0 + column))
      return values.includes(String(cell ? valueOf(sheet, cell) : ''))
    })
    if (kept) {
      sheet.hiddenRows.delete(r)
    } else {
      sheet.hiddenRows.add(r)
    }
  }
}

function tableProxy(context: Context, find: () => Table | undefined) {
  const table = (): Table => {
    const found = find()
    if (!found) {
      throw new OfficeError('ItemNotFound', 'no such table')
    }
    return found
  }
  const proxy = new (class extends Loadable {
    setNull(value: boolean): void {
      this.nullObject = value
    }
    loadNow(): void {
      this.loaded.set('name', table().name)
    }
    get name(): string {
      return this.read('name') as string
    }
    set name(name: string) {
      context.queue.push(() => void (table().name = name))
    }
    load(): this {
      context.queue.push(() => {
        if (!this.nullObject) {
          this.loadNow()
        }
      })
      return this
    }
    getRange() {
      const found = table()
      return rangeProxy(context, () => sheetNamed(found.sheet) as Sheet, boxAddress(found.box))
    }
    resize(address: string): void {
      context.queue.push(() => {
        const box = parseBox(address)
        const found = table()
        if (box.r0 !== found.box.r0 || box.c0 !== found.box.c0) {
          throw new OfficeError('InvalidArgument', 'a table keeps its top-left corner')
        }
        found.box = box
      })
    }
    reapplyFilters(): void {
      context.queue.push(() => applyFilters(table()))
    }
    delete(): void {
      context.queue.push(() => {
        book.tables = book.tables.filter((t) => t !== table())
      })
    }
  })()
  return proxy
}

function workbookProxy(context: Context) {
  const tables = new (class extends Loadable {
    get items(): ReturnType<typeof tableProxy>[] {
      return this.read('items') as ReturnType<typeof tableProxy>[]
    }
    load(): this {
      context.queue.push(() => {
        this.loaded.set(
          'items',
          book.tables.map((found) => {
            const proxy = tableProxy(context, () => found)
            proxy.loadNow()
            return proxy
          }),
        )
      })
      return this
    }
    add(address: string, hasHeaders: boolean) {
      let made: Table | undefined
      context.queue.push(() => {
        const at = address.lastIndexOf('!')
        const sheet = address.slice(0, at).replace(/^'|'$/g, '')
        if (!sheetNamed(sheet) || !hasHeaders) {
          throw new OfficeError('InvalidArgument', `cannot add a table at ${address}`)
        }
        made = {
          name: `Table${book.tables.length + 1}`,
          sheet,
          box: parseBox(address),
          criteria: [],
        }
        book.tables.push(made)
      })
      return tableProxy(context, () => made)
    }
  })()
  return {
    tables,
    worksheets: worksheetsProxy(context),
    getSelectedRange() {
      return selectedRangeProxy(context)
    },
    properties: {
      custom: {
        add(name: string, value: string): void {
          context.queue.push(() => void book.custom.set(name, String(value)))
        },
        getItemOrNullObject(name: string) {
          const item = new (class extends Loadable {
            get value(): unknown {
              return this.read('value')
            }
            load(): this {
              context.queue.push(() => {
                this.nullObject = !book.custom.has(name)
                this.loaded.set('value', book.custom.get(name) ?? '')
              })
              return this
            }
          })()
          context.queue.push(
            () =>
              void ((item as unknown as { nullObject: boolean }).nullObject =
                !book.custom.has(name)),
          )
          return item
        },
      },
    },
  }
}

function worksheetsProxy(context: Context) {
  const collection = new (class extends Loadable {
    get items(): ReturnType<typeof worksheetProxy>[] {
      return this.read('items') as ReturnType<typeof worksheetProxy>[]
    }
    load(): this {
      context.queue.push(() => {
        this.loaded.set(
          'items',
          book.sheets.map((sheet) => {
            const proxy = worksheetProxy(context, () => sheet)
            proxy.loadNow(['name'])
            return proxy
          }),
        )
      })
      return this
    }
    getItem(name: string) {
      return worksheetProxy(context, () => {
        const sheet = sheetNamed(name)
        if (!sheet) {
          throw new OfficeError('ItemNotFound', `no sheet ${name}`)
        }
        return sheet
      })
    }
    getItemOrNullObject(name: string) {
      const proxy = worksheetProxy(context, () => {
        const sheet = sheetNamed(name)
        if (!sheet) {
          throw new OfficeError('ItemNotFound', `no sheet ${name}`)
        }
        return sheet
      })
      context.queue.push(() => proxy.setNull(!sheetNamed(name)))
      return proxy
    }
    add(name: string) {
      context.queue.push(() => {
        if (sheetNamed(name)) {
          throw new OfficeError('ItemAlreadyExists', `sheet ${name} exists`)
        }
        book.sheets.push({
          name,
          cells: new Map(),
          protected: false,
          notes: new Map(),
          validations: new Map(),
          hiddenColumns: new Set(),
          hiddenRows: new Set(),
          frozenRows: 0,
          widths: new Map(),
          print: new Map(),
        })
      })
      return worksheetProxy(context, () => sheetNamed(name) as Sheet)
    }
  })()
  return collection
}

function worksheetProxy(context: Context, resolve: () => Sheet) {
  const q = (operation: (sheet: Sheet) => void): void =>
    void context.queue.push(() => operation(resolve()))
  const sheetProxy = new (class extends Loadable {
    setNull(value: boolean): void {
      this.nullObject = value
    }
    loadNow(properties: string[]): void {
      const sheet = resolve()
      for (const name of properties) {
        if (name === 'name') {
          this.loaded.set('name', sheet.name)
        }
      }
    }
    get name(): string {
      return this.read('name') as string
    }
    load(properties?: string | string[]): this {
      context.queue.push(() => {
        if (this.nullObject) {
          return
        }
        this.loadNow(names(properties).length ? names(properties) : ['name'])
      })
      return this
    }
    protection = new (class extends Loadable {
      get protected(): boolean {
        return this.read('protected') as boolean
      }
      load(): this {
        context.queue.push(() => void this.loaded.set('protected', resolve().protected))
        return this
      }
      protect(): void {
        q((sheet) => void (sheet.protected = true))
      }
      unprotect(): void {
        q((sheet) => void (sheet.protected = false))
      }
    })()
    notes = {
      getItemOrNullObject(address: string) {
        const note = new (class extends Loadable {
          get content(): string {
            return this.read('content') as string
          }
          load(): this {
            context.queue.push(() => {
              const sheet = resolve()
              this.nullObject = !sheet.notes.has(address)
              this.loaded.set('content', sheet.notes.get(address) ?? '')
            })
            return this
          }
          delete(): void {
            q((sheet) => {
              if (!sheet.notes.delete(address)) {
                throw new OfficeError('ItemNotFound', `no note at ${address}`)
              }
            })
          }
        })()
        return note
      },
      add(range: { address: string } | string, content: string): void {
        q((sheet) => {
          if (book.apiMinor < 18) {
            throw new OfficeError('ApiNotFound', 'notes need ExcelApi 1.18')
          }
          const address = typeof range === 'string' ? range : range.address
          if (sheet.notes.has(address)) {
            throw new OfficeError('InvalidArgument', `a note already sits on ${address}`)
          }
          sheet.notes.set(address, content)
        })
      },
    }
    pageLayout = pageLayoutProxy(q)
    freezePanes = {
      freezeRows(count: number): void {
        q((sheet) => void (sheet.frozenRows = count))
      },
      freezeAt(range: { address: string }): void {
        q((sheet) => void (sheet.frozenRows = parseBox(range.address).r1 + 1))
      },
    }
    activate(): void {
      q((sheet) => void (book.active = sheet.name))
    }
    onSelectionChanged = {
      add(handler: (event: { address: string }) => unknown) {
        q((sheet) => {
          const list = selectionHandlers.get(sheet.name) ?? []
          list.push(handler)
          selectionHandlers.set(sheet.name, list)
        })
        return {}
      },
    }
    getRange(address: string) {
      return rangeProxy(context, resolve, address)
    }
    getUsedRangeOrNullObject() {
      const range = rangeProxy(context, resolve, null)
      return range
    }
    charts = {
      add(type: string, source: { address: string }, _seriesBy: string) {
        const record: ChartRecord = {
          type,
          source: source.address,
          title: '',
          seriesNames: [],
          categories: [],
          anchor: null,
        }
        q((sheet) => {
          parseBox(source.address)
          ;(sheet.charts ??= []).push(record)
        })
        return {
          title: {
            set text(text: string) {
              q(() => void (record.title = text))
            },
          },
          series: {
            getItemAt(i: number) {
              return {
                set name(name: string) {
                  q(() => void (record.seriesNames[i] = name))
                },
                setXAxisValues(range: { address: string }) {
                  q(() => void (record.categories[i] = range.address))
                },
              }
            },
          },
          setPosition(anchor: string) {
            q(() => void (record.anchor = anchor))
          },
        }
      },
    }
  })()
  return sheetProxy
}

/** The page layout (ExcelApi 1.9): each setting lands in `sheet.print` at sync. */
function pageLayoutProxy(q: (operation: (sheet: Sheet) => void) => void) {
  const set = (key: string, value: unknown): void =>
    q((sheet) => {
      if (book.apiMinor < 9) {
        throw new OfficeError('ApiNotFound', 'the page layout needs ExcelApi 1.9')
      }
      sheet.print.set(key, value)
    })
  const settable = (key: string) => ({
    set(value: unknown) {
      set(key, value)
    },
    enumerable: true,
  })
  const layout = {
    setPrintArea: (area: string) => set('printArea', area),
    setPrintTitleRows: (rows: string) => set('titleRows', rows),
    setPrintTitleColumns: (columns: string) => set('titleColumns', columns),
    headersFooters: {
      defaultForAllPages: Object.defineProperties({}, { centerFooter: settable('footer') }),
    },
  }
  for (const key of [
    'paperSize',
    'orientation',
    'zoom',
    'centerHorizontally',
    'leftMargin',
    'rightMargin',
    'topMargin',
    'bottomMargin',
    'headerMargin',
    'footerMargin',
  ]) {
    Object.defineProperty(layout, key, settable(key))
  }
  return layout
}

function usedBox(sheet: Sheet): Box | null {
  let box: Box | null = null
  for (const [k, cell] of sheet.cells) {
    if (cell.value === '' && !cell.formula) {
      continue
    }
    const [r = 0, c = 0] = k.split(',').map(Number)
    box = box
      ? {
          r0: Math.min(box.r0, r),
          c0: Math.min(box.c0, c),
          r1: Math.max(box.r1, r),
          c1: Math.max(box.c1, c),
        }
      : { r0: r, c0: c, r1: r, c1: c }
  }
  return box
}

function rangeProxy(context: Context, resolveSheet: () => Sheet, fixed: string | null) {
  /** A fixed address, or (for the used range) the box found at sync. */
  let box: Box | null = fixed === null ? null : parseBox(fixed)
  const q = (operation: (sheet: Sheet, box: Box) => void): void =>
    void context.queue.push(() => {
      if (!box) {
        throw new OfficeError('InvalidOperation', 'used range is empty')
      }
      operation(resolveSheet(), box)
    })
  const grid = <T>(sheet: Sheet, b: Box, read: (cell: Cell) => T): T[][] =>
    Array.from({ length: b.r1 - b.r0 + 1 }, (_, i) =>
      Array.from({ length: b.c1 - b.c0 + 1 }, (_, j) => read(cellAt(sheet, b.r0 + i, b.c0 + j))),
    )
  const writeGrid = (
    data: unknown,
    what: string,
    apply: (cell: Cell, input: unknown) => void,
  ): void =>
    q((sheet, b) => {
      if (!Array.isArray(data)) {
        throw new OfficeError('InvalidArgument', `${what} must be a 2-D array`)
      }
      const rows = b.r1 - b.r0 + 1
      const columns = b.c1 - b.c0 + 1
      if (
        data.length !== rows ||
        data.some((line) => !Array.isArray(line) || line.length !== columns)
      ) {
        throw new OfficeError(
          'InvalidArgument',
          `${what}: ${rows}×${columns} expected for ${fixed}`,
        )
      }
      if (what !== 'numberFormat') {
        guardWrite(sheet, b, what)
      } else {
        guardFormat(sheet)
      }
      data.forEach((line: unknown[], i) =>
        line.forEach((input, j) => apply(cellAt(sheet, b.r0 + i, b.c0 + j), input)),
      )
    })
  const formatting = (apply: (cell: Cell) => void) =>
    q((sheet, b) => {
      guardFormat(sheet)
      eachCell(sheet, b, apply)
    })

  const range = new (class extends Loadable {
    get address(): string {
      if (fixed === null) {
        return this.read('address') as string
      }
      return fixed
    }
    get values(): Scalar[][] {
      return this.read('values') as Scalar[][]
    }
    set values(data: Scalar[][]) {
      writeGrid(data, 'values', enter)
    }
    get formulas(): Scalar[][] {
      return this.read('formulas') as Scalar[][]
    }
    set formulas(data: Scalar[][]) {
      writeGrid(data, 'formulas', enter)
    }
    set numberFormat(data: string[][]) {
      writeGrid(data, 'numberFormat', (cell, input) => void (cell.numberFormat = String(input)))
    }
    get rowIndex(): number {
      return this.read('rowIndex') as number
    }
    get rowCount(): number {
      return this.read('rowCount') as number
    }
    get columnIndex(): number {
      return this.read('columnIndex') as number
    }
    set columnHidden(hidden: boolean) {
      q((sheet, b) => {
        for (let c = b.c0; c <= Math.min(b.c1, 200); c++) {
          if (hidden) {
            sheet.hiddenColumns.add(c)
          } else {
            sheet.hiddenColumns.delete(c)
          }
        }
      })
    }
    set rowHidden(hidden: boolean) {
      q((sheet, b) => {
        for (let r = b.r0; r <= Math.min(b.r1, 5000); r++) {
          if (hidden) {
            sheet.hiddenRows.add(r)
          } else {
            sheet.hiddenRows.delete(r)
          }
        }
      })
    }
    load(properties?: string | string[]): this {
      const wanted = names(properties)
      context.queue.push(() => {
        const sheet = resolveSheet()
        if (fixed === null) {
          box = usedBox(sheet)
          this.nullObject = box === null
          if (!box) {
            return
          }
        }
        const b = box as Box
        for (const name of wanted) {
          if (name === 'values') {
            this.loaded.set(
              'values',
              grid(sheet, b, (cell) => valueOf(sheet, cell)),
            )
          } else if (name === 'formulas') {
            this.loaded.set(
              'formulas',
              grid(sheet, b, (cell) => cell.formula ?? cell.value),
            )
          } else if (name === 'rowCount') {
            this.loaded.set('rowCount', b.r1 - b.r0 + 1)
          } else if (name === 'rowIndex') {
            this.loaded.set('rowIndex', b.r0)
          } else if (name === 'columnIndex') {
            this.loaded.set('columnIndex', b.c0)
          } else if (name === 'address') {
            this.loaded.set(
              'address',
              `${sheet.name}!${addressOf(b.r0, b.c0)}:${addressOf(b.r1, b.c1)}`,
            )
          }
        }
      })
      return this
    }
    format = {
      fill: {
        set color(color: string) {
          formatting((cell) => void (cell.fill = color))
        },
        clear(): void {
          formatting((cell) => void (cell.fill = null))
        },
      },
      font: {
        set bold(bold: boolean) {
          formatting((cell) => void (cell.bold = bold))
        },
        set size(_: number) {
          formatting(() => undefined)
        },
        set name(_: string) {
          formatting(() => undefined)
        },
        set italic(_: boolean) {
          formatting(() => undefined)
        },
        set underline(_: string) {
          formatting(() => undefined)
        },
      },
      protection: {
        set locked(locked: boolean) {
          formatting((cell) => void (cell.locked = locked))
        },
      },
      set horizontalAlignment(_: string) {
        formatting(() => undefined)
      },
      set wrapText(_: boolean) {
        formatting(() => undefined)
      },
      set verticalAlignment(_: string) {
        formatting(() => undefined)
      },
      set columnWidth(points: number) {
        q((sheet, b) => {
          guardFormat(sheet)
          for (let c = b.c0; c <= Math.min(b.c1, 200); c++) {
            sheet.widths.set(c, points)
          }
        })
      },
      set rowHeight(_: number) {
        q((sheet) => guardFormat(sheet))
      },
      borders: {
        getItem: () => ({
          set style(_: string) {
            formatting(() => undefined)
          },
        }),
      },
    }
    dataValidation = {
      set rule(rule: unknown) {
        q((sheet, b) => {
          guardFormat(sheet)
          eachCell(sheet, b, (_, r, c) => sheet.validations.set(addressOf(r, c), rule))
        })
      },
      set errorAlert(_: unknown) {
        q((sheet) => guardFormat(sheet))
      },
      set ignoreBlanks(_: boolean) {
        q((sheet) => guardFormat(sheet))
      },
      clear(): void {
        q((sheet, b) => eachCell(sheet, b, (_, r, c) => sheet.validations.delete(addressOf(r, c))))
      },
    }
    merge(): void {
      q((sheet) => guardFormat(sheet))
    }
    unmerge(): void {
      q((sheet) => guardFormat(sheet))
    }
    clear(): void {
      q((sheet, b) => {
        guardWrite(sheet, b, 'clear')
        eachCell(sheet, b, (cell) => {
          Object.assign(cell, {
            value: '',
            formula: null,
            numberFormat: 'General',
            fill: null,
            bold: false,
            locked: true,
          })
        })
      })
    }
    select(): void {
      q((sheet, b) => void (book.selection = { sheet: sheet.name, address: addressOf(b.r0, b.c0) }))
    }
  })()
  return range
}

/** Draws the active sheet beside the pane: values, fills, bold, notes (a red corner) and selection. */
function render(): void {
  const sheet = book.sheets.find((s) => s.name === book.active) ?? book.sheets[0]
  let host = document.getElementById('fake-excel')
  if (!host) {
    host = document.createElement('div')
    host.id = 'fake-excel'
    host.attachShadow({ mode: 'open' })
    document.documentElement.append(host)
  }
  const root = host.shadowRoot as ShadowRoot
  if (!sheet) {
    root.innerHTML = ''
    return
  }
  const box = usedBox(sheet) ?? { r0: 0, c0: 0, r1: 10, c1: 5 }
  const columns = [...Array(Math.min(box.c1 + 1, 8)).keys()].filter(
    (c) => !sheet.hiddenColumns.has(c),
  )
  const rows = [...Array(Math.min(box.r1 + 1, 60)).keys()].filter((r) => !sheet.hiddenRows.has(r))
  const esc = (text: unknown): string =>
    String(text).replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`)
  const body = rows
    .map((r) => {
      const cells = columns
        .map((c) => {
          const cell = sheet.cells.get(key(r, c))
          const address = addressOf(r, c)
          const note = sheet.notes.get(address)
          const value = cell ? valueOf(sheet, cell) : ''
          const selected =
            book.selection?.sheet === sheet.name && book.selection.address === address
          const style = [
            cell?.fill ? `background:${cell.fill}` : '',
            cell?.bold ? 'font-weight:600' : '',
            typeof value === 'number' ? 'text-align:right' : '',
            selected ? 'outline:2px solid #107c41;outline-offset:-2px' : '',
            cell && !cell.locked ? 'color:#00529b' : '',
          ].join(';')
          return `<td data-address="${address}" style="${style}" title="${esc(note ?? '')}">${esc(value)}${note ? '<i></i>' : ''}</td>`
        })
        .join('')
      return `<tr><th>${r + 1}</th>${cells}</tr>`
    })
    .join('')
  const tabs = book.sheets
    .map((s) => `<span class="${s === sheet ? 'on' : ''}">${esc(s.name)}</span>`)
    .join('')
  root.innerHTML = `<style>
    :host { position: fixed; top: 0; left: 372px; right: 0; bottom: 0; overflow: auto; background: #fff;
      border-left: 1px solid #c8c8c8; font: 11px Calibri, 'Segoe UI', sans-serif; }
    table { border-collapse: collapse; table-layout: fixed; }
    td, th { border: 1px solid #e1e1e1; padding: 1px 4px; height: 16px; white-space: nowrap; overflow: hidden;
      text-overflow: ellipsis; position: relative; }
    th { background: #f3f3f3; color: #555; font-weight: 400; width: 28px; }
    i { position: absolute; top: 0; right: 0; border-top: 6px solid #c00; border-left: 6px solid transparent; }
    .tabs { position: sticky; top: 0; background: #f3f3f3; padding: 3px; z-index: 1; }
    .tabs span { padding: 2px 8px; margin-right: 2px; } .tabs .on { background: #fff; color: #107c41; font-weight: 600; }
  </style><div class="tabs">${tabs}</div><table><colgroup><col style="width:28px">${columns
    .map((c) => `<col style="width:${Math.round((sheet.widths.get(c) ?? 48) * 0.9)}px">`)
    .join(
      '',
    )}</colgroup><tr><th></th>${columns.map((c) => `<th>${letters(c)}</th>`).join('')}</tr>${body}</table>`
}

/** What a test (or a clerk) does by hand in the workbook. */
const fakeExcel = {
  /** Recalculates formulas as Excel does (fake-functions.ts). */
  calculate,
  book,
  /** Types into a cell as a user would: refused on a locked cell of a protected sheet. */
  type(sheetName: string, address: string, text: string): void {
    const sheet = sheetNamed(sheetName)
    if (!sheet) {
      throw new Error(`no sheet ${sheetName}`)
    }
    const box = parseBox(address)
    const cell = cellAt(sheet, box.r0, box.c0)
    if (sheet.protected && cell.locked) {
      throw new Error(`${address} is locked`)
    }
    enter(cell, text)
    render()
  },
  value(sheetName: string, address: string): Scalar {
    const sheet = sheetNamed(sheetName) as Sheet
    const box = parseBox(address)
    return valueOf(sheet, cellAt(sheet, box.r0, box.c0))
  },
  fill(sheetName: string, address: string): string | null {
    const sheet = sheetNamed(sheetName) as Sheet
    const box = parseBox(address)
    return sheet.cells.get(key(box.r0, box.c0))?.fill ?? null
  },
  note(sheetName: string, address: string): string | null {
    return sheetNamed(sheetName)?.notes.get(address) ?? null
  },
  /** Every cell of a sheet as rows of values, for finding figures in a pulled rollup. */
  rows(sheetName: string): Scalar[][] {
    const sheet = sheetNamed(sheetName) as Sheet
    const box = usedBox(sheet)
    if (!box) {
      return []
    }
    return Array.from({ length: box.r1 + 1 }, (_, r) =>
      Array.from({ length: box.c1 + 1 }, (_, c) => {
        const cell = sheet.cells.get(key(r, c))
        return cell ? valueOf(sheet, cell) : ''
      }),
    )
  },
  sheetNames(): string[] {
    return book.sheets.map((sheet) => sheet.name)
  },
  /** The charts the add-in drew on a sheet, as it set them up. */
  charts(sheetName: string): ChartRecord[] {
    return sheetNamed(sheetName)?.charts ?? []
  },
  /** Selects cells as a clerk clicks or drags, firing the sheet's selection handlers. */
  select(sheetName: string, address: string): void {
    const sheet = sheetNamed(sheetName)
    if (!sheet) {
      throw new Error(`no sheet ${sheetName}`)
    }
    book.active = sheet.name
    book.selection = { sheet: sheet.name, address }
    render()
    for (const handler of selectionHandlers.get(sheet.name) ?? []) {
      void handler({ address })
    }
  },
  /** Filters a table's column to some values, as the clerk does with the header's arrow. */
  filter(tableName: string, header: string, values: string[]): void {
    const table = book.tables.find((t) => t.name === tableName)
    const sheet = table && sheetNamed(table.sheet)
    if (!table || !sheet) {
      throw new Error(`no table ${tableName}`)
    }
    const column = Array.from({ length: table.box.c1 - table.box.c0 + 1 }, (_, c) =>
      sheet.cells.get(key(table.box.r0, table.box.c0 + c)),
    ).findIndex((cell) => cell?.value === header)
    table.criteria = [...table.criteria.filter(([c]) => c !== column), [column, values]]
    applyFilters(table)
    render()
  },
  /** The tables of the workbook: name, sheet, address and filtered columns. */
  tables(): { name: string; sheet: string; address: string; filtered: number }[] {
    return book.tables.map((t) => ({
      name: t.name,
      sheet: t.sheet,
      address: boxAddress(t.box),
      filtered: t.criteria.length,
    }))
  },
  /** The values of the rows a filter leaves visible (the header included). */
  visibleRows(sheetName: string): Scalar[][] {
    const sheet = sheetNamed(sheetName) as Sheet
    return fakeExcel.rows(sheetName).filter((_, r) => !sheet.hiddenRows.has(r))
  },
}

/**
 * The shared runtime's pane (Office.addin, SharedRuntime 1.1): closing the pane hides it, and the
 * page, with the custom functions it registered, keeps running.
 */
type VisibilityHandler = (args: { visibilityMode: 'Taskpane' | 'Hidden' }) => void
const visibilityHandlers: VisibilityHandler[] = []
function showPane(shown: boolean): Promise<void> {
  document.body.hidden = !shown
  for (const handler of visibilityHandlers) {
    handler({ visibilityMode: shown ? 'Taskpane' : 'Hidden' })
  }
  return Promise.resolve()
}

const office = {
  HostType: { Excel: 'Excel' },
  PlatformType: { OfficeOnline: 'OfficeOnline' },
  VisibilityMode: { taskpane: 'Taskpane', hidden: 'Hidden' },
  addin: {
    hide: () => showPane(false),
    showAsTaskpane: () => showPane(true),
    onVisibilityModeChanged(handler: VisibilityHandler) {
      visibilityHandlers.push(handler)
      return Promise.resolve(() => {
        visibilityHandlers.splice(visibilityHandlers.indexOf(handler), 1)
        return Promise.resolve()
      })
    },
  },
  onReady(callback?: (info: { host: string; platform: string }) => void) {
    const info = { host: 'Excel', platform: 'OfficeOnline' }
    callback?.(info)
    return Promise.resolve(info)
  },
  context: {
    requirements: {
      isSetSupported(name: string, version?: string): boolean {
        return name === 'ExcelApi' && Number((version ?? '1.1').split('.')[1]) <= book.apiMinor
      },
    },
  },
}

const excel = {
  async run<T>(batch: (context: Context) => Promise<T>): Promise<T> {
    const context = new Context()
    const result = await batch(context)
    if (context.queue.length > 0) {
      await context.sync()
    }
    return result
  },
}

Object.assign(window, {
  Office: office,
  Excel: excel,
  CustomFunctions: customFunctions,
  OfficeRuntime: { storage: fakeRuntimeStorage },
  OfficeExtension: { Error: OfficeError },
  fakeExcel,
})
document.addEventListener('DOMContentLoaded', () => {
  document.body.style.maxWidth = '360px'
  render()
})
