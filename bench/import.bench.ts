/**
 * @module Benchmark of importing e-mailed templates (reports:import) beside what an IT-minded
 * clerk would script: 753 filled B01 templates of a Bắc Kạn-sized province in a folder; an
 * ExcelJS script opens each and sums its figures, and the import reads, checks and stores each
 * (a fresh SQLite store every pass, synchronous=FULL), in the same process, passes alternating.
 * Target: the import takes at most half the script's time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import ExcelJS from 'exceljs'
import { defaultCatalog } from '../shared/form-catalog.ts'
import { demoUnits, grassrootsFigures } from '../worker/demo.ts'
import { prng } from '../worker/prng.ts'
import { reportFiles } from '../worker/admin/report-files.ts'
import { importReportFiles, type ImportLine } from '../worker/reports-import.ts'
import { openSqliteStore } from '../worker/store/sqlite/store.ts'
import { createUnitDirectory } from '../worker/unit-directory.ts'
import { templateWorkbook } from '../worker/xlsx/template.ts'

const PASSES = 3
const FILES = 753
const PERIOD = { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true }
const catalog = defaultCatalog()
const form = catalog.get('B01')!
const units = demoUnits()
const grassroots = units.filter((unit) => unit.level === 'grassroots')
const dir = mkdtempSync(path.join(tmpdir(), 'import-bench-'))
const folder = path.join(dir, 'email')

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/** One filled template per grassroots union, as each downloaded it for its unit and typed it in. */
async function writeFolder(): Promise<void> {
  const { mkdirSync } = await import('node:fs')
  mkdirSync(folder)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(
    Buffer.from(
      await templateWorkbook(form, { periodId: PERIOD.id, cutoff: PERIOD.cutoff }),
    ) as unknown as ArrayBuffer,
  )
  const sheet = workbook.worksheets[0]!
  const rows = new Map<string, ExcelJS.Row>()
  let codeColumn = 0
  sheet.eachRow((row) => {
    row.eachCell((cell, c) => {
      if (cell.value === 'Mã dòng') {
        codeColumn = c
      }
    })
  })
  sheet.eachRow((row) => {
    const code = row.getCell(codeColumn).value
    if (typeof code === 'string') {
      rows.set(code, row)
    }
  })
  // Every CĐCS of the demo province, then corrections resent by the first few, up to 753 files
  // (Bắc Kạn's count of CĐCS): a corrected file is stored as the unit's next revision.
  const sends = [
    ...grassroots.map((unit) => ({ unit, name: unit.code, drift: 1 })),
    ...grassroots
      .slice(0, FILES - grassroots.length)
      .map((unit) => ({ unit, name: `${unit.code} (sua lai)`, drift: 1.02 })),
  ]
  for (const { unit, name, drift } of sends) {
    sheet.getRow(3).getCell(codeColumn).value = `unit=${unit.code}`
    const values = grassrootsFigures(prng(unit.code.length * 7919 + unit.workers), unit, 12, drift)
    for (const [code, row] of rows) {
      if (code in values) {
        row.getCell(4).value = values[code] ?? null
      }
    }
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer())
    writeFileSync(path.join(folder, `${name}.xlsx`), bytes)
  }
}

/** The clerk's script: open every workbook with ExcelJS and add up column D by row code. */
async function excelJsScript(): Promise<{ ms: number; members: number }> {
  const start = performance.now()
  const files = await reportFiles(folder)
  if (!Array.isArray(files)) {
    throw new Error(files.message)
  }
  const totals = new Map<string, number>()
  for (const { file } of files) {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await readFile(path.join(folder, file))) as unknown as ArrayBuffer)
    workbook.worksheets[0]?.eachRow((row) => {
      const code = row.getCell(6).value
      const value = row.getCell(4).value
      if (typeof code === 'string' && typeof value === 'number') {
        totals.set(code, (totals.get(code) ?? 0) + value)
      }
    })
  }
  return { ms: performance.now() - start, members: totals.get('members.total') ?? 0 }
}

/** reports:import over the folder into a fresh store, as `npm run admin` runs it. */
async function importFolder(pass: number): Promise<{ ms: number; lines: ImportLine[] }> {
  const store = openSqliteStore({ path: path.join(dir, `store-${pass}.sqlite`) })
  const admin = { actor: 'admin', address: null }
  await store.importUnits(units, { ...admin, action: 'units.import', target: 'bench', details: {} })
  await store.savePeriod(PERIOD, {
    ...admin,
    action: 'period.open',
    target: PERIOD.id,
    details: {},
  })
  const start = performance.now()
  const files = await reportFiles(folder)
  if (!Array.isArray(files)) {
    throw new Error(files.message)
  }
  const services = { store, catalog, units: createUnitDirectory(store), now: () => new Date() }
  const lines = await importReportFiles(
    services,
    { by: 'BK', period: PERIOD.id, address: null },
    files,
    () => undefined,
  )
  const ms = performance.now() - start
  const again = performance.now()
  const second = await importReportFiles(
    services,
    { by: 'BK', period: PERIOD.id, address: null },
    files,
    () => undefined,
  )
  if (pass === 0) {
    const stored = second.filter((line) => line.outcome === 'stored').length
    console.log(
      `  second run over the same folder: ${(performance.now() - again).toFixed(0)} ms, ${stored} stored`,
    )
  }
  await store.close()
  return { ms, lines }
}

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`,
)
const made = performance.now()
await writeFolder()
console.log(
  `${FILES} filled templates written in ${((performance.now() - made) / 1000).toFixed(1)} s`,
)
const script: number[] = []
const imported: number[] = []
for (let pass = 0; pass < PASSES; pass++) {
  const s = await excelJsScript()
  script.push(s.ms)
  const i = await importFolder(pass)
  imported.push(i.ms)
  if (pass === 0) {
    const counts = new Map<string, number>()
    for (const line of i.lines) {
      counts.set(line.outcome, (counts.get(line.outcome) ?? 0) + 1)
    }
    console.log(
      `  import outcomes: ${JSON.stringify(Object.fromEntries(counts))}; script's members total ${s.members}`,
    )
  }
}
const scriptMs = median(script)
const importMs = median(imported)
console.log(
  `ExcelJS open-and-sum script, ${FILES} files, median of ${PASSES}: ${scriptMs.toFixed(0)} ms (${(scriptMs / FILES).toFixed(2)} ms a file)`,
)
console.log(
  `reports:import (read, check, store), ${FILES} files, median of ${PASSES}: ${importMs.toFixed(0)} ms (${(importMs / FILES).toFixed(2)} ms a file)`,
)
console.log(
  `import / script: ${(importMs / scriptMs).toFixed(2)}× (target ≤ 0.5×) [runs: script ${script.map((x) => x.toFixed(0)).join(', ')}; import ${imported.map((x) => x.toFixed(0)).join(', ')}]`,
)
rmSync(dir, { recursive: true, force: true })
