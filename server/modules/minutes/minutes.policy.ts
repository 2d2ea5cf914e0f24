import { hasRole, type Actor } from '../../access/actor.ts';

/**
 * Who writes and who reads a meeting's minutes. Notes and decisions are taken while the meeting runs
 * by the coordinator or a minute taker seated at the table; after it is closed only the coordinator
 * adds addenda. The minutes are read by whoever sees the meeting; a minute taker only while the
 * meeting runs (their way into the cases ends with the meeting). The case door decides, per case,
 * what each reader reads.
 */

/** The facts of one meeting that decide about its minutes. */
export interface MinutesFacts {
  readonly tenantId: string;
  /** The actor's own seats on the meeting's table right now (`key_figure`, `minute_taker`). */
  readonly seats: readonly string[];
  /** The meeting's status: `planned` | `in_progress` | `closed` | `cancelled`. */
  readonly status: string;
}

const sameNetwork = (actor: Actor, facts: MinutesFacts): boolean => actor.tenantId === facts.tenantId;
const coordinator = (actor: Actor): boolean => hasRole(actor, 'coordinator');
/** A minute taker by role, seated at this table as its minute taker (as the cases door asks). */
export const takesMinutesAt = (actor: Actor, facts: MinutesFacts): boolean => hasRole(actor, 'minute_taker') && facts.seats.includes('minute_taker');

export const minutesPolicy = {
  minutes: {
    /** Record notes and decisions (the meeting's status decides further: running, or 409 / the door's 404). */
    write: (actor: Actor, facts: MinutesFacts): boolean => sameNetwork(actor, facts) && (coordinator(actor) || takesMinutesAt(actor, facts)),
    /** Add to the minutes of a closed meeting (an addendum): the coordinator only. */
    addAddendum: (actor: Actor, facts: MinutesFacts): boolean => sameNetwork(actor, facts) && coordinator(actor) && facts.status === 'closed',
    /** Read the minutes: the coordinator and key figures of the table; a minute taker only while the meeting runs. */
    read: (actor: Actor, facts: MinutesFacts): boolean =>
      sameNetwork(actor, facts) &&
      (coordinator(actor) || facts.seats.includes('key_figure') || (takesMinutesAt(actor, facts) && facts.status === 'in_progress')),
  },
} as const;
