/**
 * @module The CONGDOAN custom functions: live consolidated figures in any cell of any workbook
 * (=CONGDOAN.SO("BK"; "2026-Y"; "members.total")). The pane's page registers them
 * (`associateFunctions`, from taskpane.ts), so they run beside the pane, open or closed, and use
 * its session (the token the pane keeps in sessionStorage) and its worker address. Excel, with no
 * shared runtime declared, runs them apart in a JavaScript-only runtime (`standalone.ts`), which
 * has no web storage: there the session and the kept figures come from the storage the pane
 * shares with it (`OfficeRuntime.storage`, see functions-session.ts). Every figure asked during
 * one recalculation goes in one request (`FigureBatcher`). The JSDoc below is what
 * `custom-functions-metadata` turns into functions.json at build time: keep the tags.
 */
import type { FigureRequest, FiguresResponse } from '../../shared/api-schemas.ts'
import { coverageMeasure } from '../../shared/analysis/figures.ts'
import { vietnamDateTime } from '../../shared/periods.ts'
import { ApiClient, type ApiResult } from '../api/client.ts'
import { FigureBatcher, type FigureStorage } from './figure-batcher.ts'
import { figureCell } from './figure-cells.ts'
import { sharedSession } from './functions-session.ts'
import { officeRuntimeStorage } from './runtime-storage.ts'

/** Where the pane keeps its session and settings (taskpane.ts writes them). */
const SESSION_KEY = 'baocao-cd.session'
const SETTINGS_KEY = 'baocao-cd.settings'

/** Web storage, absent when a host runs the functions in a JavaScript-only runtime. */
function webStorage(kind: 'sessionStorage' | 'localStorage'): Storage | undefined {
  return typeof globalThis[kind] === 'undefined' ? undefined : globalThis[kind]
}

function readJson<T>(storage: Storage | undefined, key: string): T | null {
  try {
    const text = storage?.getItem(key) ?? null
    return text === null ? null : (JSON.parse(text) as T)
  } catch {
    return null
  }
}

/**
 * The worker's address and the token: the pane's own (its page), else what the pane shared with
 * the functions' runtime; null when nobody is signed in.
 */
async function currentSession(): Promise<{ baseUrl: string; token: string } | null> {
  // Without a DOM this is the functions' own runtime, whatever storage it may offer.
  const pane = typeof document === 'undefined' ? undefined : webStorage('sessionStorage')
  if (pane !== undefined) {
    const session = readJson<{ token: string; expiresAt: string }>(pane, SESSION_KEY)
    if (!session || Date.parse(session.expiresAt) <= Date.now()) {
      return null
    }
    const settings = readJson<{ baseUrl?: string }>(webStorage('localStorage'), SETTINGS_KEY)
    return { baseUrl: settings?.baseUrl ?? '', token: session.token }
  }
  const shared = officeRuntimeStorage()
  return shared === undefined ? null : sharedSession(shared)
}

async function sendFigures(figures: FigureRequest[]): Promise<ApiResult<FiguresResponse> | null> {
  const session = await currentSession()
  if (session === null) {
    return null
  }
  const api = new ApiClient({ baseUrl: session.baseUrl, token: session.token })
  return api.request('POST', '/api/v1/figures', { figures })
}

/**
 * Where figures are kept for offline use: the storage shared with the other runtime, so that the
 * functions' runtime reads what the pane kept and the reverse; else localStorage; else memory.
 */
function figureStorage(): FigureStorage {
  const memory = new Map<string, string>()
  // Chosen at each use: office.js's local copy (when the CDN failed) loads after this module.
  const current = (): FigureStorage =>
    officeRuntimeStorage() ??
    webStorage('localStorage') ?? {
      getItem: (key) => memory.get(key) ?? null,
      setItem: (key, value) => void memory.set(key, value),
    }
  return {
    getItem: (key) => current().getItem(key),
    setItem: (key, value) => current().setItem(key, value),
  }
}

export const figureBatcher = new FigureBatcher({ send: sendFigures, storage: figureStorage() })

/**
 * An Excel error value with its message. The runtime's error class does not extend Error in its
 * typings, though Excel needs that very class thrown.
 */
function excelError(code: CustomFunctions.ErrorCode, message: string): Error {
  return new CustomFunctions.Error(code, message) as unknown as Error
}

async function cell(ask: FigureRequest): Promise<number | string> {
  const shown = figureCell(await figureBatcher.ask(ask))
  if (shown.ok) {
    return shown.value
  }
  throw excelError(CustomFunctions.ErrorCode[shown.error], shown.message)
}

function coverageAsk(
  unit: string,
  period: string,
  measure: string | undefined,
  form: string | undefined,
  previous: boolean,
): FigureRequest | string {
  const named = measure === undefined || measure === '' ? 'submitted' : coverageMeasure(measure)
  if (named === undefined) {
    return `"${measure}" không phải một số đếm: dùng "phải nộp", "đã nộp", "đã duyệt", "nộp muộn" hoặc "chưa nộp".`
  }
  return { unit, period, measure: named, previous, ...(form ? { form } : {}) }
}

