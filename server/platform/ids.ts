import { randomBytes, randomUUID } from 'node:crypto';

/** Opaque identifier for a new row (UUID v4). */
export function newId(): string {
  return randomUUID();
}

/** A URL-safe random secret with `bytes` bytes of entropy (default 32 = 256 bits). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
