/**
 * Which parts of a case each kind of audited read opens. A read is audited as one action with one
 * purpose; the content queries check that the read they are given covers what they return, so a
 * read recorded as "participants" cannot be used to fetch items.
 */
export const CASE_READ_KINDS = ['file', 'case', 'participants', 'consents', 'items', 'timeline'] as const;
export type CaseReadKind = (typeof CASE_READ_KINDS)[number];
export type CasePart = Exclude<CaseReadKind, 'file'>;

const OPENS: Record<CaseReadKind, readonly CasePart[]> = {
  file: ['case', 'participants', 'consents', 'items', 'timeline'],
  case: ['case'],
  participants: ['participants'],
  consents: ['consents'],
  items: ['items'],
  timeline: ['timeline'],
};

export function readOpens(kind: CaseReadKind, part: CasePart): boolean {
  return OPENS[kind].includes(part);
}

/** A programming error, not a user's: a content query was handed a read that does not cover it. */
export function assertCovers(read: { readonly kind: CaseReadKind }, part: CasePart): void {
  if (!readOpens(read.kind, part)) throw new Error(`A "${read.kind}" read of a case does not open its ${part}`);
}