/**
 * Số liệu tổng hợp của một dòng cho một đơn vị và một kỳ (tỷ lệ, bình quân tính lại từ tổng).
 * @customfunction SO
 * @param unit Mã đơn vị, ví dụ "BK".
 * @param period Kỳ báo cáo, ví dụ "2026-Y".
 * @param row Mã dòng, số TT hoặc tên dòng, ví dụ "members.total".
 * @param [form] Biểu mẫu, ví dụ "B01" (mặc định: biểu mẫu đầu tiên có dòng đó).
 * @returns Số liệu tổng hợp; trống khi không đơn vị nào báo cáo dòng đó.
 */
export function so(
  unit: string,
  period: string,
  row: string,
  form?: string,
): Promise<number | string> {
  return cell({ unit, period, row, ...(form ? { form } : {}) })
}

/**
 * Số liệu tổng hợp của một dòng ở kỳ trước cùng loại (2026-Y: 2025-Y).
 * @customfunction SOKYTRUOC
 * @param unit Mã đơn vị, ví dụ "BK".
 * @param period Kỳ báo cáo, ví dụ "2026-Y".
 * @param row Mã dòng, số TT hoặc tên dòng.
 * @param [form] Biểu mẫu, ví dụ "B01".
 * @returns Số liệu tổng hợp của kỳ trước cùng loại.
 */
export function soKyTruoc(
  unit: string,
  period: string,
  row: string,
  form?: string,
): Promise<number | string> {
  return cell({ unit, period, row, previous: true, ...(form ? { form } : {}) })
}

/**
 * Số đơn vị phải nộp, đã nộp, đã duyệt, nộp muộn hoặc chưa nộp báo cáo trong một kỳ.
 * @customfunction NOP
 * @param unit Mã đơn vị, ví dụ "BK".
 * @param period Kỳ báo cáo, ví dụ "2026-Y".
 * @param [measure] "phải nộp", "đã nộp" (mặc định), "đã duyệt", "nộp muộn" hoặc "chưa nộp".
 * @param [form] Biểu mẫu, ví dụ "B01" (mặc định B01).
 * @returns Số đơn vị.
 */
export async function nop(
  unit: string,
  period: string,
  measure?: string,
  form?: string,
): Promise<number | string> {
  const ask = coverageAsk(unit, period, measure, form, false)
  if (typeof ask === 'string') {
    throw excelError(CustomFunctions.ErrorCode.invalidValue, ask)
  }
  return cell(ask)
}

/**
 * Như NOP, cho kỳ trước cùng loại.
 * @customfunction NOPKYTRUOC
 * @param unit Mã đơn vị, ví dụ "BK".
 * @param period Kỳ báo cáo, ví dụ "2026-Y".
 * @param [measure] "phải nộp", "đã nộp" (mặc định), "đã duyệt", "nộp muộn" hoặc "chưa nộp".
 * @param [form] Biểu mẫu, ví dụ "B01".
 * @returns Số đơn vị ở kỳ trước cùng loại.
 */
export async function nopKyTruoc(
  unit: string,
  period: string,
  measure?: string,
  form?: string,
): Promise<number | string> {
  const ask = coverageAsk(unit, period, measure, form, true)
  if (typeof ask === 'string') {
    throw excelError(CustomFunctions.ErrorCode.invalidValue, ask)
  }
  return cell(ask)
}

/**
 * Khi nào các số liệu CONGDOAN được đọc lần cuối, và có phải bản lưu ngoại tuyến không.
 * @customfunction CAPNHAT
 * @volatile
 * @returns "Trực tuyến, số liệu lúc …" hoặc "Ngoại tuyến …".
 */
export async function capNhat(): Promise<string> {
  // Asked in the same recalculation as the figures: answer once they have been read.
  await figureBatcher.settled()
  const read = figureBatcher.lastRead
  if (read === null) {
    return 'Chưa đọc số liệu nào'
  }
  const when = read.at === '' ? '' : ` lúc ${vietnamDateTime(read.at)}`
  return read.offline
    ? `Ngoại tuyến: số liệu là bản đã lưu${when}`
    : `Trực tuyến, số liệu lúc ${vietnamDateTime(read.at)}`
}

/**
 * Registers the functions with Excel, when the host has custom functions; false while office.js
 * has not loaded. Excel wants them registered as the page starts: registered after an await, the
 * first call of a shared runtime can fail with #VALUE!.
 */
export function associateFunctions(): boolean {
  if (typeof CustomFunctions === 'undefined') {
    return false
  }
  CustomFunctions.associate('SO', so)
  CustomFunctions.associate('SOKYTRUOC', soKyTruoc)
  CustomFunctions.associate('NOP', nop)
  CustomFunctions.associate('NOPKYTRUOC', nopKyTruoc)
  CustomFunctions.associate('CAPNHAT', capNhat)
  return true
}
