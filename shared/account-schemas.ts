/**
 * @module The zod schemas of a person's role and login, apart from shared/accounts.ts, which the
 * pane imports: without zod there, the pane's first download stays without it.
 */
import * as z from 'zod'
import { ROLES } from './accounts.ts'

export const roleSchema = z.enum(ROLES)

/** A login as compared and stored: trimmed, lower case (an e-mail or a short name). */
export const loginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._@+-]{3,100}$/)
  .meta({ example: 'lan@bk.vn' })
