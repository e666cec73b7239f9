/**
 * @module The workbooks of a folder or a .zip of e-mailed reports, for `reports:import`: every
 * .xlsx (in subfolders too), in name order, leaving out Excel's lock files (`~$…`), hidden files
 * and the `__MACOSX` folder a Mac adds to a zip.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { zipEntries } from '../xlsx/zip.ts'

/** At most what an upload may be: an e-mailed template is tens of kilobytes. */
const FILE_LIMIT = 5 * 1024 * 1024

export interface ReportFile {
  /** The path within the folder or the zip, as printed. */
  file: string
  bytes: () => Promise<Uint8Array> | Uint8Array
}

function wanted(name: string): boolean {
  const parts = name.split(/[\\/]/)
  const base = parts.at(-1) ?? ''
  return (
    /\.xlsx$/i.test(base) &&
    !base.startsWith('~$') &&
    !parts.some((part) => part.startsWith('.') || part === '__MACOSX')
  )
}

async function folderFiles(root: string, under = ''): Promise<ReportFile[]> {
  const entries = await readdir(path.join(root, under), { withFileTypes: true })
  const files: ReportFile[] = []
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
    const relative = under ? `${under}/${entry.name}` : entry.name
    if (entry.isDirectory() && !entry.name.startsWith('.')) {
      files.push(...(await folderFiles(root, relative)))
    } else if (entry.isFile() && wanted(relative)) {
      files.push({
        file: relative,
        bytes: async () => {
          const full = path.join(root, relative)
          if ((await stat(full)).size > FILE_LIMIT) {
            throw new RangeError(`${relative} is over ${FILE_LIMIT} bytes`)
          }
          return readFile(full)
        },
      })
    }
  }
  return files
}

/** The report workbooks of a folder or a .zip; a message when it is neither. */
export async function reportFiles(source: string): Promise<ReportFile[] | { message: string }> {
  const info = await stat(source).catch(() => undefined)
  if (!info) {
    return { message: `không có ${source} / ${source} does not exist` }
  }
  if (info.isDirectory()) {
    return folderFiles(source)
  }
  // Each e-mailed workbook at most an upload's size; the folder as a whole as large as it is.
  const entries = zipEntries(await readFile(source), {
    entry: FILE_LIMIT,
    total: Number.MAX_SAFE_INTEGER,
  })
  if (entries === null) {
    return { message: `${source} không phải thư mục hay tệp .zip / not a folder or a .zip file` }
  }
  return entries
    .filter((entry) => wanted(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
    .map((entry) => ({ file: entry.name, bytes: () => entry.read(FILE_LIMIT) }))
}
