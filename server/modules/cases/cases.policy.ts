import { hasRole, type Actor } from '../../access/actor.ts';
import { CASE_WORK_ROLES, mayTakePartInCases } from '../../access/role-rules.ts';

export { CASE_WORK_ROLES, mayTakePartInCases };
import type { AccessPurpose, Audience, CaseStatus, IdentityDisclosure } from './cases.vocabulary.ts';

/**
 * Need-to-know for cases (SECURITY.md "Roles", "Information items", "Identity of persons"), as pure
 * functions of facts the queries load. Nothing here reads the database; every rule can be tested
 * in a matrix. `admin`, `analyst` and `dpo` are never named: those roles open no case content.
 */

/**
 * Actions that do not concern one case. Listing needs a case role (the list then holds only cases the
 * actor can see); opening cases and searching them by a person's name are the coordinator's.
 */

/** The facts about one case that decide what an actor may do with it. */
export interface CaseFacts {
  /** The network the case belongs to; nobody of another network stands in any relation to it. */
  readonly tenantId: string;
  readonly status: CaseStatus;
  readonly identityDisclosure: IdentityDisclosure;
  readonly caseOwnerOrganisationId: string | null;
  readonly referrerOrganisationId: string | null;
}

/** How the actor stands to the case, loaded per request (so a change applies on the next one). */
export interface CaseStanding {
  /** The actor is a key figure member of the case's table right now. */
  readonly tableKeyFigure: boolean;
  /** The actor's participation row on this case, if any. */
  readonly participantRole: 'guest' | 'care_network' | 'key_figure' | null;
}

/** The relation of an actor to a case, derived from roles, facts and standing. */
export interface CaseRelation {
  readonly userId: string;
  readonly organisationId: string;
  readonly coordinator: boolean;
  readonly keyFigure: boolean;
  readonly guest: boolean;
  readonly careNetwork: boolean;
  readonly caseOwner: boolean;
  readonly referrer: boolean;
  /**
   * The actor takes the minutes of a running meeting that has this case on its agenda. Never set by
   * `relationTo`: only `relationInMeeting` grants it, for one read or change through that meeting.
   */
  readonly minuteTaker: boolean;
}

export function holdsCaseRole(actor: Actor): boolean {
  return CASE_WORK_ROLES.some((role) => hasRole(actor, role));
}

export function relationTo(actor: Actor, facts: CaseFacts, standing: CaseStanding): CaseRelation {
  const sameNetwork = actor.tenantId === facts.tenantId;
  const professional = sameNetwork && holdsCaseRole(actor);
  const coordinator = sameNetwork && hasRole(actor, 'coordinator');
  // The coordinator's role is neutral: the organisation that employs them opens nothing extra.
  const inOrganisation = (organisationId: string | null) =>
    professional && !coordinator && organisationId !== null && organisationId === actor.organisationId;
  return {
    userId: actor.userId,
    organisationId: actor.organisationId,
    coordinator,
    // Leaving the table ends a key figure's access at once, whatever rows the case still holds.
    keyFigure: professional && standing.tableKeyFigure,
    guest: professional && standing.participantRole === 'guest',
    careNetwork: professional && standing.participantRole === 'care_network',
    caseOwner: inOrganisation(facts.caseOwnerOrganisationId),
    referrer: inOrganisation(facts.referrerOrganisationId),
    minuteTaker: false,
  };
}

/** The first reason the actor may open the case, recorded as the purpose of each audited read. */
export function accessPurpose(relation: CaseRelation): AccessPurpose | null {
  if (relation.coordinator) return 'coordination';
  if (relation.keyFigure) return 'key_figure';
  if (relation.guest) return 'guest';
  if (relation.careNetwork) return 'care_network';
  if (relation.caseOwner) return 'case_owner';
  if (relation.referrer) return 'referrer';
  if (relation.minuteTaker) return 'minutes';
  return null;
}

export const canSeeCase = (relation: CaseRelation): boolean => accessPurpose(relation) !== null;

/** Who sees the identity of the case's persons, by disclosure level; everyone else the pseudonym. */
export function canSeeIdentity(relation: CaseRelation, disclosure: IdentityDisclosure): boolean {
  if (disclosure === 'anonymous') return false;
  // The minutes show the pseudonym: taking them opens no identity.
  if (onlyTakesMinutes(relation)) return false;
  if (disclosure === 'restricted') return relation.coordinator || relation.referrer || relation.caseOwner;
  return canSeeCase(relation);
}

const coordinates = (relation: CaseRelation): boolean => relation.coordinator;
const isOpen = (facts: CaseFacts): boolean => facts.status === 'open';

