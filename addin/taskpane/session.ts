/**
 * @module The session: sign in (counting the seconds on a slow line, offering to work offline
 * when the worker is unreachable), sign out, and load what the pane shows for the unit: its
 * detail, the periods, its children, and which report the workbook holds.
 */
import { vietnamDateTime } from '../../shared/periods.ts'
import { normalizeUnitCode } from '../api/client.ts'
import { adviceFor } from '../error-advice.ts'
import { readWorkbookState } from '../excel/form-sheet.ts'
import { typesDotDecimals } from '../excel/host.ts'
import { sessionChanged } from '../functions/pane-link.ts'
import { openPeriodsAt } from '../periods.ts'
import {
  api,
  byId,
  cache,
  errorPhrase,
  pane,
  phrase,
  previousFigures,
  say,
  tell,
} from './context.ts'
import { flushQueue, loadStanding, offerNewerForm } from './own-report.ts'
import type { Session } from './state/session.ts'

type Field = HTMLElement & { value: string | undefined }
type Disableable = HTMLElement & { disabled: boolean }

export const SESSION_KEY = 'baocao-cd.session'

function field(id: string): Field {
  return byId<Field>(id)
}

/** A field's text; a Fluent text input never typed into has no value yet (undefined). */
function fieldText(id: string): string {
  return field(id).value ?? ''
}

/**
 * Keeps the token where the client and a reopened pane find it (never the access code), and
 * shares it with the CONGDOAN functions' runtime.
 */
export function keepSession(session: Session | null): void {
  void sessionChanged(session, api.baseUrl).catch(() => undefined)
  api.token = session?.token ?? null
  if (session) {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session))
  } else {
    sessionStorage.removeItem(SESSION_KEY)
  }
}

/** Signs out, keeping the queue: what waits goes after the next sign-in. */
export function signOut(): void {
  pane.dispatch({ type: 'session/signedOut' })
}

/** The header, the offline notes and the period choices. */
export function renderSession(): void {
  const { session, offlineUnit, staleSince, decimalDot, unit } = pane.state.session
  const signedIn = session !== null
  const working = signedIn || offlineUnit !== null
  byId('sign-in').hidden = working
  byId('main').hidden = !working
  // Offline without a session, the way out is to sign in.
  byId('sign-out').dataset.i18n = signedIn ? 'signOut' : 'signIn'
  byId('sign-out').textContent = say(signedIn ? 'signOut' : 'signIn')
  const offline = byId('offline-note')
  const lines = [
    ...(signedIn ? [] : [say('offlineMode')]),
    ...(staleSince ? [say('staleSince', { time: vietnamDateTime(staleSince) })] : []),
  ]
  offline.hidden = lines.length === 0
  offline.textContent = lines.join(' ')
  byId('decimal-note').hidden = !decimalDot
  if (unit) {
    byId('unit-name').textContent = `${unit.name} (${unit.code})`
    const upper = unit.level !== 'grassroots' || unit.childCount > 0
    for (const tab of ['units', 'rollup']) {
      document.querySelector<HTMLElement>(`[data-tab="${tab}"]`)!.hidden = !upper
    }
  }
}

/**
 * Loads what the pane shows for the signed-in unit (or, offline without a session, the unit it
 * works as): its detail and the periods, from the worker or, unreachable, as last saved; which
 * report the workbook holds and how Excel types decimals; where the report stands.
 */
