/**
 * @module The task pane: wires the buttons once office.js is ready; each action moves plain data
 * between the worker (api/), the workbook (excel/) and shared/ functions, and renders the result.
 */
import '@fluentui/web-components/button/define.js'
import '@fluentui/web-components/text-input/define.js'
import { setTheme } from '@fluentui/web-components/theme/index.js'
import { webLightTheme } from '@fluentui/tokens'
import type {
  Period,
  TokenResponse,
  StatusResponse,
  Submission,
  UnitDetail,
  UnitSearchResponse,
  UnitStatus,
} from '../../shared/api-schemas.ts'
import type { Finding } from '../../shared/finding.ts'
import type { FormDefinition } from '../../shared/form-definition.ts'
import { hasErrors } from '../../shared/validation.ts'
import {
  ApiClient,
  normalizeUnitCode,
  type ApiError,
  type ApiResult,
  type ReportRef,
} from '../api/client.ts'
import {
  checkFormSheet,
  insertFormSheet,
  readWorkbookState,
  selectCell,
  type SheetCheck,
} from '../excel/form-sheet.ts'
import { hostFeatures, officeReady, typesDotDecimals } from '../excel/host.ts'
import { listenForCellEditMode } from '../excel/run.ts'
import { checkProxySheet, insertProxySheet } from '../excel/proxy-sheet.ts'
import type { ProxyEntry } from '../proxy-layout.ts'
import { pullRollupSheet } from '../excel/rollup-sheet.ts'
import { drawRollupCharts } from '../excel/rollup-charts.ts'
import { chartPlans } from '../chart-plan.ts'
import { drillDownSelection } from '../drill-down.ts'
import { pullPeriodSeries } from '../period-series.ts'
import { importCounts, importFiles } from '../report-import.ts'
import { t, type MessageKey, type PaneLocale } from '../i18n.ts'
import { adviceFor, adviceText } from '../error-advice.ts'
import { InFlight } from '../in-flight.ts'
import { PaneCache } from '../pane-cache.ts'
import { compareFormVersions } from '../../shared/form-definition.ts'
import { openPeriodsAt } from '../periods.ts'
import { PreviousFiguresCache, type PreviousFigures } from '../previous-figures.ts'
import { reportStanding } from '../report-standing.ts'
import { reviewedReport } from '../review-values.ts'
import { formatVietnameseDate, vietnamDateTime } from '../../shared/periods.ts'
import { SubmitQueue } from '../submit-queue.ts'
import { UnitSearch } from '../unit-search.ts'
import {
  applyTexts,
  byId,
  checkedWarnings,
  renderAcknowledge,
  renderFindings,
  renderFound,
  renderQueue,
  renderReviewValues,
  renderStanding,
  renderStatus,
  showMessage,
} from './view.ts'

setTheme(webLightTheme)

/** The signed-in session: the sign-in's answer as it is. */
type Session = TokenResponse
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
  /**
   * Working without a session (no token: the pane was reopened with the worker unreachable) as
   * this unit, from what the pane saved: checks run, submissions queue until the next sign-in.
   */
  offlineUnit: null as string | null,
  unit: null as UnitDetail | null,
  /** When the unit's detail and the periods shown were saved, when they come from storage. */
  staleSince: null as string | null,
  children: [] as UnitDetail[],
  /** Every period, closed ones too: the previous comparable period is usually closed. */
  allPeriods: [] as Period[],
  periods: [] as Period[],
  period: null as string | null,
  /** Form definitions of this session by `id@version` (`id@` for the latest). */
  forms: new Map<string, FormDefinition>(),
  /** The form version the workbook's sheet was laid out with: check and submit use it. */
  formVersion: null as string | null,
  /** A newer version of the unit's form than the sheet's, offered as "Làm mới biểu mẫu". */
  newerForm: null as string | null,
  /** Excel reads a typed 25.000 as 25 (English-locale decimals). */
  decimalDot: false,
  /** Names of the units the pane has seen, for the name beside a typed code. */
  unitNames: new Map<string, string>(),
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
const cache = new PaneCache(localStorage)
const unitSearch = new UnitSearch({
  search: (query) => api.searchUnits(state.unit?.code ?? '', query),
  onResult: (_query, result) => showFound(result),
})
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

