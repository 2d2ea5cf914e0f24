/** The words of network inquiries (docs/glossary.md: netwerkbevraging · consultation du réseau · network inquiry). */

/** named: the coordinator chooses the organisations; blind: only organisations whose client register matches. */
export const INQUIRY_MODES = ['named', 'blind'] as const;
export type InquiryMode = (typeof INQUIRY_MODES)[number];

/** open: answers may come; expired: the answers were erased. */
export const INQUIRY_STATUSES = ['open', 'closed', 'expired'] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

/** Does the organisation know the person? `declined` is always allowed: no partner has a duty to speak. */
export const INQUIRY_ANSWERS = ['yes', 'no', 'declined'] as const;
export type InquiryAnswer = (typeof INQUIRY_ANSWERS)[number];

/** Days from today to the deadline when the coordinator sets none. */
export const DEFAULT_DEADLINE_DAYS = 10;
/** Days from the start after which the answers are erased (unless the signal became a case). */
export const ANSWER_RETENTION_DAYS = 30;
/** The reminder goes this many days before the deadline. */
export const REMINDER_DAYS_BEFORE = 2;

/** Job kinds of the module (server/modules/jobs). */
export const INQUIRY_REMINDER_JOB = 'inquiry.reminder';
export const INQUIRY_EXPIRY_JOB = 'inquiry.expire';

/** The purpose recorded with every audited read of an inquiry. */
export const INQUIRY_PURPOSES = ['consult_point', 'asked_organisation'] as const;
export type InquiryPurpose = (typeof INQUIRY_PURPOSES)[number];

/** A short reference of an inquiry for mail and lists: names nothing, links to nothing by itself. */
export function inquiryReference(inquiryId: string): string {
  return `NB-${inquiryId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

/** A calendar day plus a number of days (both `YYYY-MM-DD`, days may be negative). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
