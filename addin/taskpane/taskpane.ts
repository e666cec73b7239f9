/**
 * @module The task pane: wires the buttons once office.js is ready. Each part of the clerk's work
 * is a module with its view — session.ts, own-report.ts, desk.ts (subordinate units and their
 * review), on-behalf.ts (nhập hộ), rollup.ts — over one store of state slices (state/).
 */
import '@fluentui/web-components/button/define.js'
import '@fluentui/web-components/text-input/define.js'
import { setTheme } from '@fluentui/web-components/theme/index.js'
import { webLightTheme } from '@fluentui/tokens'
import { loadErrorSchema } from '../api/client.ts'
import { officeReady } from '../excel/host.ts'
import { associateFunctions } from '../functions/functions.ts'
import { listenForCellEditMode } from '../excel/run.ts'
import type { PaneLocale } from '../i18n.ts'
import { act, api, byId, inFlight, pane, phrase, retell, tell } from './context.ts'
import {
  check,
  flushQueue,
  insertForm,
  loadStanding,
  reloadLatest,
  renderPeriods,
  renderReport,
  stopRetrying,
  submit,
} from './own-report.ts'
import {
  afterSignIn,
  changePassword,
  keepSession,
  renderSession,
  SESSION_KEY,
  signIn,
  signOut,
  togglePasswordForm,
  workOffline,
} from './session.ts'
import { sessionActs, type Session, type SignInMode } from './state/session.ts'
import type * as UpperPart from './upper.ts'
import { applyTexts } from './view.ts'

setTheme(webLightTheme)

type Field = HTMLElement & { value: string }

const SETTINGS_KEY = 'baocao-cd.settings'

function readJson<T>(storage: Storage, key: string): T | null {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null') as T | null
  } catch {
    return null
  }
}

function renderAll(): void {
  applyTexts(pane.state.session.locale)
  renderSession()
  renderPeriods()
  renderReport()
  upper?.renderDesk()
  upper?.renderOnBehalf()
  retell()
}

/** The upper union's part of the pane (`upper.ts`), once loaded. */
let upper: typeof UpperPart | null = null
let loadingUpper: Promise<typeof UpperPart> | null = null

/** Loads the upper union's part once; a failed load is tried again at the next click. */
function upperPart(): Promise<typeof UpperPart> {
  loadingUpper ??= import('./upper.ts').then(
    (part) => (upper = part),
    (error: unknown) => {
      loadingUpper = null
      throw error
    },
  )
  return loadingUpper
}

function selectTab(tab: string): void {
  for (const button of document.querySelectorAll<HTMLElement>('[data-tab]')) {
    button.setAttribute('aria-selected', String(button.dataset.tab === tab))
  }
  for (const panel of document.querySelectorAll<HTMLElement>('[data-panel]')) {
    panel.hidden = panel.dataset.panel !== tab
  }
}

/** The language, the worker's address and how the clerk signed in last (never a secret). */
function saveSettings(): void {
  const { locale, baseUrl, signInMode } = pane.state.session
  localStorage.setItem(SETTINGS_KEY, JSON.stringify({ locale, baseUrl, signInMode }))
}

function chooseSignInMode(mode: SignInMode): void {
  pane.dispatch({ type: 'session/signInModeChosen', mode })
  saveSettings()
  tell(null)
  renderAll()
}

/**
 * Loads the unit's view after a sign-in, then what only an upper union needs. A person who reviews
 * but does not enter the unit's own report starts on the units below, where their work is.
 */
async function loadUnit(): Promise<void> {
  await afterSignIn(renderAll)
  if (pane.state.session.unit && pane.state.session.children.length > 0) {
    const part = await upperPart()
    renderAll()
    await part.fillRollupChoices()
    const acts = sessionActs(pane.state.session)
    if (acts.review && !acts.submitOwn) {
      selectTab('units')
    }
  }
}

