/**
 * @module The task pane: wires the buttons once office.js is ready; each action moves plain data
 * between the worker (api/), the workbook (excel/) and shared/ functions, and renders the result.
 */
import '@fluentui/web-components/button/define.js'
import '@fluentui/web-components/text-input/define.js'
import { setTheme } from '@fluentui/web-components/theme/index.js'
import { webLightTheme } from '@fluentui/tokens'
import type {
  PeriodInfo,
  StatusResponse,
  Submission,
  UnitDetail,
  UnitStatus,
} from '../../shared/api-schemas.ts'
import type { Finding } from '../../shared/finding.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { hasErrors } from '../../shared/validation.ts'
import { ApiClient, type ApiError, type ReportRef } from '../api/client.ts'
import {
  checkFormSheet,
  insertFormSheet,
  readWorkbookReport,
  selectCell,
  type SheetCheck,
} from '../excel/form-sheet.ts'
import { hostFeatures, officeReady } from '../excel/host.ts'
import { listenForCellEditMode } from '../excel/run.ts'
import { checkProxySheet, insertProxySheet } from '../excel/proxy-sheet.ts'
import type { ProxyEntry } from '../proxy-layout.ts'
import { pullRollupSheet } from '../excel/rollup-sheet.ts'
import { t, type MessageKey, type PaneLocale } from '../i18n.ts'
import { adviceFor, adviceText } from '../error-advice.ts'
import { InFlight } from '../in-flight.ts'
import { openPeriodsCurrentFirst } from '../periods.ts'
import { PreviousFiguresCache, type PreviousFigures } from '../previous-figures.ts'
import { reportStanding } from '../report-standing.ts'
import { formatDate } from '../sheet-text.ts'
import { SubmitQueue } from '../submit-queue.ts'
import {
  applyTexts,
  byId,
  checkedWarnings,
  renderAcknowledge,
  renderFindings,
  renderQueue,
  renderStanding,
  renderStatus,
  showMessage,
} from './view.ts'

setTheme(webLightTheme)

type Session = {
  token: string
  expiresAt: string
  unit: { code: string; name: string; level: string }
}
type Field = HTMLElement & { value: string }
type Disableable = HTMLElement & { disabled: boolean }

const SESSION_KEY = 'baocao-cd.session'
const SETTINGS_KEY = 'baocao-cd.settings'
const RECEIPTS_KEY = 'baocao-cd.receipts'

/** Everything the pane knows; rendering reads it, actions replace parts of it. */
const state = {
  locale: 'vi' as PaneLocale,
  baseUrl: '',
  session: null as Session | null,
  unit: null as UnitDetail | null,
  children: [] as UnitDetail[],
  /** Every period, closed ones too: the previous comparable period is usually closed. */
  allPeriods: [] as PeriodInfo[],
  periods: [] as PeriodInfo[],
  period: null as string | null,
  forms: new Map<string, FormDefinition>(),
  check: null as Extract<SheetCheck, { ok: true }> | null,
  previous: null as PreviousFigures | null,
  /** The latest revision of the unit's report for the period, as the worker last said. */
  latest: null as Submission | null,
  /** The revision a submission replaces (If-Match): 0 when none yet, undefined when unknown. */
  latestRevision: undefined as number | undefined,
  sheet: null as string | null,
  proxy: null as { sheet: string; form: FormDefinition; entries: ProxyEntry[] } | null,
  status: null as StatusResponse | null,
  inExcel: false,
}

const api = new ApiClient({ baseUrl: '' })
const queue = new SubmitQueue({
  storage: localStorage,
  send: (item) => api.submit(item.report, item.body, item.key, item.ifMatch),
})
const previousFigures = new PreviousFiguresCache((report) => api.report(report))
/** Every button's action runs alone: a double-click never submits twice. */
const inFlight = new InFlight()
let retryTimer: ReturnType<typeof setTimeout> | undefined

const say = (key: MessageKey, params: Record<string, string | number> = {}): string =>
  t(state.locale, key, params)

