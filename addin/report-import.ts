/**
 * @module "Nhập báo cáo gửi qua e-mail": the .xlsx files a clerk chose, sent to the worker one
 * after another (a slow link carries one at a time), each answered by its line; and the summary
 * the pane shows when they are all done.
 */
import { UPLOAD_LIMIT, type ImportLineResponse } from '../shared/api-schemas.ts'

/** What the pane needs of the API client: one file in, its line out. */
export type ImportOne = (
  file: Blob & { name: string },
) => Promise<
  { ok: true; data: ImportLineResponse } | { ok: false; error: { code: string; message: string } }
>

/** A line for a file the worker could not be asked about (no connection, a refusal). */
function failedLine(name: string, error: { code: string; message: string }): ImportLineResponse {
  if (error.code === 'PAYLOAD_TOO_LARGE' || error.code === 'WORKBOOK_TOO_LARGE') {
    return tooLarge(name)
  }
  return { file: name, outcome: 'unreadable', message: `${error.message} (${error.code})` }
}

/** The clerk's line for a file over the limit: what is wrong with it, and what to do. */
function tooLarge(name: string): ImportLineResponse {
  const limit = UPLOAD_LIMIT / 1024 / 1024
  return {
    file: name,
    outcome: 'unreadable',
    message: `tệp quá lớn (tối đa ${limit} MB); một mẫu báo cáo chỉ vài chục KB, hãy kiểm tra đúng tệp chưa / the file is too large (at most ${limit} MB)`,
  }
}

/** Sends the files in the order chosen; `onLine` gets each file's line as it comes. */
export async function importFiles(
  files: readonly (Blob & { name: string })[],
  importOne: ImportOne,
  onLine: (line: ImportLineResponse) => void,
): Promise<ImportLineResponse[]> {
  const lines: ImportLineResponse[] = []
  for (const file of files) {
    if (file.size > UPLOAD_LIMIT) {
      // Said at once, rather than after minutes of sending on a slow line.
      const line = tooLarge(file.name)
      lines.push(line)
      onLine(line)
      continue
    }
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
