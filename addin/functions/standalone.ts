/**
 * @module The manifest's functions script (functions.js), for Excel's JavaScript-only runtime
 * that runs custom functions apart from the pane (no shared runtime is declared: see
 * addin/README.md): built as a classic script, since such a runtime loads no modules, it
 * registers the functions on its own. With no web storage there, they take the session and the
 * kept figures from what the pane shares through OfficeRuntime.storage. In the pane's page the
 * functions are registered by taskpane.ts, which shares the session.
 */
import { associateFunctions } from './functions.ts'

associateFunctions()
