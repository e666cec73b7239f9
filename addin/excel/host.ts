/**
 * @module The one place that asks about the Excel host: whether office.js is ready and we run in
 * Excel, and which requirement sets it supports, with safe fallbacks outside Office.
 */

/** True when the host supports the ExcelApi requirement set `version`; false outside Office. */
export function isExcelApiSupportedSafe(version: string): boolean {
  try {
    return Office.context.requirements.isSetSupported('ExcelApi', version)
  } catch {
    return false
  }
}

/** What the pane may use on this host. */
export interface HostFeatures {
  /** Cell notes (ExcelApi 1.18): the message of a finding on its cell. */
  notes: boolean
  /** Data validation on cells (ExcelApi 1.8). */
  dataValidation: boolean
}

export function hostFeatures(): HostFeatures {
  return {
    notes: isExcelApiSupportedSafe('1.18'),
    dataValidation: isExcelApiSupportedSafe('1.8'),
  }
}

/**
 * Queues the read of the decimal separator Excel types numbers with (ExcelApi 1.11) into a batch
 * that syncs anyway, so it costs no round trip; the returned function gives it after that sync,
 * or null on a host that cannot say.
 */
export function queueDecimalSeparator(context: Excel.RequestContext): () => string | null {
  if (!isExcelApiSupportedSafe('1.11')) {
    return () => null
  }
  const format = context.application.cultureInfo.numberFormat.load('numberDecimalSeparator')
  return () => format.numberDecimalSeparator
}

/**
 * Whether the clerk must be told to type numbers without thousands dots: where the decimal
 * separator is ".", Excel reads a typed 25.000 as 25.
 */
export function typesDotDecimals(separator: string | null): boolean {
  return separator === '.'
}

/** Resolves once office.js (from the CDN or the local fallback) has loaded and is ready. */
export function officeReady(timeoutMs = 15_000): Promise<boolean> {
  const started = Date.now()
  return new Promise((resolve) => {
    const poll = (): void => {
      if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') {
        void Office.onReady().then((info) => resolve(info.host === Office.HostType.Excel))
      } else if (Date.now() - started > timeoutMs) {
        resolve(false)
      } else {
        setTimeout(poll, 50)
      }
    }
    poll()
  })
}
