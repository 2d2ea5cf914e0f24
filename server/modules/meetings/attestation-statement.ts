/**
 * The confidentiality statement an attendee confirms before a meeting's agenda and case content open
 * (art. 458ter Criminal Code; law of 30 July 2018): secrecy, no duty to speak, the table's purpose
 * and modalities (its governance). The text lives in the locales under these keys; a change of its
 * meaning gets a new version, and an attestation records the version it confirmed.
 */
export const ATTESTATION_STATEMENT_VERSION = '2026-11';

export const ATTESTATION_STATEMENT_KEYS = [
  'meetings.attestation.secrecy',
  'meetings.attestation.no_duty_to_speak',
  'meetings.attestation.purpose_and_modalities',
] as const;

/** The statement's paragraphs in one language. */
export function attestationStatement(t: (key: string) => string): string[] {
  return ATTESTATION_STATEMENT_KEYS.map((key) => t(key));
}