function readJson<T>(storage: Storage, key: string): T | null {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null') as T | null
  } catch {
    return null
  }
}

function field(id: string): Field {
  return byId<Field>(id)
}

function errorText(error: ApiError): string {
  return adviceText(error, state.locale)
}

/** Shows a failure; an expired session signs out (queued reports wait for the next sign-in). */
function showError(error: ApiError): void {
  if (adviceFor(error).offer === 'signIn') {
    endSession()
  }
  showMessage(errorText(error), 'error')
}

/**
 * Runs an action alone, with the buttons disabled and any failure shown as a message; a click
 * while another action runs is ignored.
 */
async function act(action: () => Promise<void>): Promise<void> {
  await inFlight.run(async () => {
    const buttons = [...document.querySelectorAll<Disableable>('#main fluent-button')]
    buttons.forEach((button) => (button.disabled = true))
    showMessage(say('working'))
    try {
      await action()
    } catch (error) {
      const code =
        typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
      const text = error instanceof Error ? error.message : String(error)
      showMessage(say('failed', { message: code ? `${code}: ${text}` : text }), 'error')
    } finally {
      buttons.forEach((button) => (button.disabled = false))
    }
  })
}

function requireExcel(): boolean {
  if (!state.inExcel) {
    showMessage(say('notInExcel'), 'error')
  }
  return state.inExcel
}

function selectedPeriod(): PeriodInfo | undefined {
  return state.periods.find((period) => period.id === state.period)
}

async function formById(id: string): Promise<FormDefinition | null> {
  const cached = state.forms.get(id)
  if (cached) {
    return cached
  }
  const result = await api.form(id)
  if (!result.ok) {
    showError(result.error)
    return null
  }
  state.forms.set(id, result.data)
  return result.data
}

function ownReport(): ReportRef | null {
  return state.unit && state.period
    ? { unit: state.unit.code, period: state.period, form: state.unit.form }
    : null
}

function receiptKey(report: ReportRef): string {
  return `${report.unit}|${report.period}|${report.form}`
}

/** The worker's latest word on the report, or, offline, the receipt this pane kept. */
function renderOwnStanding(): void {
  const report = ownReport()
  const receipts = readJson<Record<string, Submission>>(localStorage, RECEIPTS_KEY) ?? {}
  const latest = state.latest ?? (report ? (receipts[receiptKey(report)] ?? null) : null)
  renderStanding(latest ? reportStanding(latest, state.locale) : null)
}

/** Asks the worker where the unit's report for the chosen period stands. */
async function loadStanding(): Promise<void> {
  const report = ownReport()
  state.latest = null
  state.latestRevision = undefined
  if (report) {
    const result = await api.report(report)
    const current = ownReport()
    if (!current || receiptKey(current) !== receiptKey(report)) {
      return
    }
    if (result.ok) {
      state.latest = result.data.submission
      state.latestRevision = result.data.submission.revision
    } else if (result.error.code === 'SUBMISSION_NOT_FOUND') {
      state.latestRevision = 0
    } else if (adviceFor(result.error).offer === 'signIn') {
      showError(result.error)
      return
    }
  }
  renderOwnStanding()
}

function renderPreviousNote(): void {
  const note = byId('previous-note')
  const previous = state.previous
  note.hidden = previous === null || previous.period === null
  if (previous === null || previous.period === null) {
    return
  }
  const key =
    previous.kind === 'compared'
      ? 'previousCompared'
      : previous.kind === 'none'
        ? 'previousNone'
        : 'previousOffline'
  note.textContent = say(key, { period: previous.period })
  note.dataset.kind = previous.kind
}

