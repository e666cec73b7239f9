/**
 * @module The unit's own report: insert or refresh the form sheet, check it (warnings each
 * confirmed with a reason before sending), submit through the offline queue, and show where the
 * report stands.
 */
import type { Submission } from '../../shared/api-schemas.ts'
import { formatVietnameseDate, periodInWords } from '../../shared/periods.ts'
import { hasErrors } from '../../shared/validation.ts'
import type { ReportRef } from '../api/client.ts'
import { adviceFor } from '../error-advice.ts'
import { checkFormSheet, insertFormSheet, selectCell } from '../excel/form-sheet.ts'
import { hostFeatures } from '../excel/host.ts'
import { compareFormVersions } from '../../shared/form-versions.ts'
import { reportStanding } from '../report-standing.ts'
import {
  act,
  api,
  byId,
  errorPhrase,
  formFor,
  locale,
  pane,
  phrase,
  previousFigures,
  queue,
  rememberForm,
  requireExcel,
  say,
  selectedPeriod,
  showError,
  tell,
  unitName,
} from './context.ts'
import { renderFindings, renderQueue, renderStanding } from './view.ts'

const RECEIPTS_KEY = 'baocao-cd.receipts'
let retryTimer: ReturnType<typeof setTimeout> | undefined

export function ownReport(): ReportRef | null {
  const { unit, period } = pane.state.session
  return unit && period ? { unit: unit.code, period, form: unit.form } : null
}

function receiptKey(report: ReportRef): string {
  return `${report.unit}|${report.period}|${report.form}`
}

function receipts(): Record<string, Submission> {
  try {
    return (JSON.parse(localStorage.getItem(RECEIPTS_KEY) ?? '{}') ?? {}) as Record<
      string,
      Submission
    >
  } catch {
    return {}
  }
}

function remember(report: ReportRef, submission: Submission): void {
  localStorage.setItem(
    RECEIPTS_KEY,
    JSON.stringify({ ...receipts(), [receiptKey(report)]: submission }),
  )
}

/** Stops the queue's next try: the session it would send under has ended. */
export function stopRetrying(): void {
  clearTimeout(retryTimer)
}

/** The worker's latest word on the report, or, offline, the receipt this pane kept. */
function renderOwnStanding(): void {
  const report = ownReport()
  const latest =
    pane.state.report.latest ?? (report ? (receipts()[receiptKey(report)] ?? null) : null)
  renderStanding(latest ? reportStanding(latest, locale(), unitName) : null)
}

/** Asks the worker where the unit's report for the chosen period stands. */
export async function loadStanding(): Promise<void> {
  const report = ownReport()
  pane.dispatch({ type: 'report/standingLoaded', latest: null, latestRevision: undefined })
  if (report) {
    const result = await api.report(report)
    const current = ownReport()
    if (!current || receiptKey(current) !== receiptKey(report)) {
      return
    }
    if (result.ok) {
      pane.dispatch({
        type: 'report/standingLoaded',
        latest: result.data.submission,
        latestRevision: result.data.submission.revision,
      })
    } else if (result.error.code === 'SUBMISSION_NOT_FOUND') {
      pane.dispatch({ type: 'report/standingLoaded', latest: null, latestRevision: 0 })
    } else if (adviceFor(result.error).offer === 'signIn') {
      showError(result.error)
      return
    }
  }
  renderOwnStanding()
}

/** Tells the clerk when a newer version of the sheet's form is out (online only). */
export async function offerNewerForm(): Promise<void> {
  pane.dispatch({ type: 'report/newerFormFound', version: null })
  const { unit, session } = pane.state.session
  const { formVersion } = pane.state.report
  if (unit && formVersion && session) {
    const result = await api.form(unit.form)
    if (result.ok && compareFormVersions(result.data.version, formVersion) > 0) {
      rememberForm(result.data)
      pane.dispatch({ type: 'report/newerFormFound', version: result.data.version })
    }
  }
  renderFormUpdate()
}

function renderFormUpdate(): void {
  const { newerForm, sheet, formVersion } = pane.state.report
  const unit = pane.state.session.unit
  const box = byId('form-update')
  box.hidden = newerForm === null || !sheet
  if (newerForm !== null && unit) {
    byId('form-update-text').textContent = say('newerForm', {
      form: unit.form,
      latest: newerForm,
      version: formVersion ?? '',
    })
  }
}

