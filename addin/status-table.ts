/**
 * @module The subtree's standing as Excel tables, as plain data: "Tình hình nộp báo cáo" (one row
 * per unit: code, name, upper union, status, submitted at, late, revision, who entered (the unit
 * or its upper union, and the person or "khóa đơn vị"), warnings, unconfirmed warnings, reviewer
 * (unit and person), decision) and the chasing list (units not sent or late, with
 * the clerk's phone and e-mail); which rows a selection names; and which selected reports can be
 * accepted at once, the others with why.
 */
import type { UnitStatus } from '../shared/api-schemas.ts'
import { vietnamDateTime } from '../shared/periods.ts'
import type { MessageKey } from './i18n.ts'
import { asCellText } from '../shared/cell-text.ts'
import { enteredBy, reviewedBy } from './entered-by.ts'

export const STATUS_SHEET = 'Tình hình nộp báo cáo'
export const STATUS_TABLE = 'TinhHinhNopBaoCao'
export const CHASING_SHEET = 'Cần nhắc nộp báo cáo'
export const CHASING_TABLE = 'CanNhacNopBaoCao'

export const STATUS_HEADER = [
  'Mã đơn vị',
  'Tên đơn vị',
  'Công đoàn cấp trên',
  'Tình trạng',
  'Nộp lúc',
  'Nộp muộn',
  'Phiên bản',
  'Người nhập',
  'Số cảnh báo',
  'Cảnh báo chưa xác nhận',
  'Người duyệt',
  'Quyết định',
] as const

export const CHASING_HEADER = [
  'Mã đơn vị',
  'Tên đơn vị',
  'Công đoàn cấp trên',
  'Tình trạng',
  'Điện thoại',
  'E-mail',
] as const

const STATUS_TEXT: Record<UnitStatus['status'], string> = {
  none: 'Chưa nộp',
  submitted: 'Đã nộp',
  accepted: 'Đã duyệt',
  returned: 'Trả lại',
}

export type TableCell = string | number

/** One table row per unit, in the order the worker gave (the tree's order). */
export function statusTableRows(units: readonly UnitStatus[]): TableCell[][] {
  return units.map((unit) => [
    asCellText(unit.unit),
    asCellText(unit.name),
    asCellText(unit.parentName ?? unit.parent ?? ''),
    STATUS_TEXT[unit.status],
    unit.submittedAt ? vietnamDateTime(unit.submittedAt) : '',
    unit.late ? 'Muộn' : '',
    unit.revision ?? '',
    asCellText(enteredBy(unit.unit, unit.submittedBy, unit.submittedByPerson)),
    unit.status === 'none' ? '' : unit.warnings,
    unit.status === 'none' ? '' : unit.unconfirmed,
    asCellText(reviewedBy(unit.reviewer, unit.reviewerPerson)),
    unit.decision === 'accept' ? 'Duyệt' : unit.decision === 'return' ? 'Trả lại' : '',
  ])
}

/** The units to chase: not sent yet, or sent late; with their upper union and contacts. */
export function chasingTableRows(units: readonly UnitStatus[]): TableCell[][] {
  return units
    .filter((unit) => unit.status === 'none' || unit.late)
    .map((unit) => [
      asCellText(unit.unit),
      asCellText(unit.name),
      asCellText(unit.parentName ?? unit.parent ?? ''),
      unit.status === 'none' ? 'Chưa nộp' : 'Nộp muộn',
      asCellText(unit.phone ?? ''),
      asCellText(unit.email ?? ''),
    ])
}

/**
 * The 1-based sheet rows an address covers (`'Tình hình nộp báo cáo'!A5:C9` → 5…9), at most
 * `limit` of them; an address on another sheet covers none.
 */
export function rowsOfAddress(address: string, sheet: string, limit = 50_000): number[] {
  const at = address.lastIndexOf('!')
  const sheetPart = at < 0 ? '' : address.slice(0, at).replace(/^'|'$/g, '').replace(/''/g, "'")
  if (at >= 0 && sheetPart.toLowerCase() !== sheet.toLowerCase()) {
    return []
  }
  const rows: number[] = []
  for (const area of address.slice(at + 1).split(',')) {
    const numbers = [...area.matchAll(/\$?[A-Z]*\$?(\d+)/gi)].map((match) => Number(match[1]))
    const [from = NaN, to = from] = numbers
    if (!Number.isFinite(from)) {
      continue
    }
    for (let row = Math.min(from, to); row <= Math.max(from, to) && rows.length < limit; row++) {
      rows.push(row)
    }
  }
  return [...new Set(rows)]
}

export type AcceptVerdict =
  | { unit: UnitStatus; ok: true }
  | { unit: UnitStatus; ok: false; reason: MessageKey; count?: number }

/**
 * Whether a selected unit's report can be accepted at once: it was sent, is not accepted or
 * returned already, and has no warning left unconfirmed (reports with errors never reach the
 * worker).
 */
export function acceptVerdict(unit: UnitStatus): AcceptVerdict {
  switch (unit.status) {
    case 'none':
      return { unit, ok: false, reason: 'skipNone' }
    case 'accepted':
      return { unit, ok: false, reason: 'skipAccepted' }
    case 'returned':
      return { unit, ok: false, reason: 'skipReturned' }
    case 'submitted':
      return unit.unconfirmed > 0
        ? { unit, ok: false, reason: 'skipUnconfirmed', count: unit.unconfirmed }
        : { unit, ok: true }
  }
}
