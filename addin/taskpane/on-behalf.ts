/**
 * @module Entry on behalf of the units below (nhập hộ): a sheet pre-filled with each unit's latest
 * figures, who entered and who reviewed them; sending only the rows that changed, each with If-Match on the
 * revision it showed, a unit's own report overwritten only with the clerk's consent for that
 * unit; a true result per unit. And the templates units e-mailed, imported file by file.
 */
import { prefillOf, type ProxyPrefill } from '../proxy-layout.ts'
import { planProxySend, proxyCounts, type ProxyOutcome } from '../proxy-send.ts'
import { checkProxySheet, insertProxySheet } from '../excel/proxy-sheet.ts'
import { hostFeatures } from '../excel/host.ts'
import { selectCell } from '../excel/form-sheet.ts'
import { importCounts, importFiles } from '../report-import.ts'
import { t, type MessageKey } from '../i18n.ts'
import {
  act,
  api,
  byId,
  formFor,
  locale,
  pane,
  phrase,
  queue,
  requireExcel,
  showError,
  tell,
  unitName,
} from './context.ts'
import { flushQueue, periodName } from './own-report.ts'
import { element, renderFindings } from './view.ts'

/** The form most of the direct children fill: the "Nhập hộ" sheet has one form. */
function proxyFormId(): string | null {
  const counts = new Map<string, number>()
  for (const child of pane.state.session.children) {
    counts.set(child.form, (counts.get(child.form) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null
}

export async function proxyInsert(): Promise<void> {
  const formId = proxyFormId()
  const { unit, period, children } = pane.state.session
  if (!requireExcel() || !formId || !unit || !period) {
    return
  }
  const form = await formFor(formId)
  if (!form) {
    return
  }
  const reports = await api.childReports({ unit: unit.code, period, form: formId })
  if (!reports.ok) {
    showError(reports.error)
    return
  }
  const prefilled: Record<string, ProxyPrefill> = Object.fromEntries(
    reports.data.reports.map((report) => [report.unit, prefillOf(report)]),
  )
  const units = children
    .filter((child) => child.form === formId)
    .map((child) => ({ code: child.code, name: child.name, prefill: prefilled[child.code] }))
  const result = await insertProxySheet(
    form,
    units,
    { title: `Nhập hộ ${form.id}: ${unit.name}, ${periodName(period)}`, period },
    hostFeatures(),
  )
  pane.dispatch({ type: 'proxy/inserted', sheet: result.sheet, form, prefilled })
  renderOnBehalf()
  tell(
    phrase('proxyInsertedPrefilled', {
      count: units.length,
      prefilled: Object.keys(prefilled).length,
    }),
    'success',
  )
}

async function proxyCheck(): Promise<boolean> {
  const { sheet, form } = pane.state.proxy
  if (!requireExcel() || !sheet || !form) {
    return false
  }
  const result = await checkProxySheet(form, sheet, hostFeatures(), locale())
  if (!result.ok) {
    tell(phrase('notFormSheet', { sheet }), 'error')
    return false
  }
  pane.dispatch({ type: 'proxy/checked', entries: result.entries })
  renderOnBehalf()
  return true
}

export async function proxyCheckOnly(): Promise<void> {
  if (await proxyCheck()) {
    tell(pane.state.proxy.entries.length === 0 ? phrase('proxyNoRows') : null, 'warning')
  }
}

/** "Gửi bảng nhập hộ": the plan per unit, the changed rows sent, then each unit's true result. */
export async function proxySubmit(): Promise<void> {
  const period = pane.state.session.period
  const me = pane.state.session.session?.unit.code
  if (!(await proxyCheck()) || !period) {
    return
  }
  const { form, entries, prefilled, overwrite } = pane.state.proxy
  if (!form) {
    return
  }
  const plan = planProxySend(entries, prefilled, overwrite)
  const unitOf = new Map<string, string>()
  for (const item of plan) {
    if (item.kind !== 'send') {
      continue
    }
    const queued = queue.enqueue(
      { unit: item.unit, period, form: form.id },
      {
        formVersion: form.version,
        values: Object.fromEntries(
          Object.entries(item.values).map(([code, value]) => [code, value ?? null]),
        ),
      },
      crypto.randomUUID(),
      { ...(me ? { by: me } : {}), ifMatch: item.ifMatch },
    )
    unitOf.set(queued.key, item.unit)
  }
  const flushed = unitOf.size > 0 ? await flushQueue(false) : []
  const byUnit = new Map<string, ProxyOutcome>()
  const refreshed: Record<string, ProxyPrefill> = {}
  for (const outcome of flushed) {
    const unit = unitOf.get(outcome.item.key)
    if (!unit) {
      continue
    }
    if (outcome.kind === 'sent') {
      const submission = outcome.result.submission
      byUnit.set(unit, { unit, kind: 'sent', revision: submission.revision })
      refreshed[unit] = prefillOf(submission)
    } else if (outcome.kind === 'rejected') {
      byUnit.set(unit, {
        unit,
        kind: 'refused',
        code: outcome.error.code,
        message: outcome.error.message,
        messageEn: outcome.error.messageEn,
      })
    }
  }
  const outcomes: ProxyOutcome[] = plan.map((item) =>
    item.kind === 'send' ? (byUnit.get(item.unit) ?? { unit: item.unit, kind: 'queued' }) : item,
  )
  pane.dispatch({ type: 'proxy/sent', outcomes, prefilled: refreshed })
  renderOnBehalf()
  const counts = proxyCounts(outcomes)
  const clean = counts.refused + counts.checkFailed + counts.needsConsent + counts.queued === 0
  tell(phrase('proxyResult', counts), clean ? 'success' : 'warning')
}

const OUTCOME_KEYS: Record<ProxyOutcome['kind'], MessageKey> = {
  sent: 'outcomeSent',
  unchanged: 'outcomeUnchanged',
  checkFailed: 'outcomeCheckFailed',
  locked: 'outcomeLocked',
  needsConsent: 'outcomeNeedsConsent',
  refused: 'outcomeRefused',
  queued: 'outcomeQueued',
}

function outcomeText(outcome: ProxyOutcome): string {
  const to = locale()
  switch (outcome.kind) {
    case 'sent':
      return t(to, 'outcomeSent', { revision: outcome.revision })
    case 'checkFailed':
      return t(to, 'outcomeCheckFailed', { errors: outcome.errors })
    case 'refused':
      return t(to, 'outcomeRefused', {
        message: to === 'vi' ? outcome.message : outcome.messageEn,
      })
    default:
      return t(to, OUTCOME_KEYS[outcome.kind])
  }
}

/** The check's findings by unit, and the last result: a line per unit, consent boxes beside. */
export function renderOnBehalf(): void {
  const { sheet, form, entries, outcomes, overwrite } = pane.state.proxy
  const container = byId('proxy-findings')
  if (!sheet || !form) {
    container.replaceChildren()
    byId('proxy-results').replaceChildren()
    return
  }
  const entryOf = new Map(entries.flatMap((entry) => entry.findings.map((f) => [f, entry])))
  renderFindings(
    container,
    entries.flatMap((entry) => entry.findings),
    form,
    locale(),
    (finding) => entryOf.get(finding)?.cells[finding.row],
    (address) => void act(() => selectCell(sheet, address)),
    { prefix: (finding) => `${entryOf.get(finding)?.unit ?? ''} · ` },
  )
  const list = byId('proxy-results')
  list.replaceChildren()
  for (const outcome of outcomes ?? []) {
    if (outcome.kind === 'unchanged') {
      continue
    }
    const li = element('li', { 'data-unit': outcome.unit, 'data-outcome': outcome.kind })
    li.append(
      element('b', {}, `${unitName(outcome.unit)} (${outcome.unit})`),
      document.createTextNode(`: ${outcomeText(outcome)}`),
    )
    if (outcome.kind === 'needsConsent') {
      const label = element('label', { class: 'inline' })
      const box = element('input', { type: 'checkbox', 'data-overwrite': outcome.unit })
      box.checked = overwrite.includes(outcome.unit)
      box.addEventListener('change', () =>
        pane.dispatch({ type: 'proxy/overwriteToggled', unit: outcome.unit, allowed: box.checked }),
      )
      label.append(box, document.createTextNode(t(locale(), 'overwrite', { unit: outcome.unit })))
      li.append(label)
    }
    list.append(li)
  }
}

/** "Nhập các tệp đã chọn": the chosen files to the worker, one line each as it answers. */
export async function importChosenFiles(): Promise<void> {
  const { unit, period } = pane.state.session
  const input = byId<HTMLInputElement>('import-files')
  const files = [...(input.files ?? [])]
  if (!unit || !period) {
    return
  }
  if (files.length === 0) {
    tell(phrase('importNone'), 'error')
    return
  }
  const list = byId('import-lines')
  list.replaceChildren()
  const lines = await importFiles(
    files,
    (file) => api.importReport(unit.code, period, file),
    (line) => {
      const item = document.createElement('li')
      item.dataset.outcome = line.outcome
      item.textContent = `${line.file}: ${line.message}`
      list.append(item)
    },
  )
  const counts = importCounts(lines)
  tell(phrase('importDone', counts), counts.refused > 0 ? 'warning' : 'success')
}
