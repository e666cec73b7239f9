/**
 * @module Access keys (mã truy cập) of units: generated, formatted for people to type, and kept
 * only as salted scrypt hashes. A key's first group is its id among the unit's keys: stored in
 * the clear beside the hash, it lets sign-in verify the one key it names with one scrypt, so the
 * time of an answer tells nothing of how many keys a unit has.
 */
import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/** Crockford's base-32 alphabet: no I, L, O or U, so a key read aloud is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

export interface ScryptCost {
  N: number
  r: number
  p: number
}

/** OWASP's minimum for scrypt; tests pass a cheaper cost to stay quick. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 16384, r: 8, p: 1 }

function formatKey(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < 16; i++) {
    text += ALPHABET[(bytes[i] ?? 0) % 32]
  }
  return text.match(/.{4}/g)?.join('-') ?? text
}

/** A new random key of 80 bits, `XXXX-XXXX-XXXX-XXXX`. */
export function generateKey(): string {
  return formatKey(randomBytes(16))
}

/**
 * The demo key of a unit, derived from the installation's secret: the same on every start of
 * one data directory (so it can be printed again), unknowable without the secret.
 */
export function demoKey(secret: string, unit: string): string {
  return formatKey(createHmac('sha256', secret).update(`demo-key:${unit}`).digest())
}

/** What a user typed, made comparable: spaces and dashes dropped, upper case. */
export function normalizeKey(key: string): string {
  return key.replace(/[\s-]/g, '').toUpperCase()
}

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r }, (error, hash) =>
      error ? reject(error) : resolve(hash),
    )
  })
}

/** The id part of a key: its first group of four characters (20 of its 80 bits). */
export function keyHint(key: string): string {
  return normalizeKey(key).slice(0, 4)
}

/**
 * `scrypt$N$r$p$salt$hash$hint` (base64url, the hint as typed), the only form in which a key is
 * stored. Keys stored before the hint have six fields.
 */
export function hashKey(key: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  return hashSecret(normalizeKey(key), cost, keyHint(key))
}

/** `scrypt$N$r$p$salt$hash` of a secret as it is compared, then any `extra` fields. */
async function hashSecret(secret: string, cost: ScryptCost, ...extra: string[]): Promise<string> {
  const salt = randomBytes(16)
  const hash = await derive(secret, salt, cost)
  return [
    'scrypt',
    cost.N,
    cost.r,
    cost.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
    ...extra,
  ].join('$')
}

/**
 * The stored hashes a typed key may match: the one whose hint it carries (two only if the unit's
 * keys share a first group, one time in a million), and any stored before hints, which must still
 * be tried one by one.
 */
export function keyCandidates<K extends { hash: string }>(stored: readonly K[], key: string): K[] {
  const hint = keyHint(key)
  return stored.filter((candidate) => {
    const stored = candidate.hash.split('$')[6]
    return stored === undefined || stored === hint
  })
}

export function verifyKey(key: string, stored: string): Promise<boolean> {
  return verifySecret(normalizeKey(key), stored)
}

/** A password as typed: only its Unicode form is made one (a password is compared exactly). */
function normalizePassword(password: string): string {
  return password.normalize('NFC')
}

/** `scrypt$N$r$p$salt$hash` of a person's password (mật khẩu), the only form it is stored in. */
export function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  return hashSecret(normalizePassword(password), cost)
}

export function verifyPassword(password: string, stored: string): Promise<boolean> {
  return verifySecret(normalizePassword(password), stored)
}

async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) {
    return false
  }
  const expected = Buffer.from(hash, 'base64url')
  const actual = await derive(secret, Buffer.from(salt, 'base64url'), {
    N: Number(N),
    r: Number(r),
    p: Number(p),
  })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
