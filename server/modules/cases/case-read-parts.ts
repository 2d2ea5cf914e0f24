/**
 * Which parts of a case each kind of audited read opens. A read is audited as one action with one
 * purpose; the content queries check that the read they are given covers what they return, so a
 * read recorded as "participants" cannot be used to fetch items.
 *
 * The tabs of the case page (overview, information, people, history, manage) each read only what
 * they show, as one read of their own kind.
 */
export const CASE_TABS = ['overview', 'information', 'people', 'history', 'manage'] as const;
export type CaseTab = (typeof CASE_TABS)[number];

/** Pages of the case drawn by other modules, linked from the tab list after the case's own tabs. */
export const MODULE_CASE_TABS = ['plan'] as const;

/** Reads of a case through a meeting (`readCaseInMeeting`): the briefing, and the page where its minutes are taken. */
export const MEETING_READ_KINDS = ['briefing'] as const;

// `plan`: the plans module's tab and API (objectives and agreements; the case row only, no items).
export const CASE_READ_KINDS = [
  'case',
  'participants',
  'consents',
  'items',
  'timeline',
  ...CASE_TABS,
  ...MODULE_CASE_TABS,
  ...MEETING_READ_KINDS,
] as const;
export type CaseReadKind = (typeof CASE_READ_KINDS)[number];
export type CasePart = 'case' | 'participants' | 'consents' | 'items' | 'timeline';

const OPENS: Record<CaseReadKind, readonly CasePart[]> = {
  case: ['case'],
  participants: ['participants'],
  consents: ['consents'],
  items: ['items'],
  timeline: ['timeline'],
  overview: ['case', 'items'],
  // The add-item form offers the current consents as the item's ground.
  information: ['case', 'items', 'consents'],
  people: ['case', 'participants', 'consents'],
  history: ['case', 'timeline'],
  manage: ['case'],
  plan: ['case'],
  // The case and the items the reader may read (attendee or minute taker); never people or the timeline.
  briefing: ['case', 'items'],
};

export function readOpens(kind: CaseReadKind, part: CasePart): boolean {
  return OPENS[kind].includes(part);
}

/** A programming error, not a user's: a content query was handed a read that does not cover it. */
export function assertCovers(read: { readonly kind: CaseReadKind }, part: CasePart): void {
  if (!readOpens(read.kind, part)) throw new Error(`A "${read.kind}" read of a case does not open its ${part}`);
}
