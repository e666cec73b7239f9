/**
 * @module Tests of what each role allows, act by act: the one table the worker checks and the pane
 * hides buttons by.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ACTS, mayDo, ROLES, type Act, type Role } from '../../shared/accounts.ts'

const acts = Object.keys(ACTS) as Act[]
const allowed = (roles: readonly Role[] | null) => acts.filter((act) => mayDo(roles, act))

describe('what a role allows', () => {
  it('gives each role alone the acts of issue 13', () => {
    expect(allowed(['lập-biểu'])).toEqual(['submitOwn'])
    expect(allowed(['duyệt'])).toEqual(['review', 'enterOnBehalf', 'setTargets'])
    expect(allowed(['quản-trị'])).toEqual(['administer'])
    expect(allowed([])).toEqual([])
  })

  it('lets a unit key do everything its unit may', () => {
    expect(allowed(null)).toEqual(acts)
  })

  it('gives several roles exactly the acts of each, whatever their order', () => {
    fc.assert(
      fc.property(fc.subarray([...ROLES]), fc.constantFrom(...acts), (roles, act) => {
        const reversed = [...roles].reverse()
        expect(mayDo(roles, act)).toBe(roles.some((role) => mayDo([role], act)))
        expect(mayDo(reversed, act)).toBe(mayDo(roles, act))
      }),
    )
  })
})