function renderAll(): void {
  byId('insert').dataset.i18n = state.sheet ? 'refreshForm' : 'insertForm'
  applyTexts(state.locale)
  const signedIn = state.session !== null
  byId('sign-in').hidden = signedIn
  byId('main').hidden = !signedIn
  if (state.unit) {
    byId('unit-name').textContent = `${state.unit.name} (${state.unit.code})`
    const upper = state.unit.level !== 'grassroots' || state.unit.childCount > 0
    for (const tab of ['units', 'rollup']) {
      document.querySelector<HTMLElement>(`[data-tab="${tab}"]`)!.hidden = !upper
    }
  }
  const select = byId<HTMLSelectElement>('period')
  select.replaceChildren(
    ...state.periods.map((period) => {
      const option = document.createElement('option')
      option.value = period.id
      option.textContent = say('periodOption', {
        id: period.id,
        deadline: formatDate(period.deadline),
      })
      return option
    }),
  )
  if (state.period) {
    select.value = state.period
  }
  renderCheck()
  renderPreviousNote()
  renderOwnStanding()
  renderQueue(queue.list(), state.locale, signedIn)
  if (state.status) {
    renderStatus(state.status, state.locale, review)
  }
  renderProxyFindings()
}

function renderCheck(): void {
  const check = state.check
  const container = byId('findings')
  if (!check) {
    container.replaceChildren()
    renderAcknowledge([], state.locale, new Set())
    return
  }
  renderFindings(
    container,
    check.findings,
    state.locale,
    (finding) => check.cells[finding.row],
    (address) =>
      void act(async () => {
        await selectCell(state.sheet ?? '', address)
        showMessage(null)
      }),
  )
  renderAcknowledge(
    check.findings.filter((finding) => finding.severity === 'warning'),
    state.locale,
    new Set(checkedWarnings()),
  )
}

function renderProxyFindings(): void {
  const proxy = state.proxy
  const container = byId('proxy-findings')
  if (!proxy) {
    container.replaceChildren()
    return
  }
  const entryOf = new Map<Finding, ProxyEntry>()
  for (const entry of proxy.entries) {
    for (const finding of entry.findings) {
      entryOf.set(finding, entry)
    }
  }
  renderFindings(
    container,
    proxy.entries.flatMap((entry) => entry.findings),
    state.locale,
    (finding) => entryOf.get(finding)?.cells[finding.row],
    (address) => void act(() => selectCell(proxy.sheet, address)),
    (finding) => `${entryOf.get(finding)?.unit ?? ''} · `,
  )
}

/** Signs out, keeping the queue: what waits goes after the next sign-in. */
function endSession(): void {
  saveSession(null)
  state.unit = null
  state.check = null
  state.status = null
  state.latest = null
  state.latestRevision = undefined
  state.previous = null
  previousFigures.clear()
  clearTimeout(retryTimer)
  // The next unit may have no "units" or "rollup" tab: open on the report.
  selectTab('report')
  renderAll()
}

function saveSession(session: Session | null): void {
  state.session = session
  api.token = session?.token ?? null
  if (session) {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session))
  } else {
    sessionStorage.removeItem(SESSION_KEY)
  }
}

async function afterSignIn(): Promise<void> {
  const session = state.session
  if (!session) {
    return
  }
  const [unit, periods] = await Promise.all([api.unit(session.unit.code), api.periods()])
  if (!unit.ok) {
    showError(unit.error)
    renderAll()
    return
  }
  state.unit = unit.data.unit
  state.allPeriods = periods.ok ? periods.data.periods : []
  state.periods = openPeriodsCurrentFirst(state.allPeriods, new Date().toISOString().slice(0, 10))
  state.period = state.periods[0]?.id ?? null
  if (state.unit.childCount > 0) {
    const [children, forms] = await Promise.all([api.children(state.unit.code), api.forms()])
    state.children = children.ok ? children.data.children : []
    fillRollupChoices(forms.ok ? forms.data.forms.map((form) => form.id) : [])
  }
  if (state.inExcel) {
    const report = await readWorkbookReport().catch(() => null)
    if (report && report.unit === state.unit.code && report.form === state.unit.form) {
      state.sheet = report.sheet
      if (state.periods.some((period) => period.id === report.period)) {
        state.period = report.period
      }
    }
  }
  await loadStanding()
  showMessage(state.periods.length === 0 ? say('noOpenPeriod') : null, 'warning')
  renderAll()
  void flushQueue(true)
}

