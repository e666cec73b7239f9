/**
 * @module The subtree rule of design.md: a token's unit writes its own reports, reads, reviews
 * and enters on behalf of units in its subtree, and sees nothing outside it. An unknown unit is a
 * 404; a known unit outside the subtree is a 403 `NOT_YOURS` (codes are not secret, figures are).
 */
import type { Unit, UnitTree } from '../shared/unit-tree.ts'
import type { Session } from './context.ts'
import { ApiError } from './errors.ts'
import { ACTS, allows, type ActingPerson, type Permission, type Role } from '../shared/accounts.ts'

/** Who acts in a session, for the audit log: the unit, and the person when one signed in. */
export function actorOf(
  session: Session,
  address: string | null,
): { actor: string; person: string | null; address: string | null } {
  return { actor: session.unit, person: personLabel(session), address }
}

/** The session's person as a record names them (login and name now), or null for a unit key. */
export function actingPerson(session: Session): ActingPerson | null {
  return session.person ? { login: session.person.login, name: session.person.name } : null
}

/** `Name <login>` of the session's person, or null for a unit key. */
export function personLabel(session: Session): string | null {
  return session.person ? `${session.person.name} <${session.person.login}>` : null
}

/** The role that grants each permission, named in the 403. */
const ROLE_FOR: Record<Permission, Role> = {
  enter: 'lập-biểu',
  review: 'duyệt',
  administer: 'quản-trị',
}

/**
 * A person's roles must allow the act (a unit key has the unit's full rights): 403
 * `ROLE_REQUIRED` naming the role otherwise.
 */
export function requirePermission(session: Session, permission: Permission): void {
  if (!allows(session.person?.roles ?? null, permission)) {
    throw new ApiError('ROLE_REQUIRED', { params: { role: ROLE_FOR[permission] } })
  }
}

/** The unit, when the session may see it. */
export function visibleUnit(tree: UnitTree, session: Session, code: string): Unit {
  const unit = tree.get(code)
  if (!unit) {
    throw new ApiError('UNIT_NOT_FOUND', { params: { unit: code } })
  }
  if (!tree.isInSubtree(session.unit, code)) {
    throw new ApiError('NOT_YOURS', { params: { unit: code } })
  }
  return unit
}

/** The unit, when the session's unit is a strict ancestor of it (reviews). */
export function reviewableUnit(tree: UnitTree, session: Session, code: string): Unit {
  const unit = visibleUnit(tree, session, code)
  if (session.unit === code) {
    throw new ApiError('OWN_REPORT')
  }
  requirePermission(session, ACTS.review)
  return unit
}

/** Whether the session's unit is a root of the tree (the administrator: LĐLĐ tỉnh). */
function isRoot(tree: UnitTree, session: Session): boolean {
  const unit = tree.get(session.unit)
  return unit !== undefined && unit.parent === null
}

/**
 * Administration of one unit (its keys): the session's unit must be a root (LĐLĐ tỉnh, or a
 * national root above the provinces) and the unit in its subtree. A root administers its own tree,
 * never another root's: 403 `ROOT_ONLY` otherwise, `NOT_YOURS` for a unit of another tree.
 */
export function requireAdministratorOf(tree: UnitTree, session: Session, code: string): Unit {
  if (!isRoot(tree, session)) {
    throw new ApiError('ROOT_ONLY')
  }
  requirePermission(session, ACTS.administer)
  return visibleUnit(tree, session, code)
}

/**
 * Administration of what the whole store shares (periods, form versions, the unit list, the audit
 * log): the session's unit must be the one root of today's tree, whose subtree is everything.
 * When the store holds a second parentless unit (which `units:import` now refuses), neither
 * administers the other's tree through these.
 */
export function requireAdministratorOfAll(tree: UnitTree, session: Session): void {
  if (!isRoot(tree, session) || tree.roots.length !== 1) {
    throw new ApiError('ROOT_ONLY')
  }
  requirePermission(session, ACTS.administer)
}
