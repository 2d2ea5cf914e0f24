import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { seal, sha256 } from '../../platform/crypto.ts';

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

/** The TOTP parameters of RFC 6238 that every common authenticator app understands. */
export function totpFor(secretBase32: string, label: string, issuer: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

export interface NewTotp {
  readonly secretBase32: string;
  readonly otpauthUri: string;
}

/** A fresh 160-bit TOTP secret and its otpauth:// URI for QR codes and scripts. */
export function newTotp(label: string, issuer: string): NewTotp {
  const secret = new Secret({ size: 20 });
  return { secretBase32: secret.base32, otpauthUri: totpFor(secret.base32, label, issuer).toString() };
}

/** The stored form of a TOTP secret: sealed with the master key, bound to its user. */
export function sealTotpSecret(masterKey: Buffer, userId: string, secretBase32: string): string {
  return seal(masterKey, secretBase32, `users.mfa_secret:${userId}`);
}

/**
 * Ten single-use recovery codes of five groups of five characters from a 31-letter alphabet
 * (e.g. `k3mp7-qxatt-v2rn8-...`): 5 × 5 × log2(31) ≈ 124 bits each, above the 112 bits that
 * ASVS v5.0.0-6.5.2 asks for when a code is stored with a plain (unsalted) hash.
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('')).join('-'),
  );
}

/** With ≥112 bits of entropy a plain SHA-256 of the normalised code is a safe stored form. */
export function hashRecoveryCode(code: string): string {
  return sha256(code.trim().toLowerCase().replace(/\s+/g, ''));
}
