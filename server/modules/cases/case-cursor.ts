import { AppError } from '../../platform/errors.ts';

/** Keyset cursors of the case module's lists (cases, items): opaque to clients, refused when foreign. */

/** Where a page of the case list ends: the sort key and id of its last row. */
export interface CaseListCursor {
  readonly key: string;
  readonly id: string;
}

export function encodeCaseCursor(cursor: CaseListCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), 'utf8').toString('base64url');
}

/** A cursor this server made, null when none was given; anything else is a validation error on `cursor` (as on every list). */
export function decodeCaseCursor(value: string | undefined): CaseListCursor | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && parsed[1] !== '') {
      return { key: parsed[0], id: parsed[1] };
    }
  } catch {
    // not a cursor of ours
  }
  throw new AppError('validation_failed', [{ path: 'cursor', messageKey: 'validation.invalid' }]);
}
