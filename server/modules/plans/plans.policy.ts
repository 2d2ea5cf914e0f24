import { hasRole, type Actor } from '../../access/actor.ts';

/**
 * Who reads and changes a case's plan of approach. Every rule answers for an actor who can already
 * see the case (the case door answers 404 before any of them is asked):
 * - the plan (objectives, their status and due dates, the agreements' organisations, due dates and
 *   states) is visible to everyone who sees the case;
 * - the texts (objective evaluation notes, agreement descriptions) follow the audience of the case's
 *   `table` items (coordinator, key figures of the table, guests), and the responsible organisation
 *   always reads its own agreements;
 * - the coordinator makes the plan (objectives, agreements, evaluations, objective status);
 * - an agreement's status is set by the coordinator or by a professional of the responsible
 *   organisation (only that organisation's agreements).
 */

/** The actor's standing on one case, taken from the case door's relation. */
export interface PlanFacts {
  readonly tenantId: string;
  readonly seesCase: boolean;
  readonly coordinator: boolean;
  /** In the audience of the case's `table` items: coordinator, key figure of the table, guest. */
  readonly tableAudience: boolean;
}

/** The same, plus the organisation responsible for one agreement. */
export interface AgreementFacts extends PlanFacts {
  readonly organisationId: string;
}

const sameNetwork = (actor: Actor, facts: PlanFacts): boolean => actor.tenantId === facts.tenantId && facts.seesCase;
const coordinates = (actor: Actor, facts: PlanFacts): boolean => sameNetwork(actor, facts) && facts.coordinator && hasRole(actor, 'coordinator');
const responsible = (actor: Actor, facts: AgreementFacts): boolean =>
  sameNetwork(actor, facts) && !facts.coordinator && hasRole(actor, 'professional') && actor.organisationId === facts.organisationId;

export const plansPolicy = {
  plans: {
    /** The plan of a case: objectives and agreements without their texts. */
    read: (actor: Actor, facts: PlanFacts) => sameNetwork(actor, facts),
    /** Objective evaluation notes: the `table` audience. */
    readNotes: (actor: Actor, facts: PlanFacts) => sameNetwork(actor, facts) && facts.tableAudience,
    /** Add objectives, agreements and evaluations; change an objective's status. */
    manage: coordinates,
    /** An agreement's description: the `table` audience and the responsible organisation. */
    readAgreement: (actor: Actor, facts: AgreementFacts) => (sameNetwork(actor, facts) && facts.tableAudience) || responsible(actor, facts),
    /** Mark an agreement done or not done: the coordinator, or the responsible organisation. */
    updateAgreement: (actor: Actor, facts: AgreementFacts) => coordinates(actor, facts) || responsible(actor, facts),
    /** "Our agreements": the open agreements of one's own organisation. */
    listOwn: (actor: Actor) => hasRole(actor, 'professional') && !hasRole(actor, 'coordinator'),
    /** The home page's overdue agreements of the network. */
    overseeOverdue: (actor: Actor) => hasRole(actor, 'coordinator'),
  },
} as const;
