/**
 * The one rule for text that comes from outside (JSON bodies, forms, query strings, CLI input):
 * every input schema builds its strings with `text()` instead of `z.string()`.
 *
 * - NUL and the other C0 controls, DEL and the C1 controls are refused: PostgreSQL cannot store NUL
 *   (a 500 before this rule), and none of them belongs in a name, a search or an id. Multi-line
 *   fields (`text({ multiline: true })`) allow line feed, carriage return and tab, and nothing else.
 * - Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are
 *   refused too: they let a name display as something else ("Trojan Source" spoofing) and no real
 *   name needs them; right-to-left scripts display correctly without them. Refusing them at the door
 *   keeps every output (pages, API, mails, CSV) safe at once. The invisible marks U+200E/U+200F stay
 *   allowed: they cannot reorder text beyond their own position.
 *
 * The refusal is an ordinary validation error (`validation.control_characters`) on the field.
 */
import { z } from 'zod';

/** C0 controls, DEL and C1 controls, as a character-class range (for building patterns). */
export const CONTROL_RANGES = '\\u0000-\\u001f\\u007f-\\u009f';

/** Bidirectional embedding, override and isolate controls. */
const BIDI_CONTROLS = '\\u202a-\\u202e\\u2066-\\u2069';
/** Refused in single-line fields: every control character and the bidirectional controls. */
const CONTROL_SINGLE_LINE = `${CONTROL_RANGES}${BIDI_CONTROLS}`;
/** Refused in multi-line fields: the same, except tab, line feed and carriage return. */
const CONTROL_MULTILINE = `\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}`;

const SINGLE_LINE = new RegExp(`^[^${CONTROL_SINGLE_LINE}]*$`, 'u');
const MULTILINE = new RegExp(`^[^${CONTROL_MULTILINE}]*$`, 'u');

export const CONTROL_CHARACTERS_MESSAGE = 'validation.control_characters';

/** Does the value hold a character `text()` refuses (single-line rule unless `multiline`)? */
export function hasForbiddenCharacters(value: string, options: { multiline?: boolean } = {}): boolean {
  return !(options.multiline ? MULTILINE : SINGLE_LINE).test(value);
}

/** A string input without control or bidirectional-override characters; chain `.trim().min().max()` as usual. */
export function text(options: { multiline?: boolean } = {}) {
  return z.string().regex(options.multiline ? MULTILINE : SINGLE_LINE, { message: CONTROL_CHARACTERS_MESSAGE });
}

/** Identifiers of rows are UUIDs (platform/ids.ts `newId`). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