function selectedPeriod(): Period | undefined {
  return state.periods.find((period) => period.id === state.period)
}

/**
 * A form definition: `version` (the workbook's), or the latest when none is given. A version
 * never changes, so each is fetched once and kept in localStorage for offline use; offline, the
 * latest is the latest this pane has seen.
 */
async function formFor(id: string, version?: string): Promise<FormDefinition | null> {
  const key = `${id}@${version ?? ''}`
  const known = state.forms.get(key) ?? (version === undefined ? null : cache.form(id, version))
  if (known) {
    state.forms.set(key, known)
    return known
  }
  const result = await api.form(id, version)
  if (result.ok) {
    cache.saveForm(result.data)
    state.forms.set(key, result.data)
    return result.data
  }
  const fallback = version === undefined && result.error.retryable ? cache.form(id) : null
  if (fallback) {
    return fallback
  }
  if (result.error.retryable) {
    showMessage(say('formUnavailable', { form: id, version: version ?? '' }), 'error')
  } else {
    showError(result.error)
  }
  return null
}

/** The unit's own form as the workbook's sheet was laid out (the latest before any sheet). */
function ownForm(): Promise<FormDefinition | null> {
  return state.unit
    ? formFor(state.unit.form, state.formVersion ?? undefined)
    : Promise.resolve(null)
}

/** Tells the clerk when a newer version of the sheet's form is out (online only). */
async function offerNewerForm(): Promise<void> {
  state.newerForm = null
  if (state.unit && state.formVersion && state.session) {
    const result = await api.form(state.unit.form)
    if (result.ok && compareFormVersions(result.data.version, state.formVersion) > 0) {
      cache.saveForm(result.data)
      state.forms.set(`${result.data.id}@`, result.data)
      state.newerForm = result.data.version
    }
  }
  renderFormUpdate()
}

function renderFormUpdate(): void {
  const box = byId('form-update')
  box.hidden = state.newerForm === null || !state.sheet
  if (state.newerForm !== null && state.unit) {
    byId('form-update-text').textContent = say('newerForm', {
      form: state.unit.form,
      latest: state.newerForm,
      version: state.formVersion ?? '',
    })
  }
}

/** The units found for the search box's text; a click picks one for the rollup. */
function showFound(result: ApiResult<UnitSearchResponse>): void {
  const list = byId('rollup-found')
  if (!result.ok) {
    list.replaceChildren()
    showMessage(errorText(result.error), 'error')
    return
  }
  for (const unit of result.data.units) {
    state.unitNames.set(unit.code, unit.name)
  }
  const query = byId<HTMLInputElement>('rollup-search').value.trim()
  renderFound(list, query.length >= 2 ? result.data.units : null, state.locale, (unit) => {
    byId<HTMLInputElement>('rollup-unit').value = unit.code
    renderRollupUnitName()
    list.replaceChildren()
  })
}

function renderRollupUnitName(): void {
  const code = normalizeUnitCode(byId<HTMLInputElement>('rollup-unit').value)
  byId('rollup-unit-name').textContent = state.unitNames.get(code) ?? ''
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
  const working = signedIn || state.offlineUnit !== null
  byId('sign-in').hidden = working
  byId('main').hidden = !working
  // Offline without a session, the way out is to sign in.
  byId('sign-out').dataset.i18n = signedIn ? 'signOut' : 'signIn'
  byId('sign-out').textContent = say(signedIn ? 'signOut' : 'signIn')
  const offline = byId('offline-note')
  const offlineLines = [
    ...(signedIn ? [] : [say('offlineMode')]),
    ...(state.staleSince ? [say('staleSince', { time: vietnamDateTime(state.staleSince) })] : []),
  ]
  offline.hidden = offlineLines.length === 0
  offline.textContent = offlineLines.join(' ')
  byId('decimal-note').hidden = !state.decimalDot
  renderFormUpdate()
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
        deadline: formatVietnameseDate(period.deadline),
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
    renderStatus(state.status, state.locale, review, viewValues)
  }
  renderProxyFindings()
}

