/** @module Runs every benchmark in bench/ one after another, each in its own process, and prints its figures. */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const only = process.argv.slice(2)
const benches = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort()

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`,
)
let failed = 0
for (const file of benches) {
  console.log(`\n## ${file}`)
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `${here}${file}`], {
    stdio: 'inherit',
  })
  if (run.status !== 0) {
    failed += 1
    console.log(`${file} failed with exit code ${run.status}`)
  }
}
process.exit(failed === 0 ? 0 : 1)
