/**
 * @module The manifest's functions script (functions.js), for a host that runs custom functions
 * apart from the pane, in a JavaScript-only runtime: built as a classic script, since such a
 * runtime loads no modules, it registers the functions on its own. Without web storage there it
 * finds no session and each figure says "Chưa đăng nhập". In the pane's page the functions are
 * registered by taskpane.ts, which shares the session.
 */
import { associateFunctions } from './functions.ts'

associateFunctions()
