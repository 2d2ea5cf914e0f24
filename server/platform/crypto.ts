import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const KEY_BYTES = 32;
const IV_BYTES = 12;

export interface MasterKeyResult {
  readonly key: Buffer;
  /** Set when the key file was created by this call. */
  readonly createdFile?: string;
}

/**
 * Loads the master key from the environment or from its file; creates the file (mode 0600) when it
 * does not exist yet. The master key only wraps other keys and must be backed up apart from the data.
 */
export function loadOrCreateMasterKey(source: { source: 'env'; value: string } | { source: 'file'; file: string }): MasterKeyResult {
  if (source.source === 'env') return { key: decodeKey(source.value, 'MASTER_KEY') };
  if (existsSync(source.file)) return { key: decodeKey(readFileSync(source.file, 'utf8').trim(), source.file) };
  mkdirSync(path.dirname(source.file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  writeFileSync(source.file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(source.file, 0o600);
  return { key, createdFile: source.file };
}

function decodeKey(text: string, origin: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`The master key in ${origin} is not 32 bytes of base64.`);
  return key;
}

/** AES-256-GCM with associated data; output `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function seal(key: Buffer, plaintext: string, associatedData: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** Opens what `seal` produced; throws when the key, data or associated data do not match. */
export function open(key: Buffer, sealed: string, associatedData: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unknown sealed value format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** SHA-256 in hex: for high-entropy secrets (session ids, API tokens, recovery codes), never passwords. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
