import type { FieldIssue } from '../../platform/errors.ts';

/**
 * An organisation's cooperation protocol is signed on a day that has come: never after today (in
 * Brussels, platform/calendar-days.ts). Pure; answers the field problem the API and the admin page show.
 */
export function protocolDateProblems(protocolSignedOn: string | null | undefined, today: string): FieldIssue[] {
  if (protocolSignedOn === null || protocolSignedOn === undefined || protocolSignedOn <= today) return [];
  return [{ path: 'protocolSignedOn', messageKey: 'validation.date.protocol_in_future' }];
}
