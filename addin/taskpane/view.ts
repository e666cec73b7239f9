/**
 * @module The task pane's rendering: small functions that write plain state into the static
 * markup of taskpane.html (texts in the chosen language, lists of findings, the queue, the status
 * of subordinate units). No Office.js and no HTTP here.
 */
import type { StatusResponse, UnitStatus } from '../../shared/api-schemas.ts'
import type { Finding } from '../../shared/finding.ts'
import { findingMessage, type MessageForm } from '../../shared/messages.ts'
import { t, type MessageKey, type PaneLocale } from '../i18n.ts'
import type { Standing } from '../report-standing.ts'
import type { ReviewedReport } from '../review-values.ts'
import type { UnitFound } from '../api/client.ts'
import type { QueuedSubmission } from '../submit-queue.ts'
import { vietnamDateTime } from '../../shared/periods.ts'

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id)
  if (!element) {
    throw new Error(`#${id} is missing from taskpane.html`)
  }
  return element as T
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value)
  }
  if (text !== '') {
    node.textContent = text
  }
  return node
}

/** Writes every `data-i18n` text of the page in `locale`. */
export function applyTexts(locale: PaneLocale): void {
  document.documentElement.lang = locale
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    node.textContent = t(locale, node.dataset.i18n as MessageKey)
  }
}

export type MessageKind = 'info' | 'error' | 'success' | 'warning'

export function showMessage(text: string | null, kind: MessageKind = 'info'): void {
  const box = byId('message')
  box.hidden = text === null
  box.textContent = text ?? ''
  box.dataset.kind = kind
}

/** Findings grouped by severity, errors first; a click on one calls `onSelect` with its cell. */
export function renderFindings(
  container: HTMLElement,
  findings: readonly Finding[],
  form: MessageForm,
  locale: PaneLocale,
  cellOf: (finding: Finding) => string | undefined,
  onSelect: (address: string) => void,
  prefix: (finding: Finding) => string = () => '',
): void {
  container.replaceChildren()
  container.className = 'findings'
  const errors = findings.filter((finding) => finding.severity === 'error')
  const warnings = findings.filter((finding) => finding.severity === 'warning')
  container.append(
    element(
      'p',
      {},
      findings.length === 0
        ? t(locale, 'checkClean')
        : t(locale, 'checkSummary', { errors: errors.length, warnings: warnings.length }),
    ),
  )
  for (const [severity, list] of [
    ['error', errors],
    ['warning', warnings],
  ] as const) {
    if (list.length === 0) {
      continue
    }
    container.append(
      element(
        'h3',
        { 'data-severity': severity },
        t(locale, severity === 'error' ? 'errors' : 'warnings'),
      ),
    )
    const ul = element('ul')
    for (const finding of list) {
      const address = cellOf(finding)
      const button = element('button', {
        class: 'finding',
        'data-severity': severity,
        type: 'button',
      })
      button.append(
        element('span', { class: 'cell' }, prefix(finding) + (address ?? t(locale, 'unplaced'))),
        document.createTextNode(findingMessage(finding, form, locale)),
      )
      if (address !== undefined) {
        button.addEventListener('click', () => onSelect(address))
      }
      const li = element('li')
      li.append(button)
      ul.append(li)
    }
    container.append(ul)
  }
}

/** The warnings of the last check, each with a box to confirm it. */
export function renderAcknowledge(
  warnings: readonly Finding[],
  form: MessageForm,
  locale: PaneLocale,
  checked: ReadonlySet<string>,
): void {
  const box = byId('acknowledge')
  box.hidden = warnings.length === 0
  const list = byId('ack-list')
  list.replaceChildren()
  for (const warning of warnings) {
    const label = element('label', { class: 'inline' })
    const input = element('input', { type: 'checkbox', value: warning.rule })
    input.checked = checked.has(warning.rule)
    label.append(input, document.createTextNode(findingMessage(warning, form, locale)))
    list.append(label)
  }
}

export function checkedWarnings(): string[] {
  return [...byId('ack-list').querySelectorAll<HTMLInputElement>('input:checked')].map(
    (input) => input.value,
  )
}

/**
 * The latest revision of the unit's report: who sent it and when, its status, and a returned
 * report's reviewer and comment set apart, so the clerk sees what to fix.
 */
export function renderStanding(standing: Standing | null): void {
  const box = byId('receipt')
  box.hidden = standing === null
  box.replaceChildren()
  if (!standing) {
    delete box.dataset.status
    return
  }
  box.dataset.status = standing.status
  const [first, ...rest] = standing.lines
  box.append(
    element('h3', {}, standing.title),
    element('p', { 'data-revision': String(standing.revision) }, first ?? ''),
    ...rest.map((line) => element('p', {}, line)),
  )
  if (standing.comment !== null) {
    box.append(element('blockquote', { class: 'review-comment' }, standing.comment))
  }
}

