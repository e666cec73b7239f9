/**
 * @module The simulated `OfficeRuntime.storage`: one key-value store of strings for the add-in's
 * origin, shared by the pane's page and the functions' runtime (a worker), as Excel shares it
 * between the task pane and the JavaScript-only runtime. It lives in IndexedDB, which both see
 * and which outlives a page, as Excel's storage does. A value that is not a string is refused, as
 * Excel refuses it.
 */

const DB = 'fake-office-runtime'
const STORE = 'storage'

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error('indexedDB'))
  })
}

const database = open()

async function inStore<T>(
  mode: IDBTransactionMode,
  act: (store: IDBObjectStore) => IDBRequest,
): Promise<T> {
  const db = await database
  return new Promise<T>((resolve, reject) => {
    const request = act(db.transaction(STORE, mode).objectStore(STORE))
    request.onsuccess = () => resolve(request.result as T)
    request.onerror = () => reject(request.error ?? new Error('indexedDB'))
  })
}

export const fakeRuntimeStorage = {
  async getItem(key: string): Promise<string | null> {
    return (await inStore<string | undefined>('readonly', (s) => s.get(key))) ?? null
  },
  async setItem(key: string, value: string): Promise<void> {
    if (typeof value !== 'string') {
      throw new Error('OfficeRuntime.storage keeps strings only')
    }
    await inStore('readwrite', (s) => s.put(value, key))
  },
  async removeItem(key: string): Promise<void> {
    await inStore('readwrite', (s) => s.delete(key))
  },
  /** Every key, for the tests (Excel's storage has getKeys too). */
  getKeys(): Promise<string[]> {
    return inStore<IDBValidKey[]>('readonly', (s) => s.getAllKeys()).then((keys) =>
      keys.map(String),
    )
  },
}

/** Where the pane's page tells the functions' runtime that Excel recalculates every formula. */
export const CALCULATION_CHANNEL = 'fake-excel.calculation'
