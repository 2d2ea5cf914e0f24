import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Field encryption with per-tenant data keys (SECURITY.md "Cryptography and keys"), as pure
 * functions. A sealed field is `k<version>.<iv>.<tag>.<ciphertext>` (base64url): AES-256-GCM under
 * the tenant's data key of that version, with the record id and field name as associated data, so a
 * value copied into another row or field does not open. The version prefix lets rotation re-encrypt
 * in batches while older values stay readable.
 */

export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

/** Associated data binding a value to where it belongs. */
export function fieldContext(table: string, recordId: string, field: string): string {
  return `${table}:${recordId}:${field}`;
}

export function sealField(dataKey: Buffer, version: number, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [`k${version}`, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** The key version a sealed field was written with (to pick the key, or to find fields to rotate). */
export function sealedVersion(sealed: string): number {
  const match = /^k(\d+)\./.exec(sealed);
  if (!match) throw new Error('Not a sealed field');
  return Number(match[1]);
}

/** Opens a sealed field; throws when the key, the value or its context do not match. */
export function openField(dataKey: Buffer, sealed: string, context: string): string {
  const [, iv, tag, body] = sealed.split('.');
  if (!iv || !tag || body === undefined) throw new Error('Not a sealed field');
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * Normalised family name for exact-match search: case, accents, spaces, hyphens and apostrophes do
 * not matter ("Van den Broeck", "vandenbroeck", "Van-Den Broëck" are one name).
 */
export function normaliseFamilyName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\-'’.]/g, '');
}

/**
 * HMAC blind index of a normalised family name and a birth date (YYYY-MM-DD): lets the consult point
 * ask "is this person already known?" without storing or comparing names in clear. The key is the
 * tenant's blind-index key, separate from its field key.
 */
export function personBlindIndex(indexKey: Buffer, familyName: string, birthDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw new Error('Birth date must be YYYY-MM-DD');
  return createHmac('sha256', indexKey)
    .update(`person-v1\u0000${normaliseFamilyName(familyName)}\u0000${birthDate}`)
    .digest('base64url');
}