export function renderQueue(
  items: readonly QueuedSubmission[],
  locale: PaneLocale,
  signedIn: boolean,
): void {
  byId('queue').hidden = items.length === 0
  const list = byId('queue-list')
  list.replaceChildren()
  for (const item of items) {
    const li = element(
      'li',
      { 'data-key': item.key },
      t(locale, 'queueItem', {
        form: item.report.form,
        unit: item.report.unit,
        period: item.report.period,
        attempts: item.attempts,
      }),
    )
    if (item.attempts > 0) {
      li.append(
        element(
          'small',
          {},
          t(locale, 'queueNext', { time: vietnamDateTime(new Date(item.nextAttemptAt)) }),
        ),
      )
    }
    list.append(li)
  }
  if (!signedIn && items.length > 0) {
    list.append(element('li', {}, t(locale, 'queueNeedsSignIn')))
  }
}

const STATUS_KEYS: Record<UnitStatus['status'], MessageKey> = {
  none: 'statusNone',
  submitted: 'statusSubmitted',
  accepted: 'statusAccepted',
  returned: 'statusReturned',
}

/**
 * Counts, a stacked bar, and one line per unit with "Xem số liệu", accept and return buttons for
 * a submitted report.
 */
export function renderStatus(
  status: StatusResponse,
  locale: PaneLocale,
  onReview: (unit: UnitStatus, decision: 'accept' | 'return') => void,
  onView: (unit: UnitStatus) => void,
): void {
  const { counts } = status
  const box = byId('status')
  box.replaceChildren()
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
    cell.append(element('b', {}, String(value)), document.createTextNode(t(locale, key)))
    grid.append(cell)
  }
  const bar = element('div', { class: 'bar-chart', role: 'img' })
  const total = Math.max(1, counts.expected)
  for (const [kind, value] of [
    ['accepted', counts.accepted],
    ['submitted', counts.submitted - counts.accepted - counts.returned],
    ['returned', counts.returned],
    ['none', counts.none],
  ] as const) {
    const span = element('span', { 'data-status': kind })
    span.style.width = `${(Math.max(0, value) / total) * 100}%`
    bar.append(span)
  }
  bar.setAttribute(
    'aria-label',
    cells.map(([key, value]) => `${t(locale, key)}: ${value}`).join(', '),
  )
  box.append(grid, bar)

  const list = byId('status-list')
  list.replaceChildren()
  for (const unit of status.units.slice(0, 500)) {
    // The revision listed is the one a review accepts or returns (If-Match).
    const row = element('div', {
      class: 'unit-row',
      'data-unit': unit.unit,
      'data-revision': String(unit.revision ?? ''),
    })
    row.append(
      element('span', { class: 'name' }, `${unit.name} (${unit.unit})`),
      element('span', {}, t(locale, STATUS_KEYS[unit.status])),
    )
    if (unit.late) {
      row.append(element('span', { class: 'late' }, t(locale, 'late')))
    }
    if (unit.status !== 'none') {
      const view = element(
        'button',
        { type: 'button', 'data-action': 'view' },
        t(locale, 'viewValues'),
      )
      view.addEventListener('click', () => onView(unit))
      row.append(view)
      for (const decision of ['accept', 'return'] as const) {
        const button = element(
          'button',
          { type: 'button', 'data-decision': decision },
          t(locale, decision),
        )
        button.addEventListener('click', () => onReview(unit, decision))
        row.append(button)
      }
    }
    list.append(row)
  }
}

/**
 * A subordinate's submitted figures, row by row, with the warnings the worker found beside their
 * row, so the reviewer reads them before accepting or returning.
 */
export function renderReviewValues(
  title: string | null,
  report: ReviewedReport | null,
  locale: PaneLocale,
): void {
  const box = byId('review-values')
  box.replaceChildren()
  box.hidden = report === null
  if (report === null) {
    return
  }
  const close = element('button', { type: 'button', class: 'close' }, t(locale, 'close'))
  close.addEventListener('click', () => renderReviewValues(null, null, locale))
  const table = element('table', { class: 'review-table' })
  const warningLine = (warning: ReviewedReport['unplaced'][number]): HTMLElement =>
    element(
      'div',
      { class: 'warning' },
      warning.acknowledged ? `${warning.message} (${t(locale, 'acknowledged')})` : warning.message,
    )
  for (const row of report.rows) {
    const tr = element('tr', { 'data-row': row.code, ...(row.heading ? { class: 'heading' } : {}) })
    const label = element('td', {}, row.label)
    label.append(...row.warnings.map(warningLine))
    tr.append(element('td', {}, row.tt), label, element('td', { class: 'value' }, row.value))
    table.append(tr)
  }
  box.append(element('h3', {}, title ?? ''), ...report.unplaced.map(warningLine), table, close)
}

/** Units found by the search box; a click picks one. */
export function renderFound(
  list: HTMLElement,
  units: readonly UnitFound[] | null,
  locale: PaneLocale,
  onPick: (unit: UnitFound) => void,
): void {
  list.replaceChildren()
  if (units === null) {
    return
  }
  if (units.length === 0) {
    list.append(element('li', {}, t(locale, 'searchNone')))
    return
  }
  for (const unit of units) {
    const button = element(
      'button',
      { type: 'button', 'data-unit': unit.code },
      `${unit.name} (${unit.code})`,
    )
    button.addEventListener('click', () => onPick(unit))
    const li = element('li')
    li.append(button)
    list.append(li)
  }
}
