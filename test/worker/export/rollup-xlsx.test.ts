/** @module Tests of the .xlsx export's helpers: times written as a clerk in Vietnam reads them. */
import { describe, expect, it } from 'vitest'
import { vietnamDateTime } from '../../../worker/export/rollup-xlsx.ts'

describe('vietnamDateTime', () => {
  it('writes dd/mm/yyyy hh:mm in Vietnam time, past midnight there when UTC is still the day before', () => {
    expect(vietnamDateTime(new Date('2026-11-23T03:00:00Z'))).toBe('23/11/2026 10:00')
    expect(vietnamDateTime(new Date('2026-12-31T17:05:59Z'))).toBe('01/01/2027 00:05')
    expect(vietnamDateTime(new Date('2026-02-28T16:59:00Z'))).toBe('28/02/2026 23:59')
  })
})
