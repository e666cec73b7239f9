/**
 * @module The subordinate units and their review: the subtree's standing goes into the sheet
 * "Tình hình nộp báo cáo" (an Excel table: filter, sort and search are Excel's own) and the
 * chasing list; selecting a row shows that one unit here — who sent it and who reviewed it (the
 * person, or "khóa đơn vị"), its figures beside the previous period's, its notes, its warnings with their reasons — with a comment box of its own and
 * "Duyệt" / "Trả lại" sent with the revision shown (for a unit key, or a person with the duyệt
 * role). A selection of rows is accepted at once.
 */
import type { StatusResponse, UnitStatus } from '../../shared/api-schemas.ts'
import { previousComparablePeriod, vietnamDateTime } from '../../shared/periods.ts'
import { codesAtRows, selectedAddress, watchSelection, writeTable } from '../excel/status-sheet.ts'
import { t, type MessageKey } from '../i18n.ts'
import { reviewedReport } from '../review-values.ts'
import { reviewLine } from '../report-standing.ts'
import { actedByText, actedByWithUnit } from '../../shared/accounts.ts'
import {
  acceptVerdict,
  CHASING_HEADER,
  CHASING_SHEET,
  CHASING_TABLE,
  chasingTableRows,
  rowsOfAddress,
  STATUS_HEADER,
  STATUS_SHEET,
  STATUS_TABLE,
  statusTableRows,
} from '../status-table.ts'
import {
  act,
  api,
  byId,
  errorPhrase,
  formFor,
  locale,
  pane,
  phrase,
  say,
  showError,
  tell,
  unitName,
} from './context.ts'
import { draftFor, type SelectedUnit } from './state/desk.ts'
import { sessionActs } from './state/session.ts'
import { element } from './view.ts'

const watching = new Set<string>()

/** "Xem tình hình": the standing into the sheets, the counts here. */
export async function loadStatus(): Promise<void> {
  const { unit, period, inExcel } = pane.state.session
  if (!unit || !period) {
    return
  }
  const result = await api.status(unit.code, period)
  if (!result.ok) {
    showError(result.error)
    return
  }
  const status = result.data
  pane.dispatch({
    type: 'rollup/namesSeen',
    names: Object.fromEntries(status.units.map((row) => [row.unit, row.name])),
  })
  let sheet: string | null = null
  if (inExcel) {
    await writeTable({
      sheet: CHASING_SHEET,
      table: CHASING_TABLE,
      header: CHASING_HEADER,
      rows: chasingTableRows(status.units),
      widths: [14, 40, 30, 12, 16, 28],
    })
    sheet = (
      await writeTable({
        sheet: STATUS_SHEET,
        table: STATUS_TABLE,
        header: STATUS_HEADER,
        rows: statusTableRows(status.units),
        widths: [14, 40, 30, 12, 17, 9, 9, 22, 11, 11, 12, 10],
      })
    ).sheet
    if (!watching.has(sheet)) {
      watching.add(sheet)
      // Not through act(): a selection is never dropped while another action runs, and the
      // latest one wins over a slower earlier one.
      await watchSelection(sheet, (address) => {
        void showUnitAt(address).catch((error: unknown) =>
          tell(phrase('failed', { message: String(error) }), 'error'),
        )
      })
    }
  }
  pane.dispatch({ type: 'desk/statusLoaded', status, sheet })
  renderDesk()
  tell(
    sheet ? phrase('statusSheetWritten', { count: status.units.length, sheet }) : null,
    'success',
  )
}

/** Counts selections, so that only the latest one's unit is shown. */
let selections = 0

/** The unit of the first selected row of the status sheet, shown in the pane. */
async function showUnitAt(address: string): Promise<void> {
  const mine = ++selections
  const sheet = pane.state.desk.statusSheet
  const [row] = sheet ? rowsOfAddress(address, sheet, 1) : []
  if (!sheet || row === undefined || row < 2) {
    return
  }
  const [code] = await codesAtRows(sheet, [row])
  const status = pane.state.desk.status?.units.find((unit) => unit.unit === code)
  if (!status) {
    tell(phrase('noUnitSelected'), 'warning')
    return
  }
  if (await selectUnit(status, () => mine === selections)) {
    tell(null)
  }
}

/** "Xem đơn vị đang chọn": the same as selecting a row, for a click in the pane. */
export async function showSelected(): Promise<void> {
  await showUnitAt(await selectedAddress())
}

/**
 * Loads one unit's latest report and its previous period's, and shows them unless `current`
 * says a later selection came meanwhile. True when shown.
 */