function renderCheck(): void {
  const check = state.check
  const container = byId('findings')
  if (!check) {
    container.replaceChildren()
    renderAcknowledge([], { rows: [], rules: [] }, state.locale, new Set())
    return
  }
  renderFindings(
    container,
    check.findings,
    check.form,
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
    check.form,
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
    proxy.form,
    state.locale,
    (finding) => entryOf.get(finding)?.cells[finding.row],
    (address) => void act(() => selectCell(proxy.sheet, address)),
    (finding) => `${entryOf.get(finding)?.unit ?? ''} · `,
  )
}

/** Signs out, keeping the queue: what waits goes after the next sign-in. */
function endSession(): void {
  saveSession(null)
  state.offlineUnit = null
  state.staleSince = null
  state.newerForm = null
  state.unit = null
  state.check = null
  state.status = null
  state.latest = null
  state.latestRevision = undefined
  state.previous = null
  previousFigures.clear()
  unitSearch.cancel()
  renderReviewValues(null, null, state.locale)
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

/**
 * Loads what the pane shows for the signed-in unit (or, offline without a session, the unit it
 * works as): its detail and the periods, from the worker or, unreachable, as last saved; which
 * report the workbook holds and how Excel types decimals; where the report stands.
 */
async function afterSignIn(): Promise<void> {
  const code = state.session?.unit.code ?? state.offlineUnit
  if (!code) {
    return
  }
  const online = state.session !== null
  const [unit, periods] = online ? await Promise.all([api.unit(code), api.periods()]) : [null, null]
  const keptUnit = cache.unit(code)
  if (unit?.ok) {
    state.unit = unit.data.unit
    state.staleSince = null
    cache.saveUnit(unit.data.unit)
  } else if (keptUnit && (unit === null || unit.error.retryable)) {
    state.unit = keptUnit.value
    state.staleSince = keptUnit.savedAt
  } else {
    if (unit) {
      showError(unit.error)
    }
    renderAll()
    return
  }
  if (periods?.ok) {
    state.allPeriods = periods.data.periods
    cache.savePeriods(periods.data.periods)
  } else {
    const keptPeriods = cache.periods()
    state.allPeriods = keptPeriods?.value ?? []
    state.staleSince ??= keptPeriods?.savedAt ?? null
  }
  state.unitNames.set(state.unit.code, state.unit.name)
  state.periods = openPeriodsAt(state.allPeriods, new Date())
  state.period = state.periods[0]?.id ?? null
  if (state.unit.childCount > 0 && online) {
    const [children, forms] = await Promise.all([api.children(state.unit.code), api.forms()])
    state.children = children.ok ? children.data.children : []
    fillRollupChoices(forms.ok ? forms.data.forms.map((form) => form.id) : [])
  }
  state.formVersion = null
  if (state.inExcel) {
    const workbook = await readWorkbookState().catch(() => null)
    state.decimalDot = typesDotDecimals(workbook?.decimalSeparator ?? null)
    const report = workbook?.report
    if (report && report.unit === state.unit.code && report.form === state.unit.form) {
      state.sheet = report.sheet
      state.formVersion = report.version
      if (state.periods.some((period) => period.id === report.period)) {
        state.period = report.period
      }
    }
  }
  if (online) {
    await loadStanding()
    await offerNewerForm()
  }
  showMessage(state.periods.length === 0 ? say('noOpenPeriod') : null, 'warning')
  renderAll()
  if (online) {
    void flushQueue(true)
  }
}

/** Offline without a session: works as the typed unit from what this pane saved, if anything. */
async function workOffline(): Promise<void> {
  const code = normalizeUnitCode(field('unit-code').value)
  if (!cache.unit(code)) {
    showMessage(say('offlineNoCache', { unit: code }), 'error')
    return
  }
  field('access-key').value = ''
  byId('work-offline').hidden = true
  byId('sign-in-retry').hidden = true
  state.offlineUnit = code
  await afterSignIn()
}

function fillRollupChoices(catalog: string[]): void {
  const unit = state.unit
  if (!unit) {
    return
  }
  byId<HTMLInputElement>('rollup-unit').value = unit.code
  for (const child of state.children) {
    state.unitNames.set(child.code, child.name)
  }
  renderRollupUnitName()
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
  const unit = normalizeUnitCode(field('unit-code').value)
  field('unit-code').value = unit
  const key = field('access-key').value
  const buttons = ['sign-in-button', 'sign-in-retry'].map((id) => byId<Disableable>(id))
  buttons.forEach((button) => (button.disabled = true))
  byId('sign-in-retry').hidden = true
  byId('work-offline').hidden = true
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
      const offline = retry && cache.unit(unit) !== null
      byId('work-offline').hidden = !offline
      showMessage(
        offline ? `${errorText(result.error)} ${say('offlineHint')}` : errorText(result.error),
        'error',
      )
      return
    }
    field('access-key').value = ''
    state.offlineUnit = null
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
  // Inserting or refreshing moves the sheet to the latest version (typed values kept by code).
  const form = await formFor(unit.form)
  if (!form) {
    return
  }
  const result = await insertFormSheet(
    form,
    {
      unitName: unit.name,
      upperUnitName: unit.parentName ?? '',
      cutoff: period.cutoff,
      unitCode: unit.code,
      periodId: period.id,
    },
    hostFeatures(),
  )
  state.sheet = result.sheet
  state.formVersion = form.version
  state.newerForm = null
  state.check = null
  renderAll()
  showMessage(
    result.kept > 0
      ? say('refreshed', { form: form.id, kept: result.kept })
      : say('inserted', { form: form.id, sheet: result.sheet }),
    'success',
  )
}