function renderPreviousNote(): void {
  const note = byId('previous-note')
  const previous = pane.state.report.previous
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

/** The last check: errors, then each warning once, with the box for its reason. */
function renderCheck(): void {
  const { check, reasons, sheet } = pane.state.report
  const container = byId('findings')
  const warnings = check?.findings.filter((finding) => finding.severity === 'warning') ?? []
  byId('acknowledge').hidden = warnings.length === 0
  if (!check) {
    container.replaceChildren()
    return
  }
  renderFindings(
    container,
    check.findings,
    check.form,
    locale(),
    (finding) => check.cells[finding.row],
    (address) =>
      void act(async () => {
        await selectCell(sheet ?? '', address)
        tell(null)
      }),
    {
      reasons,
      onReason: (rule, text) => pane.dispatch({ type: 'report/reasonTyped', rule, text }),
    },
  )
}

export function renderReport(): void {
  byId('insert').dataset.i18n = pane.state.report.sheet ? 'refreshForm' : 'insertForm'
  byId('reload-latest').hidden = !pane.state.report.reloadOffered
  renderFormUpdate()
  renderCheck()
  renderPreviousNote()
  renderOwnStanding()
  renderQueue(queue.list(), locale(), pane.state.session.session !== null)
}

export async function insertForm(): Promise<void> {
  const unit = pane.state.session.unit
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
  pane.dispatch({ type: 'report/sheetInserted', sheet: result.sheet, formVersion: form.version })
  renderReport()
  tell(
    result.kept > 0
      ? phrase('refreshed', { form: form.id, kept: result.kept })
      : phrase('inserted', { form: form.id, sheet: result.sheet }),
    'success',
  )
}

/** Checks the sheet against the form version it was laid out with. */
async function runCheck(): Promise<boolean> {
  const { unit, session } = pane.state.session
  const report = ownReport()
  const sheet = pane.state.report.sheet
  if (!requireExcel() || !unit || !report) {
    return false
  }
  if (!sheet) {
    tell(phrase('noFormSheet'), 'error')
    return false
  }
  const form = await formFor(unit.form, pane.state.report.formVersion ?? undefined)
  if (!form) {
    return false
  }
  // The worker compares with the previous period on submit: so does the check, when it can
  // (not without a session: the worker would refuse to say).
  const previous = session
    ? await previousFigures.forReport(pane.state.session.allPeriods, report)
    : ({ kind: 'none', period: null } as const)
  if (previous.kind === 'unavailable' && adviceFor(previous.error).offer === 'signIn') {
    showError(previous.error)
    return false
  }
  const check = await checkFormSheet(
    form,
    sheet,
    hostFeatures(),
    locale(),
    previous.kind === 'compared' ? previous.values : null,
  )
  if (!check.ok) {
    tell(phrase('notFormSheet', { sheet }), 'error')
    return false
  }
  pane.dispatch({ type: 'report/checked', check, previous })
  renderCheck()
  renderPreviousNote()
  return true
}

export async function check(): Promise<void> {
  const result = (await runCheck()) ? pane.state.report.check : null
  if (result) {
    const errors = result.findings.filter((finding) => finding.severity === 'error').length
    tell(
      phrase('checkSummary', { errors, warnings: result.findings.length - errors }),
      result.findings.length === 0 ? 'success' : errors > 0 ? 'error' : 'warning',
    )
  }
}

/**
 * "Gửi báo cáo": checks again; refuses while errors remain; asks for a reason for each warning
 * (or a fix) before anything is sent; then queues the report with its notes and reasons.
 */
export async function submit(): Promise<void> {
  const report = ownReport()
  if (!(await runCheck()) || !report) {
    return
  }
  const { check: result, reasons, latestRevision } = pane.state.report
  if (!result) {
    return
  }
  if (hasErrors(result.findings)) {
    const errors = result.findings.filter((finding) => finding.severity === 'error').length
    tell(phrase('errorsBlock', { errors }), 'error')
    return
  }
  const warnings = result.findings.filter((finding) => finding.severity === 'warning')
  const unexplained = warnings.filter((warning) => !reasons[warning.rule]?.trim())
  if (unexplained.length > 0) {
    tell(phrase('reasonNeeded', { count: unexplained.length }), 'warning')
    byId('findings')
      .querySelector<HTMLTextAreaElement>(`textarea[data-rule="${unexplained[0]?.rule}"]`)
      ?.focus()
    return
  }
  const by = pane.state.session.session?.unit.code ?? pane.state.session.offlineUnit
  if (!by) {
    return
  }
  queue.enqueue(
    report,
    {
      formVersion: result.form.version,
      values: Object.fromEntries(
        Object.entries(result.raw).map(([code, value]) => [code, value ?? null]),
      ),
      acknowledgedWarnings: warnings.map((warning) => warning.rule),
      ...(warnings.length > 0
        ? {
            warningReasons: Object.fromEntries(
              warnings.map((warning) => [warning.rule, (reasons[warning.rule] ?? '').trim()]),
            ),
          }
        : {}),
      notes: result.notes,
    },
    crypto.randomUUID(),
    { by, ...(latestRevision === undefined ? {} : { ifMatch: latestRevision }) },
  )
  pane.dispatch({ type: 'report/reloadDone' })
  byId('reload-latest').hidden = true
  tell(phrase('sending'))
  await flushQueue(false)
}

export async function reloadLatest(): Promise<void> {
  await loadStanding()
  pane.dispatch({ type: 'report/reloadDone' })
  byId('reload-latest').hidden = true
  const latest = pane.state.report.latest
  if (latest) {
    tell(phrase('reloaded', { revision: latest.revision }), 'warning')
  }
}

/**
 * Sends what the signed-in unit queued; says what became of its own report (a refusal in the
 * clerk's words, with "Tải bản mới nhất" after a conflict); schedules the next try. An expired
 * session signs out: the queue waits for the next sign-in. Returns the outcomes, for the caller
 * that queued a batch (Nhập hộ) to tell its own result.
 */
export async function flushQueue(force: boolean): Promise<Awaited<ReturnType<typeof queue.flush>>> {
  const { session, offlineUnit } = pane.state.session
  if (!session) {
    renderQueue(queue.list(), locale(), false)
    if (offlineUnit !== null && queue.list().length > 0) {
      tell(phrase(force ? 'backOnline' : 'queued'), 'warning')
    }
    return []
  }
  clearTimeout(retryTimer)
  const outcomes = await queue.flush(force, session.unit.code)
  if (pane.state.session.session !== session) {
    return outcomes
  }
  const own = ownReport()
  for (const outcome of outcomes) {
    const mine = own !== null && receiptKey(outcome.item.report) === receiptKey(own)
    const advice = outcome.kind === 'sent' ? null : adviceFor(outcome.error)
    if (outcome.kind === 'sent') {
      remember(outcome.item.report, outcome.result.submission)
      if (mine) {
        pane.dispatch({ type: 'report/sent', submission: outcome.result.submission })
        tell(phrase('receiptTitle'), 'success')
      }
    } else if (advice?.queue === 'signIn') {
      showError(outcome.error)
      return outcomes
    } else if (outcome.kind === 'rejected' && mine) {
      if (advice?.offer === 'reload') {
        pane.dispatch({ type: 'report/conflicted' })
      }
      byId('reload-latest').hidden = !pane.state.report.reloadOffered
      const error = errorPhrase(outcome.error)
      tell((to) => phrase('rejected', { message: error(to) })(to), 'error')
    } else if (mine) {
      tell(advice?.queue === 'wait' ? errorPhrase(outcome.error) : phrase('queued'), 'warning')
    }
  }
  renderOwnStanding()
  renderQueue(queue.list(), locale(), true)
  const next = queue.nextAttemptAt(session.unit.code)
  if (next !== null) {
    retryTimer = setTimeout(() => void flushQueue(false), Math.max(1000, next - Date.now()))
  }
  return outcomes
}

/** The period choices: each named in words with its deadline. */
export function renderPeriods(): void {
  const { periods, period } = pane.state.session
  const select = byId<HTMLSelectElement>('period')
  select.replaceChildren(
    ...periods.map((p) => {
      const option = document.createElement('option')
      option.value = p.id
      option.textContent = say('periodOption', {
        name: periodName(p.id),
        deadline: formatVietnameseDate(p.deadline),
      })
      return option
    }),
  )
  if (period) {
    select.value = period
  }
}

/** A period as people name it, in the pane's language: "Năm 2026", not "2026-Y". */
export function periodName(id: string): string {
  return periodInWords(id, locale())
}