/** Case-level actions; each answers for an actor who can see the case (others get 404 first). */
export const caseActions = {
  read: (relation: CaseRelation) => canSeeCase(relation),
  readItems: (relation: CaseRelation) => canSeeCase(relation),
  readTimeline: (relation: CaseRelation) => canSeeCase(relation),
  update: (relation: CaseRelation, facts: CaseFacts) => coordinates(relation) && isOpen(facts),
  manageParticipants: (relation: CaseRelation, facts: CaseFacts) => coordinates(relation) && isOpen(facts),
  raiseDisclosure: (relation: CaseRelation, facts: CaseFacts) => coordinates(relation) && isOpen(facts),
  close: (relation: CaseRelation, facts: CaseFacts) => coordinates(relation) && isOpen(facts),
  reopen: (relation: CaseRelation, facts: CaseFacts) => coordinates(relation) && !isOpen(facts),
  // The age hand-over: moving an open case to another table, or keeping it where it is (with a reason).
  move: (relation: CaseRelation, facts: CaseFacts) => coordinates(relation) && isOpen(facts),
  keepAtTable: (relation: CaseRelation, facts: CaseFacts) => coordinates(relation) && isOpen(facts),
  addItem: (relation: CaseRelation, facts: CaseFacts) => canSeeCase(relation) && isOpen(facts),
  recordConsent: (relation: CaseRelation, facts: CaseFacts) => (relation.coordinator || relation.caseOwner) && isOpen(facts),
} as const satisfies Record<string, (relation: CaseRelation, facts: CaseFacts) => boolean>;
export type CaseAction = keyof typeof caseActions;

export function canOnCase(action: CaseAction, relation: CaseRelation, facts: CaseFacts): boolean {
  return canSeeCase(relation) && caseActions[action](relation, facts);
}

/** What a per-case rule of the registry is given: the actor's relation to the case and its facts. */
export interface CaseOnRecord {
  readonly relation: CaseRelation;
  readonly facts: CaseFacts;
}

type CaseRules = { readonly [Action in CaseAction]: (actor: Actor, on: CaseOnRecord) => boolean };
const onRecord = Object.fromEntries(
  (Object.keys(caseActions) as CaseAction[]).map((action) => [action, (_actor: Actor, on: CaseOnRecord) => canOnCase(action, on.relation, on.facts)]),
) as unknown as CaseRules;

/**
 * The registry's case rules, in the one policy form: role rules for actions that concern no single
 * case (listing needs a case role, and the list then holds only cases the actor can see; opening
 * cases and searching them by a person's name are the coordinator's), record rules for the rest.
 */
export const casesPolicy = {
  cases: {
    list: (actor: Actor) => holdsCaseRole(actor),
    create: (actor: Actor) => hasRole(actor, 'coordinator'),
    searchByName: (actor: Actor) => hasRole(actor, 'coordinator'),
    // The home page's lists of cases that need the coordinator: no case owner, untouched for long.
    oversee: (actor: Actor) => hasRole(actor, 'coordinator'),
    ...onRecord,
    withdrawConsent: (_actor: Actor, on: ConsentOnRecord) => canWithdrawConsent(on.relation, on.consent),
  },
} as const;

/** What the withdrawal rule needs to know about one consent. */
export interface WithdrawalFacts {
  readonly recordedByOrganisationId: string;
  readonly withdrawnAt: string | null;
}

/** The facts of the `cases.withdrawConsent` rule: the actor's relation to the case and the consent. */
export interface ConsentOnRecord {
  readonly relation: CaseRelation;
  readonly consent: WithdrawalFacts;
}

/**
 * Who records that a person withdrew their consent (DOMAIN.md: consent is the client's, "revocable";
 * the withdrawal reaches the professionals who work with them). The coordinator, whose neutral role
 * runs the case, and the case owner — the organisation closest to the client, which may record
 * consents too — may record the withdrawal of any consent of the case. A key figure of the table or
 * a member of the care network may record it for a consent their own organisation recorded (they
 * heard it from the client). A guest (invited for this case only) and a referrer (who only gets
 * feedback) never may, whoever recorded the consent. A consent already withdrawn stays withdrawn.
 * The case's state does not matter: a consent can be withdrawn after the case was closed.
 */
export function canWithdrawConsent(relation: CaseRelation, consent: WithdrawalFacts): boolean {
  if (!canSeeCase(relation) || consent.withdrawnAt !== null) return false;
  if (relation.coordinator || relation.caseOwner) return true;
  const worksWithTheClient = relation.keyFigure || relation.careNetwork;
  return worksWithTheClient && consent.recordedByOrganisationId === relation.organisationId;
}

/** What the sharing rules need to know about one item. */
export interface ItemFacts {
  readonly authorUserId: string;
  readonly authorOrganisationId: string;
  readonly audience: Audience;
  readonly organisationIds: readonly string[];
  readonly legalBasis: string;
}