type CheckedSheet = { check: Extract<SheetCheck, { ok: true }>; form: FormDefinition }

/** Checks the sheet against the form version it was laid out with. */
async function runCheck(): Promise<CheckedSheet | null> {
  const unit = state.unit
  const report = ownReport()
  if (!requireExcel() || !unit || !report) {
    return null
  }
  if (!state.sheet) {
    showMessage(say('noFormSheet'), 'error')
    return null
  }
  const form = await ownForm()
  if (!form) {
    return null
  }
  // The worker compares with the previous period on submit: so does the check, when it can
  // (not without a session: the worker would refuse to say).
  const previous = state.session
    ? await previousFigures.forReport(state.allPeriods, report)
    : ({ kind: 'none', period: null } as const)
  if (previous.kind === 'unavailable' && adviceFor(previous.error).offer === 'signIn') {
    showError(previous.error)
    return null
  }
  const check = await checkFormSheet(
    form,
    state.sheet,
    hostFeatures(),
    state.locale,
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
  return { check, form }
}

async function check(): Promise<void> {
  const result = (await runCheck())?.check
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
  const checked = await runCheck()
  if (!checked || !report || !state.sheet) {
    return
  }
  const { check: result, form } = checked
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
      form,
      state.locale,
      acknowledged,
    )
    showMessage(say('reasonNeeded'), 'error')
    return
  }
  const by = state.session?.unit.code ?? state.offlineUnit
  if (!by) {
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
      by,
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
    if (state.offlineUnit !== null && queue.list().length > 0) {
      showMessage(say(force ? 'backOnline' : 'queued'), 'warning')
    }
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
  renderStatus(result.data, state.locale, review, viewValues)
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
      unit.revision ?? undefined,
    )
    if (!result.ok) {
      showError(result.error)
      if (result.error.code === 'REVIEW_CONFLICT') {
        // The list shows the revision that came in: the reviewer looks at it before deciding.
        const status = await api.status(state.unit?.code ?? unit.unit, state.period)
        if (status.ok) {
          state.status = status.data
          renderStatus(status.data, state.locale, review, viewValues)
        }
      }
      return
    }
    await loadStatus()
    showMessage(say('reviewed', { unit: unit.name }), 'success')
  })
}

