/**
 * @module Benchmark of the rollup arithmetic: a 20,000-unit province and a 135,000-unit country,
 * every unit submitted, consolidated from scratch at every level with the real B01 form.
 */
import { cpus } from 'node:os'
import { performance } from 'node:perf_hooks'
import { defaultCatalog } from '../shared/form-catalog.ts'
import { RollupState, rollupForUnit, rollupsForTree } from '../shared/rollup.ts'
import { packValues, PackedValues } from '../shared/packed-values.ts'
import type { ValueLayout } from '../shared/packed-values.ts'
import { treeAt } from '../shared/unit-tree.ts'
import type { Period } from '../shared/api-schemas.ts'
import { syntheticCountry, syntheticProvince, syntheticSubmissions } from './fixtures.ts'

const form = defaultCatalog().get('B01')
if (form === undefined) {
  throw new Error('The catalog has no B01')
}
const period: Period = { id: '2026-H1', cutoff: '2026-05-31', deadline: '2026-06-05', open: true }
const gc = (globalThis as { gc?: () => void }).gc
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0)

function timed<T>(run: () => T): [T, number] {
  const start = performance.now()
  const result = run()
  return [result, performance.now() - start]
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const provinceUnits = syntheticProvince({ code: 'HN', grassroots: 19_866, seed: 1 })
const provinceSubmissions = syntheticSubmissions(provinceUnits, form, 2)
const provinceTree = treeAt(provinceUnits, period.cutoff)
const provinceInput = {
  tree: provinceTree,
  form,
  period,
  submissions: provinceSubmissions,
  view: 'latest' as const,
}
rollupsForTree(provinceInput)
const provinceTimes: number[] = []
for (let i = 0; i < 7; i++) {
  provinceTimes.push(timed(() => rollupsForTree(provinceInput))[1])
}
const [provinceRoot] = timed(() => rollupForUnit({ ...provinceInput, unit: 'HN' }))
const rootTimes: number[] = []
for (let i = 0; i < 7; i++) {
  rootTimes.push(timed(() => rollupForUnit({ ...provinceInput, unit: 'HN' }))[1])
}
const [, treeMs] = timed(() => treeAt(provinceUnits, period.cutoff))
const [state, stateMs] = timed(() => new RollupState(provinceInput))
const writeTimes: number[] = []
for (let i = 0; i < 50; i++) {
  const previous = provinceSubmissions[(i * 397) % provinceSubmissions.length]!
  const next = { ...previous, submittedAt: `2026-06-01T0${i % 10}:00:00Z`, revision: i }
  writeTimes.push(
    timed(() => {
      state.applySubmission(previous, next)
      return state.rollupFor('HN')
    })[1],
  )
  state.applySubmission(next, previous)
}

console.log(
  `rollup 20k province units: ${provinceTree.size} units, ${provinceSubmissions.length} submissions, ${form.rows.length} rows`,
)
console.log(`rollup 20k province, every level from scratch: ${median(provinceTimes).toFixed(1)} ms`)
console.log(
  `rollupForUnit 20k province root (${provinceRoot?.children.length} children): ${median(rootTimes).toFixed(1)} ms`,
)
console.log(`treeAt 20k province: ${treeMs.toFixed(1)} ms`)
console.log(`rollup state 20k province, built: ${stateMs.toFixed(1)} ms`)
console.log(
  `rollup 20k province root after one write, incremental: ${median(writeTimes).toFixed(2)} ms`,
)

gc?.()
const countryUnits = syntheticCountry({ provinces: 34, grassroots: 135_000, seed: 3 })
const countrySubmissions = syntheticSubmissions(countryUnits, form, 4)
gc?.()
const before = process.memoryUsage()
const [countryTree, countryTreeMs] = timed(() => treeAt(countryUnits, period.cutoff))
const countryInput = {
  tree: countryTree,
  form,
  period,
  submissions: countrySubmissions,
  view: 'latest' as const,
}
const [countryRollups, countryMs] = timed(() => rollupsForTree(countryInput))
const after = process.memoryUsage()
gc?.()
const retained = process.memoryUsage()

console.log(
  `rollup 135k country units: ${countryTree.size} units, ${countrySubmissions.length} submissions, ${countryRollups.size} rollups`,
)
console.log(
  `rollup 135k country, every level: ${countryMs.toFixed(0)} ms, heap ${mib(after.heapUsed)} MiB, rss ${mib(after.rss)} MiB`,
)
console.log(`treeAt 135k country: ${countryTreeMs.toFixed(0)} ms`)
console.log(
  `rollup 135k country, heap added by tree and rollups: ${mib(retained.heapUsed - before.heapUsed)} MiB`,
)

// The same country with each submission's numbers packed, as a store's latestValues hands them.
const layouts = new Map<string, ValueLayout>()
const packedSubmissions = countrySubmissions.map((sub) => {
  const { codes, numbers } = packValues(sub.values)
  const key = codes.join('\n')
  const layout = layouts.get(key) ?? { codes }
  layouts.set(key, layout)
  return { ...sub, values: new PackedValues(layout, numbers) }
})
const statePlain = timed(
  () => new RollupState({ ...countryInput, submissions: countrySubmissions }),
)
const statePacked = timed(
  () => new RollupState({ ...countryInput, submissions: packedSubmissions }),
)
console.log(
  `rollup state 135k country, built from plain values: ${statePlain[1].toFixed(0)} ms; from packed values: ${statePacked[1].toFixed(0)} ms (equal: ${JSON.stringify(statePlain[0].rollupFor('P0')) === JSON.stringify(statePacked[0].rollupFor('P0'))})`,
)
console.log(`rollup peak rss (whole process): ${mib(process.resourceUsage().maxRSS * 1024)} MiB`)
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`,
)
