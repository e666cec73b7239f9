/**
 * @module The task pane's shared rendering: small functions that write plain state into the
 * static markup of taskpane.html (texts in the chosen language, lists of findings, the queue, the
 * report's standing). No Office.js and no HTTP here.
 */
import type { Finding } from '../../shared/finding.ts'
import { findingMessage, type MessageForm } from '../../shared/messages.ts'
import { t, type MessageKey, type PaneLocale } from '../i18n.ts'
import type { Standing } from '../report-standing.ts'
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

export function element<K extends keyof HTMLElementTagNameMap>(
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

export interface FindingsOptions {
  /** Text before each finding's cell (the unit of a Nhập hộ row). */
  prefix?: (finding: Finding) => string
  /** The reason typed for each warning: each warning gets its box, once. */
  reasons?: Readonly<Record<string, string>>
  onReason?: (rule: string, text: string) => void
}

/**
 * Findings grouped by severity, errors first, each listed once; a click on one calls `onSelect`
 * with its cell. With `reasons`, each warning carries a box for the reason that confirms it.
 */
export function renderFindings(
  container: HTMLElement,
  findings: readonly Finding[],
  form: MessageForm,
  locale: PaneLocale,
  cellOf: (finding: Finding) => string | undefined,
  onSelect: (address: string) => void,
  { prefix = () => '', reasons, onReason }: FindingsOptions = {},
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
      if (severity === 'warning' && reasons) {
        const box = element('textarea', {
          rows: '2',
          maxlength: '500',
          'data-rule': finding.rule,
          placeholder: t(locale, 'reasonFor'),
          'aria-label': t(locale, 'reasonFor'),
        })
        box.value = reasons[finding.rule] ?? ''
        box.addEventListener('input', () => onReason?.(finding.rule, box.value))
        li.append(box)
      }
      ul.append(li)
    }
    container.append(ul)
  }
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
