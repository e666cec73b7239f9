/**
 * @module The simulated JavaScript-only runtime in which Excel runs custom functions when the
 * add-in declares no shared runtime: run in a worker (no DOM, no localStorage, no sessionStorage),
 * it gives `CustomFunctions` and `OfficeRuntime.storage` (shared with the pane's page), then loads
 * the manifest's functions.js alone. It holds a sheet of formulas, recalculated when the pane's
 * page asks Excel for a full recalculation. Test code drives it through `self.fakeFunctions`.
 */
import { calculate, customFunctions, type Calculated } from './fake-functions.ts'
import { CALCULATION_CHANNEL, fakeRuntimeStorage } from './fake-storage.ts'

/** The sheet's formulas and what they showed after the last recalculation. */
let formulas: string[] = []
let shown: Calculated[] = []
let recalculations = 0

async function recalculate(): Promise<Calculated[]> {
  recalculations++
  shown = await calculate(formulas)
  return shown
}

const fakeFunctions = {
  /** Recalculates formulas that are not on the sheet, as a test asks. */
  calculate,
  /** Types formulas into the sheet (replacing what was there): Excel calculates them at once. */
  enter(list: string[]): Promise<Calculated[]> {
    formulas = [...list]
    return recalculate()
  },
  /** What the sheet's formulas show now. */
  shown(): Calculated[] {
    return shown
  },
  /** How many times the sheet was recalculated. */
  recalculations(): number {
    return recalculations
  },
  storage: fakeRuntimeStorage,
}

new BroadcastChannel(CALCULATION_CHANNEL).onmessage = () => void recalculate()

Object.assign(self, {
  CustomFunctions: customFunctions,
  OfficeRuntime: { storage: fakeRuntimeStorage },
  fakeFunctions,
})
