import type { FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.ts';

/*
 * Optimistic locking over HTTP: an answer names its record's version in `ETag`; a change sends it
 * back in `If-Match`. A stale version is the use case's 409 `conflict`.
 */

/** The `ETag` value of a record version: a strong tag holding the number, `"3"`. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The version named by `If-Match` (`3`, `"3"` or `W/"3"`), or null when the header is absent and not
 * required. A required but missing header, or a malformed one, is `validation_failed` on `If-Match`.
 */
export function versionFromIfMatch(request: FastifyRequest, required: boolean): number | null {
  const header = request.headers['if-match'];
  const missing = new AppError('validation_failed', [{ path: 'If-Match', messageKey: 'validation.if_match_required' }]);
  if (header === undefined || header === '') {
    if (required) throw missing;
    return null;
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(header).trim());
  if (!match) throw missing;
  return Number(match[1]);
}