function fillRollupChoices(catalog: string[]): void {
  const unit = state.unit
  if (!unit) {
    return
  }
  byId<HTMLInputElement>('rollup-unit').value = unit.code
  byId('rollup-units').replaceChildren(
    ...[unit, ...state.children].map((child) => {
      const option = document.createElement('option')
      option.value = child.code
      option.textContent = child.name
      return option
    }),
  )
  const forms = [...new Set([...catalog, unit.form])].sort()
  const select = byId<HTMLSelectElement>('rollup-form')
  select.replaceChildren(
    ...forms.map((form) => {
      const option = document.createElement('option')
      option.value = form
      option.textContent = form
      return option
    }),
  )
  select.value = forms[0] ?? unit.form
}

/**
 * Signs in, counting the seconds on a slow connection; the button stays disabled meanwhile. When
 * no answer came (offline, timeout, the worker down) the key stays in its field for "Thử lại";
 * otherwise it is wiped.
 */
async function signIn(): Promise<void> {
  const unit = field('unit-code').value.trim()
  const key = field('access-key').value
  const buttons = ['sign-in-button', 'sign-in-retry'].map((id) => byId<Disableable>(id))
  buttons.forEach((button) => (button.disabled = true))
  byId('sign-in-retry').hidden = true
  const started = Date.now()
  showMessage(say('signingIn'))
  const ticker = setInterval(() => {
    showMessage(say('signingInFor', { seconds: Math.round((Date.now() - started) / 1000) }))
  }, 1000)
  try {
    const result = await api.signIn(unit, key)
    if (!result.ok) {
      const retry = adviceFor(result.error).queue === 'retry'
      if (!retry) {
        field('access-key').value = ''
      }
      byId('sign-in-retry').hidden = !retry
      showMessage(errorText(result.error), 'error')
      return
    }
    field('access-key').value = ''
    previousFigures.clear()
    saveSession(result.data)
    await afterSignIn()
  } finally {
    clearInterval(ticker)
    buttons.forEach((button) => (button.disabled = false))
  }
}

async function insertForm(): Promise<void> {
  const unit = state.unit
  const period = selectedPeriod()
  if (!requireExcel() || !unit || !period) {
    return
  }
  const form = await formById(unit.form)
  if (!form) {
    return
  }
  const result = await insertFormSheet(
    form,
    {
      unitName: unit.name,
      upperUnitName: unit.parentName ?? '',
      periodLabel: formatDate(period.cutoff),
      unitCode: unit.code,
      periodId: period.id,
    },
    hostFeatures(),
  )
  state.sheet = result.sheet
  state.check = null
  renderAll()
  showMessage(
    result.kept > 0
      ? say('refreshed', { form: form.id, kept: result.kept })
      : say('inserted', { form: form.id, sheet: result.sheet }),
    'success',
  )
}

async function runCheck(): Promise<Extract<SheetCheck, { ok: true }> | null> {
  const unit = state.unit
  const report = ownReport()
  if (!requireExcel() || !unit || !report) {
    return null
  }
  if (!state.sheet) {
    showMessage(say('noFormSheet'), 'error')
    return null
  }
  const form = await formById(unit.form)
  if (!form) {
    return null
  }
  // The worker compares with the previous period on submit: so does the check, when it can.
  const previous = await previousFigures.forReport(state.allPeriods, report)
  if (previous.kind === 'unavailable' && adviceFor(previous.error).offer === 'signIn') {
    showError(previous.error)
    return null
  }
  const check = await checkFormSheet(
    form,
    state.sheet,
    hostFeatures(),
    (finding) => finding.message,
    previous.kind === 'compared' ? previous.values : null,
  )
  if (!check.ok) {
    showMessage(say('notFormSheet', { sheet: state.sheet }), 'error')
    return null
  }
  state.check = check
  state.previous = previous
  renderCheck()
  renderPreviousNote()
  return check
}

