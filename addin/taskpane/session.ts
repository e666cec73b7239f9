/**
 * @module The session: sign in with a unit key or as a person (counting the seconds on a slow
 * line, offering to work offline when the worker is unreachable), set a first password with a
 * one-time code, change one's own password, sign out; show who is signed in and only the actions
 * their roles allow; load what the pane shows for the unit: its detail, the periods, its children,
 * and which report the workbook holds.
 */
import type { Act, Role } from '../../shared/accounts.ts'
import { vietnamDateTime } from '../../shared/periods.ts'
import { normalizeLogin, normalizeUnitCode, type ApiResult } from '../api/client.ts'
import type { MessageKey } from '../i18n.ts'
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
  showError,
  tell,
} from './context.ts'
import { flushQueue, loadStanding, offerNewerForm } from './own-report.ts'
import { sessionActs, type Session, type SignInMode } from './state/session.ts'

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
 * Keeps the token where the client and a reopened pane find it (never a key or a password), and
 * shares it with the CONGDOAN functions' runtime.
 */
export function keepSession(session: Session | null): void {
  // A host refusing the write or the recalculation costs only the cells' refresh: the sign-in stands.
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

const ROLE_NAMES: Record<Role, MessageKey> = {
  'lập-biểu': 'rolePreparer',
  duyệt: 'roleReviewer',
  'quản-trị': 'roleAdministrator',
}

/** The sign-in card for its mode: a unit key, a person, or a first password. */
function renderSignIn(mode: SignInMode): void {
  const tab = mode === 'key' ? 'key' : 'person'
  for (const button of document.querySelectorAll<HTMLElement>('[role="tab"][data-mode]')) {
    button.setAttribute('aria-selected', String(button.dataset.mode === tab))
  }
  for (const part of document.querySelectorAll<HTMLElement>('#sign-in [data-for]')) {
    part.hidden = !(part.dataset.for ?? '').split(' ').includes(mode)
  }
  const button = byId('sign-in-button')
  button.dataset.i18n = mode === 'activate' ? 'activate' : 'signIn'
  button.textContent = say(mode === 'activate' ? 'activate' : 'signIn')
}

/**
 * Who works here (the person's name and roles, or the unit key), and only the actions they may
 * take: every `data-act` element shows when the act is allowed, every `data-act-missing` note
 * when it is not.
 */
function renderWho(session: Session | null): void {
  const person = session?.person
  byId('who-name').hidden = !person
  byId('who-name').textContent = person?.name ?? ''
  byId('who-roles').textContent = !session
    ? ''
    : !person
      ? say('whoKey')
      : person.roles.length === 0
        ? say('whoNoRole')
        : say('whoRoles', { roles: person.roles.map((role) => say(ROLE_NAMES[role])).join(', ') })
  byId('password-toggle').hidden = !person
  if (!person) {
    byId('password-form').hidden = true
  }
  const acts = sessionActs(pane.state.session)
  for (const node of document.querySelectorAll<HTMLElement>('[data-act]')) {
    node.hidden = !acts[node.dataset.act as Act]
  }
  for (const node of document.querySelectorAll<HTMLElement>('[data-act-missing]')) {
    node.hidden = acts[node.dataset.actMissing as Act]
  }
}

/** The header, the offline notes and the period choices. */
export function renderSession(): void {
  const { session, offlineUnit, staleSince, decimalDot, unit, signInMode } = pane.state.session
  const signedIn = session !== null
  const working = signedIn || offlineUnit !== null
  byId('sign-in').hidden = working
  byId('main').hidden = !working
  renderSignIn(signInMode)
  renderWho(session)
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
  const named = unit ?? session?.unit
  byId('unit-name').textContent = named ? `${named.name} (${named.code})` : ''
  if (unit) {
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

/** What the clerk typed to sign in, by mode; null with the message to show when a field is empty. */
type Typed =
  | { mode: 'key'; unit: string; key: string }
  | { mode: 'person'; login: string; password: string }
  | { mode: 'activate'; login: string; code: string; password: string }

function typedSignIn(mode: SignInMode): Typed | MessageKey {
  if (mode === 'key') {
    const unit = normalizeUnitCode(fieldText('unit-code'))
    field('unit-code').value = unit
    const key = fieldText('access-key')
    return unit === '' || key.trim() === '' ? 'signInEmpty' : { mode, unit, key }
  }
  const login = normalizeLogin(fieldText('login'))
  field('login').value = login
  if (mode === 'person') {
    const password = fieldText('password')
    return login === '' || password === '' ? 'signInEmptyPerson' : { mode, login, password }
  }
  const code = fieldText('activation-code').trim()
  const password = fieldText('new-password')
  if (login === '' || code === '' || password === '' || fieldText('new-password-again') === '') {
    return 'activateEmpty'
  }
  return password === fieldText('new-password-again')
    ? { mode, login, code, password }
    : 'passwordsDiffer'
}

/** The secret fields of a mode, wiped once they have been used. */
const SECRETS: Record<SignInMode, string[]> = {
  key: ['access-key'],
  person: ['password'],
  activate: ['activation-code', 'new-password', 'new-password-again'],
}

/**
 * The secret fields a refusal wipes: on activation only the one at fault (a wrong code keeps the
 * new password typed twice, a weak password keeps the code), so a slow line is not typed twice.
 */
function refusedSecrets(mode: SignInMode, code: string): string[] {
  if (mode !== 'activate') {
    return SECRETS[mode]
  }
  return code === 'WEAK_PASSWORD' ? ['new-password', 'new-password-again'] : ['activation-code']
}

/**
 * Signs in with what the mode asks (a unit key, a person's password, or a one-time code and a
 * first password), counting the seconds on a slow connection; the button stays disabled
 * meanwhile. When no answer came (offline, timeout, the worker down) the secret stays in its field
 * for "Thử lại"; otherwise it is wiped. An empty field is named, never sent. True when signed in.
 */
export async function signIn(): Promise<boolean> {
  const mode = pane.state.session.signInMode
  const typed = typedSignIn(mode)
  if (typeof typed === 'string') {
    tell(phrase(typed), 'error')
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
  const wipe = (ids = SECRETS[mode]) => ids.forEach((id) => (field(id).value = ''))
  try {
    const result: ApiResult<Session> =
      typed.mode === 'key'
        ? await api.signIn(typed.unit, typed.key)
        : typed.mode === 'person'
          ? await api.signInPerson(typed.login, typed.password)
          : await api.activate(typed.login, typed.code, typed.password)
    if (!result.ok) {
      const retry = adviceFor(result.error).queue === 'retry'
      if (!retry) {
        wipe(refusedSecrets(mode, result.error.code))
      }
      byId('sign-in-retry').hidden = !retry
      const offline = retry && typed.mode === 'key' && cache.unit(typed.unit) !== null
      byId('work-offline').hidden = !offline
      const error = errorPhrase(result.error)
      tell(offline ? (to) => `${error(to)} ${phrase('offlineHint')(to)}` : error, 'error')
      return false
    }
    wipe()
    previousFigures.clear()
    keepSession(result.data)
    pane.dispatch({ type: 'session/signedIn', session: result.data })
    if (mode === 'activate') {
      pane.dispatch({ type: 'session/signInModeChosen', mode: 'person' })
      tell(phrase('activated'), 'success')
    }
    return true
  } finally {
    clearInterval(ticker)
    buttons.forEach((button) => (button.disabled = false))
  }
}

/** "Đổi mật khẩu": the current password and the new one twice; the session goes on. */
export async function changePassword(): Promise<void> {
  const current = fieldText('current-password')
  const password = fieldText('changed-password')
  const again = fieldText('changed-password-again')
  if (current === '' || password === '' || again === '') {
    tell(phrase('changePasswordEmpty'), 'error')
    return
  }
  if (password !== again) {
    tell(phrase('passwordsDiffer'), 'error')
    return
  }
  const result = await api.changePassword(current, password)
  if (!result.ok) {
    showError(result.error)
    return
  }
  closePasswordForm()
  tell(phrase('passwordChanged'), 'success')
}

/** Opens or closes the password form, empty either way. */
export function togglePasswordForm(open = byId('password-form').hidden): void {
  for (const id of ['current-password', 'changed-password', 'changed-password-again']) {
    field(id).value = ''
  }
  byId('password-form').hidden = !open
}

function closePasswordForm(): void {
  togglePasswordForm(false)
}
