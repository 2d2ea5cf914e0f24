import { createRequire } from 'node:module';
import { hash, verify } from '@node-rs/argon2';

/**
 * Loads a package when first needed, not at start (and, from the precompiled bundle, from node_modules
 * rather than bundled): the common-password list is half a megabyte that only a password change reads.
 */
const loadOnFirstUse = createRequire(import.meta.url);

/** Algorithm.Argon2id of @node-rs/argon2 (a const enum, not importable under verbatimModuleSyntax). */
const ARGON2ID = 2;

/** argon2id parameters of SECURITY.md: 19 MiB memory, 2 iterations, 1 lane (OWASP minimum). */
export const ARGON2_PARAMETERS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Passwords are hashed exactly as typed (ASVS v5.0.0-6.2.8: no normalisation or truncation), so a
 * password with composed or decomposed accents is a different password.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMETERS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-but-same-cost');
  return dummyHash;
}

let commonPasswords: Set<string> | undefined;

/**
 * Is this one of the most used passwords (the zxcvbn-ts list of about 49,000, compared without
 * case)? Such passwords fall first to any guessing attack, whatever their length.
 */
export function isCommonPassword(password: string): boolean {
  if (!commonPasswords) {
    const { dictionary } = loadOnFirstUse('@zxcvbn-ts/language-common') as { dictionary: { passwords: readonly string[] } };
    commonPasswords = new Set(dictionary.passwords.map((entry) => entry.toLowerCase()));
  }
  return commonPasswords.has(password.toLowerCase());
}