async function check(): Promise<void> {
  const result = await runCheck()
  if (result) {
    const errors = result.findings.filter((finding) => finding.severity === 'error').length
    showMessage(
      say('checkSummary', { errors, warnings: result.findings.length - errors }),
      result.findings.length === 0 ? 'success' : errors > 0 ? 'error' : 'warning',
    )
  }
}

async function submit(): Promise<void> {
  const report = ownReport()
  const acknowledged = new Set(checkedWarnings())
  const reason = byId<HTMLTextAreaElement>('ack-reason').value.trim()
  const result = await runCheck()
  if (!result || !report || !state.sheet) {
    return
  }
  if (hasErrors(result.findings)) {
    const errors = result.findings.filter((finding) => finding.severity === 'error').length
    showMessage(say('errorsBlock', { errors }), 'error')
    return
  }
  const confirmed = result.findings.filter(
    (finding) => finding.severity === 'warning' && acknowledged.has(finding.rule),
  )
  if (confirmed.length > 0 && reason === '') {
    renderAcknowledge(
      result.findings.filter((f) => f.severity === 'warning'),
      state.locale,
      acknowledged,
    )
    showMessage(say('reasonNeeded'), 'error')
    return
  }
  const form = await formById(report.form)
  if (!form || !state.session) {
    return
  }
  // The reason travels with the submission; the Ghi chú column stays the clerk's own.
  queue.enqueue(
    report,
    {
      formVersion: form.version,
      values: Object.fromEntries(
        Object.entries(result.raw).map(([code, value]) => [code, value ?? null]),
      ),
      acknowledgedWarnings: confirmed.map((finding) => finding.rule),
      ...(confirmed.length > 0 ? { acknowledgementReason: reason } : {}),
    },
    crypto.randomUUID(),
    {
      by: state.session.unit.code,
      ...(state.latestRevision === undefined ? {} : { ifMatch: state.latestRevision }),
    },
  )
  byId('reload-latest').hidden = true
  showMessage(say('sending'))
  await flushQueue(false)
}

function remember(report: ReportRef, submission: Submission): void {
  const receipts = readJson<Record<string, unknown>>(localStorage, RECEIPTS_KEY) ?? {}
  receipts[receiptKey(report)] = submission
  localStorage.setItem(RECEIPTS_KEY, JSON.stringify(receipts))
}

async function reloadLatest(): Promise<void> {
  await loadStanding()
  byId('reload-latest').hidden = true
  if (state.latest) {
    showMessage(say('reloaded', { revision: state.latest.revision }), 'warning')
  }
}

/**
 * Sends what the signed-in unit queued; says what became of its own report (a refusal in the
 * clerk's words, with "Tải bản mới nhất" after a conflict); schedules the next try. An expired
 * session signs out: the queue waits for the next sign-in.
 */
async function flushQueue(force: boolean): Promise<void> {
  const session = state.session
  if (!session) {
    renderQueue(queue.list(), state.locale, false)
    return
  }
  clearTimeout(retryTimer)
  const outcomes = await queue.flush(force, session.unit.code)
  if (state.session !== session) {
    return
  }
  const own = ownReport()
  for (const outcome of outcomes) {
    const mine = own !== null && receiptKey(outcome.item.report) === receiptKey(own)
    const advice = outcome.kind === 'sent' ? null : adviceFor(outcome.error)
    if (outcome.kind === 'sent') {
      remember(outcome.item.report, outcome.result.submission)
      if (mine) {
        state.latest = outcome.result.submission
        state.latestRevision = outcome.result.submission.revision
        showMessage(say('receiptTitle'), 'success')
      }
    } else if (advice?.queue === 'signIn') {
      showError(outcome.error)
      return
    } else if (outcome.kind === 'rejected') {
      byId('reload-latest').hidden = !(mine && advice?.offer === 'reload')
      showMessage(say('rejected', { message: errorText(outcome.error) }), 'error')
    } else if (mine) {
      showMessage(advice?.queue === 'wait' ? errorText(outcome.error) : say('queued'), 'warning')
    }
  }
  renderOwnStanding()
  renderQueue(queue.list(), state.locale, true)
  const next = queue.nextAttemptAt(session.unit.code)
  if (next !== null) {
    retryTimer = setTimeout(() => void flushQueue(false), Math.max(1000, next - Date.now()))
  }
}