export async function afterSignIn(render: () => void): Promise<void> {
  const { session, offlineUnit, inExcel } = pane.state.session
  const code = session?.unit.code ?? offlineUnit
  if (!code) {
    return
  }
  const online = session !== null
  const [unit, periods] = online ? await Promise.all([api.unit(code), api.periods()]) : [null, null]
  const keptUnit = cache.unit(code)
  let detail
  let staleSince: string | null = null
  if (unit?.ok) {
    detail = unit.data.unit
    cache.saveUnit(detail)
  } else if (keptUnit && (unit === null || unit.error.retryable)) {
    detail = keptUnit.value
    staleSince = keptUnit.savedAt
  } else {
    if (unit) {
      tell(errorPhrase(unit.error), 'error')
    }
    render()
    return
  }
  let allPeriods
  if (periods?.ok) {
    allPeriods = periods.data.periods
    cache.savePeriods(allPeriods)
  } else {
    const kept = cache.periods()
    allPeriods = kept?.value ?? []
    staleSince ??= kept?.savedAt ?? null
  }
  pane.dispatch({
    type: 'session/unitLoaded',
    unit: detail,
    staleSince,
    allPeriods,
    periods: openPeriodsAt(allPeriods, new Date()),
  })
  pane.dispatch({
    type: 'rollup/namesSeen',
    names: {
      [detail.code]: detail.name,
      ...(detail.parent && detail.parentName ? { [detail.parent]: detail.parentName } : {}),
    },
  })
  if (detail.childCount > 0 && online) {
    const children = await api.children(detail.code)
    const list = children.ok ? children.data.children : []
    pane.dispatch({ type: 'session/childrenLoaded', children: list })
    pane.dispatch({
      type: 'rollup/namesSeen',
      names: Object.fromEntries(list.map((child) => [child.code, child.name])),
    })
  }
  if (inExcel) {
    const workbook = await readWorkbookState().catch(() => null)
    const report = workbook?.report
    const ours = report && report.unit === detail.code && report.form === detail.form
    pane.dispatch({
      type: 'session/workbookRead',
      decimalDot: typesDotDecimals(workbook?.decimalSeparator ?? null),
      period: ours ? report.period : null,
    })
    if (ours) {
      pane.dispatch({ type: 'report/sheetFound', sheet: report.sheet, formVersion: report.version })
    }
  }
  if (online) {
    await loadStanding()
    await offerNewerForm()
  }
  tell(pane.state.session.periods.length === 0 ? phrase('noOpenPeriod') : null, 'warning')
  render()
  if (online) {
    void flushQueue(true)
  }
}

/** Offline without a session: works as the typed unit from what this pane saved, if anything. */
export function workOffline(): boolean {
  const code = normalizeUnitCode(fieldText('unit-code'))
  if (!cache.unit(code)) {
    tell(phrase('offlineNoCache', { unit: code }), 'error')
    return false
  }
  field('access-key').value = ''
  byId('work-offline').hidden = true
  byId('sign-in-retry').hidden = true
  pane.dispatch({ type: 'session/offlineChosen', unit: code })
  return true
}

/**
 * Signs in, counting the seconds on a slow connection; the button stays disabled meanwhile. When
 * no answer came (offline, timeout, the worker down) the code stays in its field for "Thử lại";
 * otherwise it is wiped. An empty field is named, never sent. True when signed in.
 */
export async function signIn(): Promise<boolean> {
  const unit = normalizeUnitCode(fieldText('unit-code'))
  field('unit-code').value = unit
  const key = fieldText('access-key')
  if (unit === '' || key.trim() === '') {
    tell(phrase('signInEmpty'), 'error')
    return false
  }
  const buttons = ['sign-in-button', 'sign-in-retry'].map((id) => byId<Disableable>(id))
  buttons.forEach((button) => (button.disabled = true))
  byId('sign-in-retry').hidden = true
  byId('work-offline').hidden = true
  const started = Date.now()
  tell(phrase('signingIn'))
  const ticker = setInterval(() => {
    tell(phrase('signingInFor', { seconds: Math.round((Date.now() - started) / 1000) }))
  }, 1000)
  try {
    const result = await api.signIn(unit, key)
    if (!result.ok) {
      const retry = adviceFor(result.error).queue === 'retry'
      if (!retry) {
        field('access-key').value = ''
      }
      byId('sign-in-retry').hidden = !retry
      const offline = retry && cache.unit(unit) !== null
      byId('work-offline').hidden = !offline
      const error = errorPhrase(result.error)
      tell(offline ? (to) => `${error(to)} ${phrase('offlineHint')(to)}` : error, 'error')
      return false
    }
    field('access-key').value = ''
    previousFigures.clear()
    keepSession(result.data)
    pane.dispatch({ type: 'session/signedIn', session: result.data })
    return true
  } finally {
    clearInterval(ticker)
    buttons.forEach((button) => (button.disabled = false))
  }
}
