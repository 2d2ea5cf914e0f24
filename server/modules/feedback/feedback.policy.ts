import { hasRole, type Actor } from '../../access/actor.ts';

/**
 * The feedback form to the police (*terugkoppelingsfiche*, SECURITY.md "Tables"). Every rule answers
 * for an actor who already sees the form's meeting (the meeting gate answers 404 before):
 * - the coordinator drafts, edits and sends forms;
 * - every attendee recorded `present` at the meeting approves or refuses the current version;
 * - the form is read by the coordinator and the present attendees, and — once sent — by the users of
 *   the recipient organisation who sit at the meeting's table. Everyone else does not learn it exists.
 */

/** The actor's standing towards one form (or, for a new one, its meeting). */
export interface FeedbackFacts {
  readonly tenantId: string;
  /** The actor was recorded `present` at the form's meeting. */
  readonly present: boolean;
  /** The actor belongs to the recipient organisation and sits at the meeting's table now. */
  readonly recipientSeated: boolean;
  /** The form was sent (draft otherwise). */
  readonly sent: boolean;
}

const inNetwork = (actor: Actor, facts: FeedbackFacts): boolean => actor.tenantId === facts.tenantId;
const coordinates = (actor: Actor, facts: FeedbackFacts): boolean => inNetwork(actor, facts) && hasRole(actor, 'coordinator');
const attended = (actor: Actor, facts: FeedbackFacts): boolean => inNetwork(actor, facts) && facts.present;
const receives = (actor: Actor, facts: FeedbackFacts): boolean => inNetwork(actor, facts) && facts.sent && facts.recipientSeated;

export const feedbackPolicy = {
  feedback: {
    /** Draft a form from a meeting, edit a draft, send it. */
    manage: coordinates,
    /** Approve or refuse the current version: the attendees present at the meeting. */
    decide: attended,
    /** Read the form: coordinator, present attendees, and the recipient's seated users once it was sent. */
    read: (actor: Actor, facts: FeedbackFacts) => coordinates(actor, facts) || attended(actor, facts) || receives(actor, facts),
  },
} as const;

/**
 * Whether the actor reads the form only as its recipient (not as coordinator or attendee): such a
 * reader gets the released form without the meeting's attestation, which the others must have given.
 */
export function readsAsRecipientOnly(actor: Actor, facts: FeedbackFacts): boolean {
  return !coordinates(actor, facts) && !attended(actor, facts) && receives(actor, facts);
}

/** The facts of an information item that decide whether it may be quoted (no content). */
export interface QuotableItem {
  readonly classes: readonly string[];
  readonly legalBasis: string;
  readonly audience: string;
}

/** Why an item cannot be quoted, or null when it can. */
export type QuoteRefusal = 'secret_class' | 'danger_basis' | 'narrow_audience';

/** Classes that never leave the table in a feedback form: police-restricted, judicial, health. */
export const SECRET_CLASSES: ReadonlySet<string> = new Set(['police', 'judicial', 'health']);

/**
 * The rule of what a feedback form may quote: never an item of class `police`, `judicial` or
 * `health`, never one shared on `art_458bis` (danger to a vulnerable person), and never one whose
 * audience is narrower than the table (care network, named organisations, own organisation: shared
 * under someone's professional secrecy).
 */
export function quoteRefusal(item: QuotableItem): QuoteRefusal | null {
  if (item.classes.some((name) => SECRET_CLASSES.has(name))) return 'secret_class';
  if (item.legalBasis === 'art_458bis') return 'danger_basis';
  if (item.audience !== 'table') return 'narrow_audience';
  return null;
}

export function mayQuoteInFeedback(item: QuotableItem): boolean {
  return quoteRefusal(item) === null;
}

/** Where the present attendees stand on one version of a form. */
export interface Consensus {
  readonly present: number;
  readonly approved: number;
  readonly refused: number;
  readonly missing: number;
  /** Every present attendee approved (and at least one was present). */
  readonly reached: boolean;
}

/**
 * The consensus rule: only decisions of attendees recorded present count; one refusal blocks, a
 * missing approval blocks, and a meeting without anyone present gives no consensus.
 */
export function consensusOf(presentUserIds: readonly string[], decisions: readonly { userId: string; decision: string }[]): Consensus {
  const byUser = new Map(decisions.map((entry) => [entry.userId, entry.decision]));
  const present = [...new Set(presentUserIds)];
  const approved = present.filter((userId) => byUser.get(userId) === 'approve').length;
  const refused = present.filter((userId) => byUser.get(userId) === 'refuse').length;
  const missing = present.length - approved - refused;
  return { present: present.length, approved, refused, missing, reached: present.length > 0 && approved === present.length };
}