async function selectUnit(status: UnitStatus, current = () => true): Promise<boolean> {
  const { period, allPeriods } = pane.state.session
  if (!period) {
    return false
  }
  let selected: SelectedUnit = { status, submission: null, previous: null }
  if (status.status !== 'none') {
    const report = await api.report({ unit: status.unit, period, form: status.form })
    if (!report.ok) {
      showError(report.error)
      return false
    }
    const before = previousComparablePeriod(period, allPeriods)
    const previous = before
      ? await api.report({ unit: status.unit, period: before.id, form: status.form })
      : null
    selected = {
      status,
      submission: report.data.submission,
      previous:
        before && previous?.ok
          ? { period: before.id, values: previous.data.submission.values }
          : null,
    }
  }
  if (!current()) {
    return false
  }
  pane.dispatch({ type: 'desk/unitSelected', selected })
  await renderSelected()
  byId('unit-card').scrollIntoView({ block: 'start' })
  return true
}

function renderCounts(status: StatusResponse | null): void {
  const box = byId('status')
  box.replaceChildren()
  if (!status) {
    return
  }
  const { counts } = status
  const grid = element('div', { class: 'counts' })
  const cells: [MessageKey, number][] = [
    ['countExpected', counts.expected],
    ['countSubmitted', counts.submitted],
    ['countAccepted', counts.accepted],
    ['countReturned', counts.returned],
    ['countLate', counts.late],
    ['countMissing', counts.none],
  ]
  for (const [key, value] of cells) {
    const cell = element('div', { 'data-count': key })
    cell.append(element('b', {}, String(value)), document.createTextNode(say(key)))
    grid.append(cell)
  }
  box.append(grid)
  if (pane.state.desk.statusSheet) {
    box.append(element('p', { class: 'hint' }, say('selectHint', { sheet: STATUS_SHEET })))
  }
}

/** The selected unit's card: its figures, notes, warnings and its own comment box. */
async function renderSelected(): Promise<void> {
  const card = byId('unit-card')
  const selected = pane.state.desk.selected
  card.replaceChildren()
  card.hidden = selected === null
  if (!selected) {
    return
  }
  const { status, submission, previous } = selected
  card.dataset.unit = status.unit
  card.append(element('h3', {}, `${status.name} (${status.unit})`))
  if (!submission) {
    card.append(element('p', {}, say('unitNotSent')))
    return
  }
  const who = submission.submittedBy
  const person = submission.submittedByPerson
  card.append(
    element(
      'p',
      { 'data-revision': String(submission.revision) },
      who === status.unit
        ? say('enteredSelf', {
            revision: submission.revision,
            time: vietnamDateTime(submission.submittedAt),
            who: actedByText(person, locale()),
          })
        : say('enteredUpper', {
            revision: submission.revision,
            who: actedByWithUnit(unitName(who), person, locale()),
            time: vietnamDateTime(submission.submittedAt),
          }),
    ),
  )
  const reviewed = reviewLine(submission, locale(), unitName)
  if (reviewed && submission.review) {
    card.append(element('p', { 'data-review': submission.review.decision }, reviewed))
    if (submission.review.decision === 'return') {
      card.append(
        element(
          'blockquote',
          { class: 'review-comment' },
          submission.review.comment.trim() || say('noComment'),
        ),
      )
    }
  }
  const form = await formFor(submission.form, submission.formVersion)
  if (!form || pane.state.desk.selected !== selected) {
    return
  }
  const report = reviewedReport(form, submission, locale(), previous?.values ?? null)
  // Only rows that say something: a figure now or before, a note, a warning; and their headings.
  const telling = report.rows.filter(
    (row) => row.heading || row.value || row.previous || row.note || row.warnings.length > 0,
  )
  const shown = {
    ...report,
    rows: telling.filter((row, i) => !row.heading || (telling[i + 1] && !telling[i + 1]?.heading)),
  }
  const table = element('table', { class: 'review-table' })
  const head = element('tr')
  head.append(
    element('th', {}, ''),
    element('th', {}, ''),
    element('th', {}, say('columnThis')),
    element('th', {}, previous ? `${say('columnPrevious')}` : ''),
  )
  table.append(head)
  const warningLine = (warning: (typeof shown.unplaced)[number]): HTMLElement =>
    element(
      'div',
      { class: 'warning', 'data-confirmed': String(warning.acknowledged) },
      `${warning.message} — ${
        warning.acknowledged
          ? say('warningReason', { reason: warning.reason ?? say('noComment') })
          : say('warningUnconfirmed')
      }`,
    )
  for (const row of shown.rows) {
    const tr = element('tr', { 'data-row': row.code, ...(row.heading ? { class: 'heading' } : {}) })
    const label = element('td', {}, row.label)
    if (row.note) {
      label.append(element('div', { class: 'note' }, say('rowNote', { note: row.note })))
    }
    label.append(...row.warnings.map(warningLine))
    tr.append(
      element('td', {}, row.tt),
      label,
      element('td', { class: 'value' }, row.value),
      element('td', { class: 'previous' }, row.previous),
    )
    table.append(tr)
  }
  if (!sessionActs(pane.state.session).review) {
    card.append(...shown.unplaced.map(warningLine), table)
    return
  }
  const draft = draftFor(pane.state.desk, status.unit)
  const label = element('label', { for: 'unit-comment' }, say('commentFor', { unit: status.name }))
  const box = element('textarea', { id: 'unit-comment', rows: '2', maxlength: '2000' })
  box.value = draft
  box.addEventListener('input', () =>
    pane.dispatch({ type: 'desk/commentTyped', unit: status.unit, text: box.value }),
  )
  const actions = element('div', { class: 'actions' })
  // An accepted report is only to be returned (which unlocks it), never accepted again.
  const decisions =
    submission.status === 'accepted' ? (['return'] as const) : (['accept', 'return'] as const)
  for (const decision of decisions) {
    const button = element('button', { type: 'button', 'data-decision': decision }, say(decision))
    button.addEventListener('click', () => void act(() => review(decision)))
    actions.append(button)
  }
  card.append(label, box, actions, ...shown.unplaced.map(warningLine), table)
}

