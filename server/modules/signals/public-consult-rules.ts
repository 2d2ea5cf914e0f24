import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual, sha256 } from '../../platform/crypto.ts';

/**
 * The rules of the public consult form (issue 11): a visitor without an account asks a question,
 * receives a reply code and chooses a passphrase; with both they read the answer later. Pure
 * functions, so the rules are tested without a database.
 */

/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or typed over is not mistaken. */
export const REPLY_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REPLY_CODE_GROUPS = 4;
export const REPLY_CODE_GROUP_LENGTH = 4;
const REPLY_CODE_LENGTH = REPLY_CODE_GROUPS * REPLY_CODE_GROUP_LENGTH;

export const PASSPHRASE_MIN_LENGTH = 12;
export const PASSPHRASE_MAX_LENGTH = 200;
export const PUBLIC_QUESTION_MAX_LENGTH = 4000;

/**
 * A new reply code, `7K3M-Q9XD-2HPT-W4RN`: 16 characters of 32 = 80 bits of chance, drawn without
 * modulo bias (each byte's low five bits pick a character).
 */
export function newReplyCode(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(REPLY_CODE_LENGTH);
  const characters = Array.from(bytes, (byte) => REPLY_CODE_ALPHABET[byte & 31]!);
  const groups: string[] = [];
  for (let index = 0; index < REPLY_CODE_LENGTH; index += REPLY_CODE_GROUP_LENGTH)
    groups.push(characters.slice(index, index + REPLY_CODE_GROUP_LENGTH).join(''));
  return groups.join('-');
}

/**
 * A typed code in its one stored form, or null when it cannot be a code: case, spaces and dashes
 * do not matter, and the letters people confuse with digits are read as Crockford reads them
 * (O → 0, I and L → 1).
 */
export function normaliseReplyCode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (compact.length !== REPLY_CODE_LENGTH) return null;
  for (const character of compact) if (!REPLY_CODE_ALPHABET.includes(character)) return null;
  const groups: string[] = [];
  for (let index = 0; index < REPLY_CODE_LENGTH; index += REPLY_CODE_GROUP_LENGTH) groups.push(compact.slice(index, index + REPLY_CODE_GROUP_LENGTH));
  return groups.join('-');
}

/** What is stored of a reply code: only its SHA-256 (the code carries 80 random bits, so no salt is needed). */
export function replyCodeHash(normalisedCode: string): string {
  return sha256(`consult-reply-v1\0${normalisedCode}`);
}

/** Why a passphrase is refused (an i18n key), or null when it will do. */
export function passphraseProblem(passphrase: string): string | null {
  if ([...passphrase].length < PASSPHRASE_MIN_LENGTH) return 'validation.consult.passphrase_too_short';
  if ([...passphrase].length > PASSPHRASE_MAX_LENGTH) return 'validation.consult.passphrase_too_long';
  return null;
}

/** How many tries a client address gets in a window, per kind of attempt. */
export interface RateWindow {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** Asking and answering back: a few messages an hour is plenty for a person, and stops a script filling the consult point. */
export const ASK_WINDOW: RateWindow = { limit: 10, windowSeconds: 3600 };
/** Reading: wrong codes or passphrases cost a try; ten in a quarter of an hour, then wait. */
export const READ_WINDOW: RateWindow = { limit: 10, windowSeconds: 15 * 60 };

/**
 * Pure rule of a sliding window: given the times (ms) of earlier attempts and now, may one more be
 * made, and if not, how many seconds until the oldest attempt leaves the window.
 */
export function windowVerdict(
  attempts: readonly number[],
  nowMs: number,
  window: RateWindow,
): { allowed: true; kept: number[] } | { allowed: false; kept: number[]; retryAfterSeconds: number } {
  const since = nowMs - window.windowSeconds * 1000;
  const kept = attempts.filter((at) => at > since).sort((a, b) => a - b);
  if (kept.length < window.limit) return { allowed: true, kept };
  const oldest = kept[kept.length - window.limit]!;
  return { allowed: false, kept, retryAfterSeconds: Math.max(1, Math.ceil((oldest + window.windowSeconds * 1000 - nowMs) / 1000)) };
}

/** How long the thread page lets a visitor answer back without typing code and passphrase again. */
export const REPLY_ACCESS_SECONDS = 30 * 60;

/**
 * After code and passphrase opened a thread, the answer-back form carries this instead of the
 * passphrase: the signal id and an expiry, signed with a key of the installation. Nothing secret is
 * in it (the id opens nothing without the signature), and it expires on its own.
 */
/** The key of reply access tokens, derived from the installation's master key. */
export function replyAccessKey(masterKey: Buffer): Buffer {
  return createHmac('sha256', masterKey).update('consult-reply-access-key-v1').digest();
}

export function replyAccessToken(key: Buffer, signalId: string, expiresAtMs: number): string {
  const payload = Buffer.from(`${signalId}.${expiresAtMs}`).toString('base64url');
  return `${payload}.${createHmac('sha256', key).update(`consult-reply-access-v1\0${payload}`).digest('base64url')}`;
}

/** The signal id a reply access token was made for, or null when it is altered, malformed or expired. */
export function signalOfReplyAccess(key: Buffer, token: string, nowMs: number): string | null {
  const [payload, mac, ...rest] = token.split('.');
  if (!payload || !mac || rest.length > 0) return null;
  const expected = createHmac('sha256', key).update(`consult-reply-access-v1\0${payload}`).digest('base64url');
  if (!constantTimeEqual(mac, expected)) return null;
  const [signalId, expiresAt, ...extra] = Buffer.from(payload, 'base64url').toString('utf8').split('.');
  if (!signalId || !expiresAt || extra.length > 0 || !/^\d+$/.test(expiresAt)) return null;
  return Number(expiresAt) > nowMs ? signalId : null;
}
