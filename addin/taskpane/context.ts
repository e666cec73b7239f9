/**
 * @module What every part of the pane shares: the state store, the worker's client, the offline
 * queue and caches, and the few helpers each action needs (run alone with the buttons disabled,
 * say something in the clerk's language, fetch a form definition once).
 */
import type { Period } from '../../shared/api-schemas.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { ApiClient, type ApiError } from '../api/client.ts'
import { adviceFor, adviceText } from '../error-advice.ts'
import { t, type MessageKey, type PaneLocale } from '../i18n.ts'
import { InFlight } from '../in-flight.ts'
import { PaneCache } from '../pane-cache.ts'
import { PreviousFiguresCache } from '../previous-figures.ts'
import { SubmitQueue } from '../submit-queue.ts'
import { PaneStore } from './state/pane.ts'
import { byId, showMessage, type MessageKind } from './view.ts'

type Disableable = HTMLElement & { disabled: boolean }

export const pane = new PaneStore()
export const api = new ApiClient({ baseUrl: '' })
export const queue = new SubmitQueue({
  storage: localStorage,
  send: (item) => api.submit(item.report, item.body, item.key, item.ifMatch),
})
export const previousFigures = new PreviousFiguresCache((report) => api.report(report))
export const cache = new PaneCache(localStorage)
/** Form definitions of this session by `id@version` (`id@` for the latest). */
const forms = new Map<string, FormDefinition>()
/** Every button's action runs alone: a double-click never submits twice. */
export const inFlight = new InFlight()

export const locale = (): PaneLocale => pane.state.session.locale

export const say = (key: MessageKey, params: Record<string, string | number> = {}): string =>
  t(locale(), key, params)

/** A text in whichever language the pane shows when it is drawn (again, after a switch). */
export type Phrase = (locale: PaneLocale) => string

export const phrase =
  (key: MessageKey, params: Record<string, string | number> = {}): Phrase =>
  (to) =>
    t(to, key, params)

let shown: { text: Phrase; kind: MessageKind } | null = null

/** Shows a message; the language switch redraws it. */
export function tell(text: Phrase | null, kind: MessageKind = 'info'): void {
  shown = text === null ? null : { text, kind }
  showMessage(text === null ? null : text(locale()), kind)
}

/** Draws the last message again, in the pane's language now. */
export function retell(): void {
  showMessage(shown ? shown.text(locale()) : null, shown?.kind)
}

export const errorPhrase =
  (error: ApiError): Phrase =>
  (to) =>
    adviceText(error, to)

/** Shows a failure; an expired session signs out (queued reports wait for the next sign-in). */
export function showError(error: ApiError): void {
  if (adviceFor(error).offer === 'signIn') {
    pane.dispatch({ type: 'session/signedOut' })
  }
  tell(errorPhrase(error), 'error')
}

/**
 * Runs an action alone, with the buttons disabled and any failure shown as a message; a click
 * while another action runs is ignored.
 */
export async function act(action: () => Promise<void>): Promise<void> {
  await inFlight.run(async () => {
    const buttons = [...document.querySelectorAll<Disableable>('#main fluent-button')]
    buttons.forEach((button) => (button.disabled = true))
    tell(phrase('working'))
    try {
      await action()
    } catch (error) {
      const code =
        typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
      const text = error instanceof Error ? error.message : String(error)
      tell(phrase('failed', { message: code ? `${code}: ${text}` : text }), 'error')
    } finally {
      buttons.forEach((button) => (button.disabled = false))
    }
  })
}

export function requireExcel(): boolean {
  if (!pane.state.session.inExcel) {
    tell(phrase('notInExcel'), 'error')
  }
  return pane.state.session.inExcel
}

export function selectedPeriod(): Period | undefined {
  const { periods, period } = pane.state.session
  return periods.find((p) => p.id === period)
}

/**
 * A form definition: `version` (the workbook's), or the latest when none is given. A version
 * never changes, so each is fetched once and kept in localStorage for offline use; offline, the
 * latest is the latest this pane has seen.
 */
export async function formFor(id: string, version?: string): Promise<FormDefinition | null> {
  const key = `${id}@${version ?? ''}`
  const known = forms.get(key) ?? (version === undefined ? null : cache.form(id, version))
  if (known) {
    forms.set(key, known)
    return known
  }
  const result = await api.form(id, version)
  if (result.ok) {
    cache.saveForm(result.data)
    forms.set(key, result.data)
    return result.data
  }
  const fallback = version === undefined && result.error.retryable ? cache.form(id) : null
  if (fallback) {
    return fallback
  }
  if (result.error.retryable) {
    tell(phrase('formUnavailable', { form: id, version: version ?? '' }), 'error')
  } else {
    showError(result.error)
  }
  return null
}

/** Remembers a form definition fetched outside `formFor` (the newer-version check). */
export function rememberForm(form: FormDefinition): void {
  cache.saveForm(form)
  forms.set(`${form.id}@`, form)
}

/** The name of a unit the pane has seen, or its code. */
export function unitName(code: string): string {
  return pane.state.rollup.unitNames[code] ?? code
}

export { byId }