/** "Duyệt" / "Trả lại" for the selected unit only, with the revision shown and its own comment. */
async function review(decision: 'accept' | 'return'): Promise<void> {
  const { period } = pane.state.session
  const selected = pane.state.desk.selected
  const submission = selected?.submission
  if (!period || !selected || !submission) {
    return
  }
  const unit = selected.status
  const comment = draftFor(pane.state.desk, unit.unit).trim()
  if (decision === 'return' && comment === '') {
    tell(phrase('commentNeeded', { unit: unit.name }), 'error')
    return
  }
  const result = await api.review(
    { unit: unit.unit, period, form: unit.form },
    decision,
    comment,
    submission.revision,
  )
  if (!result.ok) {
    showError(result.error)
    if (result.error.code === 'REVIEW_CONFLICT') {
      await selectUnit(unit)
      tell(errorPhrase(result.error), 'error')
    }
    return
  }
  pane.dispatch({ type: 'desk/reviewed', unit: unit.unit, submission: result.data.submission })
  await loadStatus()
  const name = `${unit.name} (${unit.unit})`
  tell(
    decision === 'accept'
      ? phrase('reviewedAccept', { unit: name, revision: submission.revision })
      : phrase('reviewedReturn', { unit: name, revision: submission.revision, comment }),
    'success',
  )
  await renderSelected()
}

/**
 * "Duyệt các dòng đang chọn": the selected rows whose reports have no unconfirmed warning are
 * accepted, each with the revision the sheet shows; the others are listed with why.
 */
export async function acceptSelection(): Promise<void> {
  const { period } = pane.state.session
  const { status, statusSheet } = pane.state.desk
  if (!period || !status || !statusSheet) {
    return
  }
  const rows = rowsOfAddress(await selectedAddress(), statusSheet)
  const codes = new Set(await codesAtRows(statusSheet, rows))
  const chosen = status.units.filter((unit) => codes.has(unit.unit))
  const skipped: string[] = []
  let accepted = 0
  for (const verdict of chosen.map(acceptVerdict)) {
    const unit = verdict.unit
    if (!verdict.ok) {
      skipped.push(t(locale(), verdict.reason, { unit: unit.unit, count: verdict.count ?? 0 }))
      continue
    }
    const result = await api.review(
      { unit: unit.unit, period, form: unit.form },
      'accept',
      '',
      unit.revision ?? 0,
    )
    if (result.ok) {
      accepted++
    } else {
      skipped.push(
        t(locale(), 'skipRefused', {
          unit: unit.unit,
          message: errorPhrase(result.error)(locale()),
        }),
      )
    }
  }
  const list = byId('accept-results')
  list.replaceChildren(...skipped.map((line) => element('li', {}, line)))
  await loadStatus()
  tell(
    phrase('acceptedSelection', { accepted, skipped: skipped.length }),
    skipped.length > 0 ? 'warning' : 'success',
  )
}

export function renderDesk(): void {
  renderCounts(pane.state.desk.status)
  void renderSelected()
}