/** "Xem số liệu": a subordinate's latest submission, row by row with its warnings, in the pane. */
function viewValues(unit: UnitStatus): void {
  void act(async () => {
    if (!state.period) {
      return
    }
    const result = await api.report({ unit: unit.unit, period: state.period, form: unit.form })
    if (!result.ok) {
      showError(result.error)
      return
    }
    const submission = result.data.submission
    const form = await formFor(submission.form, submission.formVersion)
    if (!form) {
      return
    }
    renderReviewValues(
      say('reviewValuesTitle', {
        unit: `${unit.name} (${unit.unit})`,
        revision: submission.revision,
        form: submission.form,
        version: submission.formVersion,
      }),
      reviewedReport(form, submission, state.locale),
      state.locale,
    )
    showMessage(null)
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
  const form = await formFor(formId)
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
  const result = await checkProxySheet(proxy.form, proxy.sheet, hostFeatures(), state.locale)
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

/** "Nhập các tệp đã chọn": the chosen files to the worker, one line each as it answers. */
async function importChosenFiles(): Promise<void> {
  const unit = state.unit
  const input = byId<HTMLInputElement>('import-files')
  const files = [...(input.files ?? [])]
  if (!unit || !state.period) {
    return
  }
  if (files.length === 0) {
    showMessage(say('importNone'), 'error')
    return
  }
  const list = byId('import-lines')
  list.replaceChildren()
  const lines = await importFiles(
    files,
    (file) => api.importReport(unit.code, state.period as string, file),
    (line) => {
      const item = document.createElement('li')
      item.dataset.outcome = line.outcome
      item.textContent = `${line.file}: ${line.message}`
      list.append(item)
    },
  )
  const counts = importCounts(lines)
  showMessage(say('importDone', counts), counts.refused > 0 ? 'warning' : 'success')
}

async function pull(): Promise<void> {
  const unit = normalizeUnitCode(byId<HTMLInputElement>('rollup-unit').value) || state.unit?.code
  const formId = byId<HTMLSelectElement>('rollup-form').value || state.unit?.form
  if (!requireExcel() || !unit || !formId || !state.period) {
    return
  }
  const accepted = byId<HTMLInputElement>('rollup-accepted').checked
  const compare = byId<HTMLInputElement>('rollup-compare').checked
  const result = await api.rollup(
    { unit, period: state.period, form: formId },
    accepted ? 'accepted' : 'latest',
    compare ? 'previous' : undefined,
  )
  if (!result.ok) {
    showError(result.error)
    return
  }
  // The rollup names its version; its rows are laid out by that version's definition.
  const form = await formFor(formId, result.data.formVersion)
  if (!form) {
    return
  }
  state.unitNames.set(result.data.unit, result.data.name)
  renderRollupUnitName()
  const cutoff = state.periods.find((p) => p.id === result.data.period)?.cutoff
  const sheet = await pullRollupSheet(form, result.data, {
    missing: result.data.missingUnits,
    ...(cutoff ? { cutoff } : {}),
    comparison: result.data.comparison ?? null,
    targets: result.data.targets ?? null,
  })
  if (byId<HTMLInputElement>('rollup-charts').checked) {
    await drawRollupCharts(chartPlans(sheet.blocks), sheet.byKind)
    await pullPeriodSeries(api, form, result.data, state.allPeriods)
  }
  showMessage(say('pulled', { sheet: sheet.sheet }), 'success')
}

async function drillDown(): Promise<void> {
  if (!requireExcel()) {
    return
  }
  const outcome = await drillDownSelection({
    api,
    formFor: (id) => formFor(id),
    unitName: (code) => state.unitNames.get(code),
  })
  if (outcome.kind === 'failed') {
    showError(outcome.error)
  } else if (outcome.kind === 'noFigure') {
    showMessage(say('drillNoRow'), 'error')
  } else if (outcome.kind === 'done') {
    showMessage(
      say('drilled', { count: outcome.count, row: outcome.row, sheet: outcome.sheet }),
      'success',
    )
  }
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
  byId('work-offline').addEventListener('click', () => void inFlight.run(workOffline))
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
  on('form-upgrade', insertForm)
  on('check', check)
  on('submit', submit)
  on('retry', () => flushQueue(true))
  on('reload-latest', reloadLatest)
  on('load-status', loadStatus)
  on('proxy-insert', proxyInsert)
  on('proxy-check', proxyCheck)
  on('proxy-submit', proxySubmit)
  on('import-run', importChosenFiles)
  on('pull', pull)
  on('drill-down', drillDown)
  byId('rollup-search').addEventListener('input', (event) =>
    unitSearch.type((event.target as HTMLInputElement).value),
  )
  byId('rollup-unit').addEventListener('input', renderRollupUnitName)
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