async function loadStatus(): Promise<void> {
  if (!state.unit || !state.period) {
    return
  }
  const result = await api.status(state.unit.code, state.period)
  if (!result.ok) {
    showError(result.error)
    return
  }
  state.status = result.data
  renderStatus(result.data, state.locale, review)
  showMessage(null)
}

function review(unit: UnitStatus, decision: 'accept' | 'return'): void {
  void act(async () => {
    if (!state.period) {
      return
    }
    const comment = byId<HTMLTextAreaElement>('review-comment').value.trim()
    const result = await api.review(
      { unit: unit.unit, period: state.period, form: unit.form },
      decision,
      comment,
    )
    if (!result.ok) {
      showError(result.error)
      return
    }
    await loadStatus()
    showMessage(say('reviewed', { unit: unit.name }), 'success')
  })
}

/** The form most of the direct children fill: the "Nhập hộ" sheet has one form. */
function proxyFormId(): string | null {
  const counts = new Map<string, number>()
  for (const child of state.children) {
    counts.set(child.form, (counts.get(child.form) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null
}

async function proxyInsert(): Promise<void> {
  const formId = proxyFormId()
  if (!requireExcel() || !formId || !state.unit || !state.period) {
    return
  }
  const form = await formById(formId)
  if (!form) {
    return
  }
  const units = state.children.filter((child) => child.form === formId)
  const result = await insertProxySheet(
    form,
    units.map((unit) => ({ code: unit.code, name: unit.name })),
    { title: `Nhập hộ ${form.id}: ${state.unit.name}, kỳ ${state.period}`, period: state.period },
    hostFeatures(),
  )
  state.proxy = { sheet: result.sheet, form, entries: [] }
  renderProxyFindings()
  showMessage(say('proxyInserted', { count: units.length }), 'success')
}

async function proxyCheck(): Promise<ProxyEntry[] | null> {
  const proxy = state.proxy
  if (!requireExcel() || !proxy) {
    return null
  }
  const result = await checkProxySheet(
    proxy.form,
    proxy.sheet,
    hostFeatures(),
    (finding) => finding.message,
  )
  if (!result.ok) {
    showMessage(say('notFormSheet', { sheet: proxy.sheet }), 'error')
    return null
  }
  proxy.entries = result.entries
  renderProxyFindings()
  showMessage(result.entries.length === 0 ? say('proxyNoRows') : null, 'warning')
  return result.entries
}

async function proxySubmit(): Promise<void> {
  const entries = await proxyCheck()
  const proxy = state.proxy
  if (!entries || !proxy || !state.period) {
    return
  }
  const ready = entries.filter((entry) => !hasErrors(entry.findings))
  const keys = new Set<string>()
  for (const entry of ready) {
    const item = queue.enqueue(
      { unit: entry.unit, period: state.period, form: proxy.form.id },
      {
        formVersion: proxy.form.version,
        values: Object.fromEntries(
          Object.entries(entry.raw).map(([code, value]) => [code, value ?? null]),
        ),
      },
      crypto.randomUUID(),
      state.session ? { by: state.session.unit.code } : {},
    )
    keys.add(item.key)
  }
  await flushQueue(false)
  const waiting = queue.list().filter((item) => keys.has(item.key)).length
  showMessage(
    say('proxySent', {
      sent: ready.length - waiting,
      queued: waiting,
      failed: entries.length - ready.length,
    }),
    waiting > 0 || ready.length < entries.length ? 'warning' : 'success',
  )
}

async function pull(): Promise<void> {
  const unit = byId<HTMLInputElement>('rollup-unit').value.trim() || state.unit?.code
  const formId = byId<HTMLSelectElement>('rollup-form').value || state.unit?.form
  if (!requireExcel() || !unit || !formId || !state.period) {
    return
  }
  const form = await formById(formId)
  if (!form) {
    return
  }
  const accepted = byId<HTMLInputElement>('rollup-accepted').checked
  const result = await api.rollup(
    { unit, period: state.period, form: formId },
    accepted ? 'accepted' : 'latest',
  )
  if (!result.ok) {
    showError(result.error)
    return
  }
  const sheet = await pullRollupSheet(form, result.data, result.data.name)
  showMessage(say('pulled', { sheet: sheet.sheet }), 'success')
}

function selectTab(tab: string): void {
  for (const button of document.querySelectorAll<HTMLElement>('[data-tab]')) {
    button.setAttribute('aria-selected', String(button.dataset.tab === tab))
  }
  for (const panel of document.querySelectorAll<HTMLElement>('[data-panel]')) {
    panel.hidden = panel.dataset.panel !== tab
  }
}

function wire(): void {
  const on = (id: string, action: () => Promise<unknown>): void =>
    byId(id).addEventListener('click', () => void act(async () => void (await action())))
  byId('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault()
    void inFlight.run(signIn)
  })
  for (const id of ['sign-in-button', 'sign-in-retry']) {
    byId(id).addEventListener('click', () => void inFlight.run(signIn))
  }
  byId('sign-out').addEventListener('click', () => {
    endSession()
    showMessage(null)
  })
  byId('lang').addEventListener('click', () => {
    state.locale = state.locale === 'vi' ? 'en' : 'vi'
    localStorage.setItem(
      SETTINGS_KEY,
      JSON.stringify({ locale: state.locale, baseUrl: state.baseUrl }),
    )
    renderAll()
  })
  byId('settings-toggle').addEventListener('click', () => {
    byId('settings').hidden = !byId('settings').hidden
    field('server-url').value = state.baseUrl
  })
  byId('save-settings').addEventListener('click', () => {
    state.baseUrl = field('server-url').value.trim()
    api.baseUrl = state.baseUrl.replace(/\/+$/, '')
    localStorage.setItem(
      SETTINGS_KEY,
      JSON.stringify({ locale: state.locale, baseUrl: state.baseUrl }),
    )
    byId('settings').hidden = true
  })
  byId<HTMLSelectElement>('period').addEventListener('change', (event) => {
    state.period = (event.target as HTMLSelectElement).value
    state.status = null
    state.check = null
    state.previous = null
    byId('reload-latest').hidden = true
    renderAll()
    void loadStanding()
  })
  for (const tab of document.querySelectorAll<HTMLElement>('[data-tab]')) {
    tab.addEventListener('click', () => selectTab(tab.dataset.tab ?? 'report'))
  }
  on('insert', insertForm)
  on('check', check)
  on('submit', submit)
  on('retry', () => flushQueue(true))
  on('reload-latest', reloadLatest)
  on('load-status', loadStatus)
  on('proxy-insert', proxyInsert)
  on('proxy-check', proxyCheck)
  on('proxy-submit', proxySubmit)
  on('pull', pull)
  window.addEventListener('online', () => void flushQueue(true))
}

function start(): void {
  const settings = readJson<{ locale?: PaneLocale; baseUrl?: string }>(localStorage, SETTINGS_KEY)
  state.locale = settings?.locale === 'en' ? 'en' : 'vi'
  state.baseUrl = settings?.baseUrl ?? ''
  api.baseUrl = state.baseUrl.replace(/\/+$/, '')
  const session = readJson<Session>(sessionStorage, SESSION_KEY)
  if (session && Date.parse(session.expiresAt) > Date.now()) {
    saveSession(session)
  }
  wire()
  listenForCellEditMode(() => showMessage(say('cellEditMode'), 'warning'))
  renderAll()
  void officeReady().then(async (inExcel) => {
    state.inExcel = inExcel
    await afterSignIn()
  })
}

start()