function wire(): void {
  const on = (id: string, action: () => Promise<unknown>): void =>
    byId(id).addEventListener('click', () => void act(async () => void (await action())))
  const onUpper = (id: string, action: (part: typeof UpperPart) => Promise<unknown>): void =>
    on(id, async () => action(await upperPart()))
  const signInNow = () =>
    inFlight.run(async () => {
      if (await signIn()) {
        saveSettings()
        await loadUnit()
      }
    })
  for (const tab of document.querySelectorAll<HTMLElement>('[role="tab"][data-mode]')) {
    tab.addEventListener('click', () => chooseSignInMode(tab.dataset.mode as SignInMode))
  }
  byId('to-activate').addEventListener('click', () => chooseSignInMode('activate'))
  byId('to-person').addEventListener('click', () => chooseSignInMode('person'))
  byId('password-toggle').addEventListener('click', () => togglePasswordForm())
  byId('password-cancel').addEventListener('click', () => togglePasswordForm(false))
  byId('password-form').addEventListener('submit', (event) => {
    event.preventDefault()
    void act(changePassword)
  })
  on('password-save', changePassword)
  byId('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault()
    void signInNow()
  })
  for (const id of ['sign-in-button', 'sign-in-retry']) {
    byId(id).addEventListener('click', () => void signInNow())
  }
  byId('work-offline').addEventListener(
    'click',
    () =>
      void inFlight.run(async () => {
        if (workOffline()) {
          await loadUnit()
        }
      }),
  )
  byId('sign-out').addEventListener('click', () => {
    signOut()
    tell(null)
  })
  byId('lang').addEventListener('click', () => {
    pane.dispatch({ type: 'session/localeToggled' })
    saveSettings()
    renderAll()
  })
  byId('settings-toggle').addEventListener('click', () => {
    byId('settings').hidden = !byId('settings').hidden
    byId<Field>('server-url').value = pane.state.session.baseUrl
  })
  byId('save-settings').addEventListener('click', () => {
    pane.dispatch({ type: 'session/baseUrlSaved', baseUrl: byId<Field>('server-url').value.trim() })
    applyBaseUrl()
    saveSettings()
    byId('settings').hidden = true
  })
  byId<HTMLSelectElement>('period').addEventListener('change', (event) => {
    pane.dispatch({
      type: 'session/periodChosen',
      period: (event.target as HTMLSelectElement).value,
    })
    renderAll()
    void loadStanding()
  })
  for (const tab of document.querySelectorAll<HTMLElement>('[data-tab]')) {
    tab.addEventListener('click', () => selectTab(tab.dataset.tab ?? 'report'))
  }
  on('insert', insertForm)
  on('form-upgrade', insertForm)
  on('check', check)
  on('submit', submit)
  on('retry', () => flushQueue(true))
  on('reload-latest', reloadLatest)
  onUpper('load-status', (part) => part.loadStatus())
  onUpper('show-selected', (part) => part.showSelected())
  onUpper('accept-selection', (part) => part.acceptSelection())
  onUpper('proxy-insert', (part) => part.proxyInsert())
  onUpper('proxy-check', (part) => part.proxyCheckOnly())
  onUpper('proxy-submit', (part) => part.proxySubmit())
  onUpper('import-run', (part) => part.importChosenFiles())
  onUpper('pull', (part) => part.pull())
  onUpper('drill-down', (part) => part.drillDown())
  byId('rollup-search').addEventListener('input', (event) => {
    const text = (event.target as HTMLInputElement).value
    void upperPart().then((part) => part.unitSearch.type(text))
  })
  byId('rollup-unit').addEventListener('input', () => upper?.renderRollupUnitName())
  window.addEventListener('online', () => void flushQueue(true))
  // A sign-out (by the clerk, or an expired session) ends everything the session started.
  pane.subscribe((_state, action) => {
    if (action.type === 'session/signedOut') {
      keepSession(null)
      togglePasswordForm(false)
      stopRetrying()
      upper?.unitSearch.cancel()
      // The next unit may have no "units" or "rollup" tab: open on the report.
      selectTab('report')
      renderAll()
    }
  })
}

function applyBaseUrl(): void {
  api.baseUrl = pane.state.session.baseUrl.replace(/\/+$/, '')
}

function start(): void {
  // This page is the add-in's one runtime: the CONGDOAN functions it registers keep running, with
  // this session, while the pane is closed. office.js from the CDN is there by now; its local copy
  // (the CDN failed) only once ready.
  const registered = associateFunctions()
  const settings = readJson<{ locale?: PaneLocale; baseUrl?: string; signInMode?: SignInMode }>(
    localStorage,
    SETTINGS_KEY,
  )
  pane.dispatch({
    type: 'session/settingsLoaded',
    locale: settings?.locale === 'en' ? 'en' : 'vi',
    baseUrl: settings?.baseUrl ?? '',
    signInMode: settings?.signInMode === 'person' ? 'person' : 'key',
  })
  applyBaseUrl()
  const session = readJson<Session>(sessionStorage, SESSION_KEY)
  if (session && Date.parse(session.expiresAt) > Date.now()) {
    keepSession(session)
    pane.dispatch({ type: 'session/signedIn', session })
  }
  wire()
  listenForCellEditMode(() => tell(phrase('cellEditMode'), 'warning'))
  renderAll()
  void loadErrorSchema().catch(() => undefined)
  void officeReady().then(async (inExcel) => {
    if (!registered) {
      associateFunctions()
    }
    pane.dispatch({ type: 'session/excelReady', inExcel })
    await loadUnit()
  })
}

start()
