/**
 * @module People signed in under a unit (tài khoản) and their roles there: what each role allows,
 * act by act, the rule on passwords, who acted on a record. Pure, shared by the worker (which
 * refuses an act the roles do not allow) and the pane (which hides it); the zod schemas of a role
 * and a login are in account-schemas.ts, so that the pane's first download holds no zod.
 */

/**
 * `lập-biểu` enters and submits the unit's own reports; `duyệt` reviews the subtree's reports and
 * enters on their behalf; `quản-trị` administers accounts, keys, periods and units. A person who
 * both enters and reviews holds both roles.
 */
export const ROLES = ['lập-biểu', 'duyệt', 'quản-trị'] as const
export type Role = (typeof ROLES)[number]

/** What a session may do: a unit key may do all; a person, what their roles allow. */
export type Permission = 'enter' | 'review' | 'administer'

const GRANTS: Record<Role, readonly Permission[]> = {
  'lập-biểu': ['enter'],
  duyệt: ['review'],
  'quản-trị': ['administer'],
}

/** Whether roles (null: a unit key, the unit's full rights) allow `permission`. */
export function allows(roles: readonly Role[] | null, permission: Permission): boolean {
  return roles === null || roles.some((role) => GRANTS[role].includes(permission))
}

/**
 * The acts a person's roles are checked for, and the permission each needs: the worker refuses
 * (ROLE_REQUIRED) and the pane hides every act the roles do not allow, from this one table.
 * Reading (status, rollups, figures) needs no role: the subtree rule alone decides it.
 */
export const ACTS = {
  /** Enter and submit the unit's own report. */
  submitOwn: 'enter',
  /** Accept or return the report of a unit below. */
  review: 'review',
  /** Enter the report of a unit below (nhập hộ): the pane's sheet, an e-mailed template. */
  enterOnBehalf: 'review',
  /** Set the targets of the units below. */
  setTargets: 'review',
  /** Accounts, keys, periods and units. */
  administer: 'administer',
} as const satisfies Record<string, Permission>

export type Act = keyof typeof ACTS

/**
 * Whether roles (null: a unit key) allow the act.
 *
 * @example
 * mayDo(['lập-biểu'], 'review') // false
 * mayDo(null, 'review') // true: a unit key has the unit's full rights
 */
export function mayDo(roles: readonly Role[] | null, act: Act): boolean {
  return allows(roles, ACTS[act])
}

/** The smallest length of a password (mật khẩu). */
export const PASSWORD_MIN_LENGTH = 10

export type PasswordWeakness = 'tooShort' | 'equalsLogin' | 'equalsUnit'

/** Why a password is refused, or null when it is accepted. */
export function passwordWeakness(
  password: string,
  login: string,
  unit: string,
): PasswordWeakness | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    return 'tooShort'
  }
  const folded = password.trim().toLowerCase()
  if (folded === login.toLowerCase()) {
    return 'equalsLogin'
  }
  if (folded === unit.toLowerCase()) {
    return 'equalsUnit'
  }
  return null
}

/**
 * The person who did an act (người thực hiện), recorded beside the unit: their login and their
 * display name at that time, so a later rename or a disabled account leaves the record as it was.
 * Where a record has none, a unit key (khóa đơn vị) was used.
 */
export interface ActingPerson {
  login: string
  name: string
}

/** How a record names who acted: the person's name, or "khóa đơn vị" for a unit key. */
export function actedByText(person: ActingPerson | null, locale: 'vi' | 'en' = 'vi'): string {
  if (person) {
    return person.name
  }
  return locale === 'vi' ? 'khóa đơn vị' : 'unit key'
}

/** Who acted, with their unit: "Nguyễn Thị Lan (BK.GD)", or "BK.GD (khóa đơn vị)" for a unit key. */
export function actedByWithUnit(
  unit: string,
  person: ActingPerson | null,
  locale: 'vi' | 'en' = 'vi',
): string {
  return person ? `${person.name} (${unit})` : `${unit} (${actedByText(null, locale)})`
}
