import { hasRole, type Actor } from '../../access/actor.ts';

/**
 * Who reads and curates the social map (issue 13):
 * - every signed-in user of the network reads it and exports it as HSDS — professionals, minute
 *   takers, the coordinator, and also analysts (gaps and the map are their material), the DPO and
 *   the admin: the map holds services, never people or cases, and may even be published;
 * - the coordinator curates every entry, sets or changes an entry's curator organisation and imports
 *   HSDS documents;
 * - the working users of an organisation (professionals and minute takers) add entries for their own
 *   organisation and curate the entries whose curator organisation is theirs. Admin, DPO and analyst
 *   accounts oversee; they do not curate (separation of duties).
 */

/** The facts of one entry that decide curation. */
export interface DirectoryEntryFacts {
  readonly curatorOrganisationId: string | null;
}

const isCoordinator = (actor: Actor): boolean => hasRole(actor, 'coordinator');
const isReader = (actor: Actor): boolean => actor.roles.size > 0;
const curatesForOwnOrganisation = (actor: Actor): boolean => hasRole(actor, 'professional') || hasRole(actor, 'minute_taker');

export const directoryPolicy = {
  directory: {
    /** Read the map: list, search, one entry. */
    read: isReader,
    /** Export the map as an HSDS 3.0 document. */
    export: isReader,
    /** Add an entry (the coordinator: for any curator; others: curated by their own organisation). */
    create: (actor: Actor) => isCoordinator(actor) || curatesForOwnOrganisation(actor),
    /** Change or verify one entry. */
    curate: (actor: Actor, facts: DirectoryEntryFacts) =>
      isCoordinator(actor) ||
      (curatesForOwnOrganisation(actor) && facts.curatorOrganisationId !== null && facts.curatorOrganisationId === actor.organisationId),
    /** Give an entry a curator organisation other than one's own, or change it. */
    assignCurator: isCoordinator,
    /** Import an HSDS 3.0 document. */
    import: isCoordinator,
    /**
     * Record a gap (no suitable offer found): the working users who look for offers — professionals,
     * minute takers (they note gaps the table finds) — and the coordinator.
     */
    recordGap: (actor: Actor) => isCoordinator(actor) || curatesForOwnOrganisation(actor),
    /**
     * Read the gap report (anonymous figures, small counts suppressed): the policy layers — analysts
     * and the coordinator. Not the DPO (oversight needs no gap figures) and not single recorders.
     */
    readGapReport: (actor: Actor) => isCoordinator(actor) || hasRole(actor, 'analyst'),
    /** Publish or withdraw the public map (tenant setting). */
    publish: isCoordinator,
  },
} as const;
