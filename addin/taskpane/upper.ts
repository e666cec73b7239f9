/**
 * @module What only an upper union does in the pane: its units below and their review (desk.ts),
 * nhập hộ and e-mailed reports (on-behalf.ts), the rollup with its analysis (rollup.ts). The
 * pane loads it in a chunk of its own once such a unit signs in, so a grassroots clerk, on the
 * slowest connections, never downloads it.
 */
export { acceptSelection, loadStatus, renderDesk, showSelected } from './desk.ts'
export {
  importChosenFiles,
  proxyCheckOnly,
  proxyInsert,
  proxySubmit,
  renderOnBehalf,
} from './on-behalf.ts'
export { drillDown, fillRollupChoices, pull, renderRollupUnitName, unitSearch } from './rollup.ts'