/** The consent an item rests on, when its legal basis is `consent`. */
export interface ConsentFacts {
  readonly organisationIds: readonly string[];
  readonly withdrawnAt: string | null;
}

/** Whether the audience of an item includes the actor, legal basis aside. */
export function inAudience(relation: CaseRelation, item: ItemFacts): boolean {
  switch (item.audience) {
    case 'table':
      // The minute taker hears what is said at the table while the meeting runs, and no more.
      return relation.coordinator || relation.keyFigure || relation.guest || relation.minuteTaker;
    case 'care_network':
      return relation.caseOwner || relation.careNetwork;
    case 'organisations':
      // Named organisations are partners; the coordinator's employer is not opened by being named,
      // nor the minute taker's: they reach the case for the table's minutes only.
      return !relation.coordinator && !onlyTakesMinutes(relation) && item.organisationIds.includes(relation.organisationId);
    case 'own_organisation':
      return false;
  }
}

/**
 * Whether the legal basis of an item still lets it reach the actor's organisation. A consent covers
 * only the organisations it names, and a withdrawn or missing consent covers nobody.
 */
export function legalBasisHolds(relation: CaseRelation, item: ItemFacts, consent: ConsentFacts | null): boolean {
  if (item.legalBasis !== 'consent') return true;
  return consent !== null && consent.withdrawnAt === null && consent.organisationIds.includes(relation.organisationId);
}

/**
 * Contributions stay with their author, whatever happens to the consent: with the author's
 * organisation — except for the coordinator, whose neutral role reads what they wrote themselves
 * and never more because a colleague of the same employer wrote it.
 */
export function isAuthorSide(relation: CaseRelation, item: ItemFacts): boolean {
  // The same for a minute taker: the minutes they wrote, not what colleagues of their employer wrote.
  if (relation.coordinator || onlyTakesMinutes(relation)) return item.authorUserId === relation.userId;
  return item.authorOrganisationId === relation.organisationId;
}

/**
 * The sharing rule: a user reads an item when they can see the case and either are on its author's
 * side, or the audience includes them and its legal basis still holds.
 */
export function canReadItem(relation: CaseRelation, item: ItemFacts, consent: ConsentFacts | null): boolean {
  if (!canSeeCase(relation)) return false;
  if (isAuthorSide(relation, item)) return true;
  return inAudience(relation, item) && legalBasisHolds(relation, item, consent);
}

/** Whether the actor's only way into the case is taking the minutes of a running meeting. */
export function onlyTakesMinutes(relation: CaseRelation): boolean {
  return relation.minuteTaker && accessPurpose({ ...relation, minuteTaker: false }) === null;
}

/** Why a case is read through a meeting: an attendee's briefing (`meeting`) or taking its minutes (`minutes`). */
export const MEETING_PURPOSES = ['meeting', 'minutes'] as const;
export type MeetingPurpose = (typeof MEETING_PURPOSES)[number];

/**
 * What a meeting tells about one case, loaded by the meetings module for a read through the meeting
 * (the cases module asks it through `registerMeetingPassageSource`; it never reads meeting tables).
 */
export interface MeetingPassage {
  /** The meeting's network. */
  readonly tenantId: string;
  /** `planned` | `in_progress` | `closed` | `cancelled`. */
  readonly status: string;
  /** The case is on this meeting's agenda. */
  readonly caseOnAgenda: boolean;
  /** The actor confirmed this meeting's confidentiality statement. */
  readonly attested: boolean;
  /** The actor's seats on the meeting's table right now (`key_figure`, `minute_taker`). */
  readonly seats: readonly string[];
}

/**
 * How the actor stands to a case when they reach it through a meeting, or null when the meeting opens
 * nothing: the case must be on the agenda of a meeting of the actor's network that was not cancelled,
 * and the actor must have confirmed its confidentiality statement.
 * - `meeting` (the briefing): only who may see the case anyway, with the items they may read anyway.
 * - `minutes`: only while the meeting runs (its minutes are not locked); the coordinator as always, a
 *   minute taker seated at the table as `minuteTaker` — the items of the table's audience, the pseudonym.
 */
export function relationInMeeting(actor: Actor, relation: CaseRelation, passage: MeetingPassage, purpose: MeetingPurpose): CaseRelation | null {
  const open = passage.tenantId === actor.tenantId && passage.caseOnAgenda && passage.attested && passage.status !== 'cancelled';
  if (!open) return null;
  if (purpose === 'meeting') return canSeeCase(relation) ? relation : null;
  if (passage.status !== 'in_progress') return null;
  if (relation.coordinator) return relation;
  const takesMinutes = hasRole(actor, 'minute_taker') && passage.seats.includes('minute_taker');
  return takesMinutes ? { ...relation, minuteTaker: true } : null;
}
