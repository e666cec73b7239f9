/**
 * @module "Nhập báo cáo gửi qua e-mail": the .xlsx files a clerk chose, sent to the worker one
 * after another (a slow link carries one at a time), each answered by its line; and the summary
 * the pane shows when they are all done.
 */
import type { ImportLineResponse } from '../shared/api-schemas.ts'

/** What the pane needs of the API client: one file in, its line out. */
export type ImportOne = (
  file: Blob & { name: string },
) => Promise<
  { ok: true; data: ImportLineResponse } | { ok: false; error: { code: string; message: string } }
>

/** A line for a file the worker could not be asked about (no connection, a refusal). */
function failedLine(name: string, error: { code: string; message: string }): ImportLineResponse {
  return { file: name, outcome: 'unreadable', message: `${error.message} (${error.code})` }
}

/** Sends the files in the order chosen; `onLine` gets each file's line as it comes. */
export async function importFiles(
  files: readonly (Blob & { name: string })[],
  importOne: ImportOne,
  onLine: (line: ImportLineResponse) => void,
): Promise<ImportLineResponse[]> {
  const lines: ImportLineResponse[] = []
  for (const file of files) {
    const result = await importOne(file)
    const line = result.ok ? result.data : failedLine(file.name, result.error)
    lines.push(line)
    onLine(line)
  }
  return lines
}

/** How many files were stored, were already there, and were not taken. */
export function importCounts(lines: readonly ImportLineResponse[]) {
  const stored = lines.filter((line) => line.outcome === 'stored').length
  const duplicate = lines.filter((line) => line.outcome === 'duplicate').length
  return { stored, duplicate, refused: lines.length - stored - duplicate }
}
