/**
 * @module The one place that touches `OfficeRuntime.storage`: the key-value store Excel shares
 * between the task pane and the JavaScript-only runtime that runs the CONGDOAN functions when the
 * add-in declares no shared runtime (that runtime has no web storage). Persistent, unencrypted,
 * 10 MB for the add-in's domain, string values only: what goes in is kept small and bounded by
 * its callers.
 */

/** What the add-in uses of `OfficeRuntime.storage`. */
export interface SharedStorage {
  getItem(key: string): Promise<string | null>
  setItem(key: string, value: string): Promise<void>
  removeItem(key: string): Promise<void>
}

/** `OfficeRuntime.storage`, or undefined outside Office (or before office.js has loaded). */
export function officeRuntimeStorage(): SharedStorage | undefined {
  const runtime = (globalThis as { OfficeRuntime?: { storage?: SharedStorage } }).OfficeRuntime
  return runtime?.storage
}
