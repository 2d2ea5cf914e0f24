import { hasRole, type Actor } from '../../access/actor.ts';

/**
 * Who plans and who sees the meetings of a partner table. The coordinator sets a table's schedule and
 * plans its meetings; the people who sit at the table (key figures and minute takers) read its
 * meetings. Anyone else of the network does not learn that a meeting exists (404, like a missing id).
 */

/** The facts of one table that decide who sees its meetings. */
export interface MeetingFacts {
  readonly tenantId: string;
  /** The actor's own seats on the table right now (`key_figure`, `minute_taker`); none when not a member. */
  readonly seats: readonly string[];
}

const anyone = (): boolean => true;
const signedInWithSecondFactor = (actor: Actor): boolean => actor.authentication.kind === 'session' && actor.authentication.mfaVerified;
const coordinator = (actor: Actor): boolean => hasRole(actor, 'coordinator');
/** A minute taker by role who sits at this table as its minute taker (as the cases door asks for the minutes). */
export const seatedMinuteTaker = (actor: Actor, facts: MeetingFacts): boolean =>
  hasRole(actor, 'minute_taker') && facts.seats.includes('minute_taker');
const seesTable = (actor: Actor, facts: MeetingFacts): boolean => actor.tenantId === facts.tenantId && (coordinator(actor) || facts.seats.length > 0);

/** The facts of one organisation's pre-meeting inventory: the table's facts and the task's organisation. */
export interface InventoryFacts extends MeetingFacts {
  readonly organisationId: string;
}

export const meetingsPolicy = {
  meetings: {
    /** Set or change a table's recurrence (rule, local start time, duration, zone). */
    manageSchedule: coordinator,
    /** Plan a meeting (regular or interim) of a table. */
    plan: coordinator,
    /** Move a planned meeting to another date or time, or cancel it: the coordinator of a table they see. */
    change: (actor: Actor, facts: MeetingFacts): boolean => actor.tenantId === facts.tenantId && coordinator(actor),
    /** The list of a table's meetings and one meeting (date, time, table; never case content). */
    read: seesTable,
    /** Create one's personal calendar feed (a secret URL): from a browser session past the second factor, never by a token. */
    manageOwnFeed: signedInWithSecondFactor,
    /** Revoke one's own calendar feed: anyone signed in (revoking is always safe). */
    revokeOwnFeed: anyone,
    /** Confirm the meeting's confidentiality statement: everyone who sees the meeting, the coordinator too. */
    attest: seesTable,
    /** Build, reorder, add to and remove from a meeting's agenda. */
    manageAgenda: coordinator,
    /** Record who was present, excused or absent: the coordinator, or a minute taker of the table. */
    recordAttendance: (actor: Actor, facts: MeetingFacts): boolean =>
      actor.tenantId === facts.tenantId && (coordinator(actor) || facts.seats.includes('minute_taker')),
    /** Start a planned meeting (the minutes open): the coordinator, or a minute taker seated at the table. */
    start: (actor: Actor, facts: MeetingFacts): boolean =>
      actor.tenantId === facts.tenantId && (coordinator(actor) || seatedMinuteTaker(actor, facts)),
    /** Close a running meeting (its minutes are locked from then on): the coordinator only. */
    close: (actor: Actor, facts: MeetingFacts): boolean => actor.tenantId === facts.tenantId && coordinator(actor),
    /**
     * Read an organisation's pre-meeting inventory (the meeting's agenda cases of that organisation):
     * whoever sees the meeting and belongs to that organisation. Everyone else gets the 404 of a
     * meeting without a task for them.
     */
    readInventory: (actor: Actor, facts: InventoryFacts): boolean =>
      seesTable(actor, facts) && actor.organisationId !== '' && actor.organisationId === facts.organisationId,
    /** Mark an organisation's inventory done: a key figure of the table from that organisation (not the coordinator). */
    completeInventory: (actor: Actor, facts: InventoryFacts): boolean =>
      actor.tenantId === facts.tenantId && !coordinator(actor) && facts.seats.includes('key_figure') && actor.organisationId === facts.organisationId,
  },
} as const;
