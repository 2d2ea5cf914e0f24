import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Role } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import { actorFor } from '../../test/harness.ts';
import {
  accessPurpose,
  canOnCase,
  canReadItem,
  canSeeIdentity,
  canWithdrawConsent,
  mayTakePartInCases,
  relationTo,
  type CaseAction,
  type CaseFacts,
  type CaseStanding,
  type ConsentFacts,
  type ItemFacts,
} from './cases.policy.ts';
import type { Audience, IdentityDisclosure } from './cases.vocabulary.ts';

/**
 * The need-to-know matrix of SECURITY.md, written out by hand: thirteen kinds of people × case
 * actions (open and closed case) × identity levels × item audiences × consent state (none, given,
 * withdrawn). The expectations below are the rules in words, not a second implementation: each row
 * is a fact someone could check against the design document.
 */

const TENANT = 'tenant-a';
const ORG = {
  city: 'org-city',
  police: 'org-police',
  school: 'org-school',
  welfare: 'org-welfare',
  community: 'org-community',
  mentalHealth: 'org-mental-health',
  youthCare: 'org-youth-care',
  education: 'org-education',
  employment: 'org-employment',
  elsewhere: 'org-of-another-network',
};

interface Person {
  readonly roles: Role[];
  readonly organisationId: string;
  readonly tenantId?: string;
  readonly standing: CaseStanding;
}
const none: CaseStanding = { tableKeyFigure: false, participantRole: null };
const PEOPLE = {
  coordinator: { roles: ['coordinator'], organisationId: ORG.city, standing: none },
  keyFigureThisTable: { roles: ['professional'], organisationId: ORG.police, standing: { tableKeyFigure: true, participantRole: null } },
  // A key figure of another table: no standing on this case's table.
  keyFigureOtherTable: { roles: ['professional'], organisationId: ORG.school, standing: none },
  guestThisCase: { roles: ['professional'], organisationId: ORG.welfare, standing: { tableKeyFigure: false, participantRole: 'guest' } },
  guestOtherCase: { roles: ['professional'], organisationId: ORG.community, standing: none },
  careNetwork: { roles: ['professional'], organisationId: ORG.mentalHealth, standing: { tableKeyFigure: false, participantRole: 'care_network' } },
  caseOwnerMember: { roles: ['professional'], organisationId: ORG.youthCare, standing: none },
  referrer: { roles: ['professional'], organisationId: ORG.education, standing: none },
  outsider: { roles: ['professional'], organisationId: ORG.employment, standing: none },
  admin: { roles: ['admin'], organisationId: ORG.city, standing: none },
  dpo: { roles: ['dpo'], organisationId: ORG.city, standing: none },
  analyst: { roles: ['analyst'], organisationId: ORG.city, standing: none },
  // Holds every case role, but in another network; even a forged standing opens nothing.
  otherTenant: {
    roles: ['coordinator', 'professional'],
    organisationId: ORG.youthCare,
    tenantId: 'tenant-b',
    standing: { tableKeyFigure: true, participantRole: 'guest' },
  },
} satisfies Record<string, Person>;
type Who = keyof typeof PEOPLE;

const facts = (status: 'open' | 'closed', identityDisclosure: IdentityDisclosure = 'restricted'): CaseFacts => ({
  tenantId: TENANT,
  status,
  identityDisclosure,
  caseOwnerOrganisationId: ORG.youthCare,
  referrerOrganisationId: ORG.education,
});

const actorOf = (who: Who) => {
  const person: Person = PEOPLE[who];
  return actorFor({ tenantId: person.tenantId ?? TENANT, userId: `user-${who}`, organisationId: person.organisationId, roles: person.roles });
};
const relationOf = (who: Who, caseFacts: CaseFacts) => relationTo(actorOf(who), caseFacts, PEOPLE[who].standing);

// ── Expectations ─────────────────────────────────────────────────────────────────────────────────
const SEES_CASE: Who[] = ['coordinator', 'keyFigureThisTable', 'guestThisCase', 'careNetwork', 'caseOwnerMember', 'referrer'];
const PURPOSE: Partial<Record<Who, string>> = {
  coordinator: 'coordination',
  keyFigureThisTable: 'key_figure',
  guestThisCase: 'guest',
  careNetwork: 'care_network',
  caseOwnerMember: 'case_owner',
  referrer: 'referrer',
};

/** Who may do what on an open and on a closed case. */
const CASE_ACTIONS: Record<CaseAction, { open: Who[]; closed: Who[] }> = {
  read: { open: SEES_CASE, closed: SEES_CASE },
  readItems: { open: SEES_CASE, closed: SEES_CASE },
  readTimeline: { open: SEES_CASE, closed: SEES_CASE },
  update: { open: ['coordinator'], closed: [] },
  manageParticipants: { open: ['coordinator'], closed: [] },
  raiseDisclosure: { open: ['coordinator'], closed: [] },
  close: { open: ['coordinator'], closed: [] },
  reopen: { open: [], closed: ['coordinator'] },
  move: { open: ['coordinator'], closed: [] },
  keepAtTable: { open: ['coordinator'], closed: [] },
  addItem: { open: SEES_CASE, closed: [] },
  recordConsent: { open: ['coordinator', 'caseOwnerMember'], closed: [] },
};

/** Who sees the persons' identity, per disclosure level. */
const IDENTITY: Record<IdentityDisclosure, Who[]> = {
  anonymous: [],
  restricted: ['coordinator', 'caseOwnerMember', 'referrer'],
  table: SEES_CASE,
};

/**
 * The item is written by the police key figure. A named audience lists welfare, youth care and the
 * referrer's organisation; the consent covers city, welfare, mental health and youth care (not the
 * referrer's organisation). Per audience: who reads it with no consent involved (another legal
 * basis), with the consent given, and after it was withdrawn.
 */
type ConsentState = 'none' | 'given' | 'withdrawn';
const AUTHOR: Who[] = ['keyFigureThisTable'];
const ITEMS: Record<Audience, Record<ConsentState, Who[]>> = {
  table: {
    none: ['coordinator', 'keyFigureThisTable', 'guestThisCase'],
    given: ['coordinator', 'keyFigureThisTable', 'guestThisCase'],
    withdrawn: AUTHOR,
  },
  care_network: {
    none: ['keyFigureThisTable', 'careNetwork', 'caseOwnerMember'],
    given: ['keyFigureThisTable', 'careNetwork', 'caseOwnerMember'],
    withdrawn: AUTHOR,
  },
  organisations: {
    none: ['keyFigureThisTable', 'guestThisCase', 'caseOwnerMember', 'referrer'],
    given: ['keyFigureThisTable', 'guestThisCase', 'caseOwnerMember'],
    withdrawn: AUTHOR,
  },
  own_organisation: { none: AUTHOR, given: AUTHOR, withdrawn: AUTHOR },
};

/**
 * Who records the withdrawal of a consent, by the organisation that recorded it (`cases.withdrawConsent`):
 * the coordinator and the case owner always; a key figure or care-network member only for a consent
 * of their own organisation; a guest or a referrer never, not even for their own organisation's.
 */
const WITHDRAWS: Record<'city' | 'police' | 'welfare' | 'mentalHealth' | 'education', Who[]> = {
  city: ['coordinator', 'caseOwnerMember'],
  police: ['coordinator', 'caseOwnerMember', 'keyFigureThisTable'],
  welfare: ['coordinator', 'caseOwnerMember'],
  mentalHealth: ['coordinator', 'caseOwnerMember', 'careNetwork'],
  education: ['coordinator', 'caseOwnerMember'],
};

// ── The matrix ───────────────────────────────────────────────────────────────────────────────────
const item = (audience: Audience, state: ConsentState): ItemFacts => ({
  authorUserId: 'user-keyFigureThisTable',
  authorOrganisationId: ORG.police,
  audience,
  organisationIds: audience === 'organisations' ? [ORG.welfare, ORG.youthCare, ORG.education] : [],
  legalBasis: state === 'none' ? 'art_458ter' : 'consent',
});
const consent = (state: ConsentState): ConsentFacts | null =>
  state === 'none'
    ? null
    : {
        organisationIds: [ORG.city, ORG.welfare, ORG.mentalHealth, ORG.youthCare],
        withdrawnAt: state === 'withdrawn' ? '2026-11-28T10:00:00.000Z' : null,
      };

const WHO = Object.keys(PEOPLE) as Who[];

test('need-to-know matrix: 13 kinds of people × case actions × identity × item audiences × consent state', () => {
  let rows = 0;
  const check = (actual: boolean, expected: boolean, label: string) => {
    assert.equal(actual, expected, label);
    rows += 1;
  };
  for (const who of WHO) {
    for (const status of ['open', 'closed'] as const) {
      const caseFacts = facts(status);
      const relation = relationOf(who, caseFacts);
      for (const [action, expected] of Object.entries(CASE_ACTIONS) as [CaseAction, { open: Who[]; closed: Who[] }][]) {
        // Through the registry, in the one policy form every caller uses.
        check(
          can(actorOf(who), `cases.${action}`, { relation, facts: caseFacts }),
          expected[status].includes(who),
          `${who} × ${action} on a ${status} case`,
        );
      }
    }
    for (const level of ['anonymous', 'restricted', 'table'] as const) {
      const caseFacts = facts('open', level);
      check(canSeeIdentity(relationOf(who, caseFacts), level), IDENTITY[level].includes(who), `${who} × identity (${level})`);
    }
    const relation = relationOf(who, facts('open'));
    for (const audience of ['table', 'care_network', 'organisations', 'own_organisation'] as const) {
      for (const state of ['none', 'given', 'withdrawn'] as const) {
        check(
          canReadItem(relation, item(audience, state), consent(state)),
          ITEMS[audience][state].includes(who),
          `${who} × read item (${audience}, consent ${state})`,
        );
      }
    }
    for (const [recorder, expected] of Object.entries(WITHDRAWS) as [keyof typeof WITHDRAWS, Who[]][]) {
      // Through the registry, in the one policy form every caller uses.
      check(
        can(actorOf(who), 'cases.withdrawConsent', { relation, consent: { recordedByOrganisationId: ORG[recorder], withdrawnAt: null } }),
        expected.includes(who),
        `${who} × withdraw a consent recorded by ${recorder}`,
      );
    }
    check(accessPurpose(relation) === (PURPOSE[who] ?? null), true, `${who} × purpose recorded for reads`);
  }
  // 13 people × (10 actions × 2 states + 3 identity levels + 4 audiences × 3 consent states + 5 withdrawals + 1 purpose)
  assert.equal(rows, 13 * (24 + 3 + 12 + 5 + 1), 'every row of the matrix was checked');
  assert.equal(rows, 585, 'the matrix has 585 rows');
});

test('the registry and the pure rule agree on every case action, for every kind of person', () => {
  for (const who of WHO) {
    for (const status of ['open', 'closed'] as const) {
      const caseFacts = facts(status);
      const relation = relationOf(who, caseFacts);
      for (const action of Object.keys(CASE_ACTIONS) as CaseAction[]) {
        assert.equal(
          can(actorOf(who), `cases.${action}`, { relation, facts: caseFacts }),
          canOnCase(action, relation, caseFacts),
          `registry and canOnCase agree for ${who} × ${action} on a ${status} case`,
        );
      }
    }
  }
});

/**
 * The coordinator's role is neutral: items written by a colleague of the coordinator's own employer
 * (the city) reach the coordinator only through their audience, never because of the shared
 * organisation. What the coordinator wrote themself stays theirs.
 */
test('the coordinator reads a city colleague’s items only through the audience, and their own always', () => {
  const relation = relationOf('coordinator', facts('open'));
  const byColleague = (audience: Audience): ItemFacts => ({
    authorUserId: 'user-city-colleague',
    authorOrganisationId: ORG.city,
    audience,
    organisationIds: audience === 'organisations' ? [ORG.city] : [],
    legalBasis: 'art_458ter',
  });
  const expected: Record<Audience, boolean> = { table: true, care_network: false, organisations: false, own_organisation: false };
  for (const audience of Object.keys(expected) as Audience[]) {
    assert.equal(
      canReadItem(relation, byColleague(audience), null),
      expected[audience],
      `coordinator × a city colleague's ${audience} item: ${expected[audience] ? 'readable' : 'hidden'}`,
    );
    assert.equal(
      canReadItem(relation, { ...byColleague(audience), authorUserId: 'user-coordinator' }, null),
      true,
      `coordinator × their own ${audience} item: readable`,
    );
  }
  const colleague = relationTo(
    actorFor({ tenantId: TENANT, userId: 'user-city-colleague-2', organisationId: ORG.city, roles: ['professional'] }),
    { ...facts('open'), caseOwnerOrganisationId: ORG.city },
    none,
  );
  assert.equal(
    canReadItem(colleague, byColleague('own_organisation'), null),
    true,
    'a city professional reads the own-organisation item of a colleague',
  );
  assert.equal(
    relationTo(
      actorFor({ tenantId: TENANT, userId: 'user-coordinator', organisationId: ORG.city, roles: ['coordinator'] }),
      { ...facts('open'), caseOwnerOrganisationId: ORG.city },
      none,
    ).caseOwner,
    false,
    'the coordinator does not become case owner because the city owns the case',
  );
});

test('a leftover key-figure participation row opens nothing once the seat is gone', () => {
  const actor = actorFor({ tenantId: TENANT, userId: 'u', organisationId: ORG.police, roles: ['professional'] });
  const relation = relationTo(actor, facts('open'), { tableKeyFigure: false, participantRole: 'key_figure' });
  assert.equal(accessPurpose(relation), null, 'without a seat on the table, a key_figure participation row gives no purpose');
  assert.equal(canReadItem(relation, item('table', 'none'), null), false, 'and no item of the table audience');
});

test('a withdrawn consent cannot be withdrawn again, by anyone', () => {
  for (const who of WHO) {
    assert.equal(
      canWithdrawConsent(relationOf(who, facts('open')), { recordedByOrganisationId: ORG.city, withdrawnAt: '2026-11-28T10:00:00.000Z' }),
      false,
      `${who} may not withdraw a consent that is already withdrawn`,
    );
  }
});

test('a consent may be withdrawn after the case was closed, by the same people as on an open case', () => {
  for (const who of WHO) {
    const relation = relationOf(who, facts('closed'));
    assert.equal(
      can(actorOf(who), 'cases.withdrawConsent', { relation, consent: { recordedByOrganisationId: ORG.police, withdrawnAt: null } }),
      WITHDRAWS.police.includes(who),
      `${who} × withdraw the police's consent on a closed case: ${WITHDRAWS.police.includes(who) ? 'allowed' : 'refused'}`,
    );
  }
});

test('a guest of the case whose organisation recorded the consent may not withdraw it', () => {
  const cityGuest = relationTo(
    actorFor({ tenantId: TENANT, userId: 'user-city-guest', organisationId: ORG.city, roles: ['professional'] }),
    facts('open'),
    { tableKeyFigure: false, participantRole: 'guest' },
  );
  assert.equal(
    canWithdrawConsent(cityGuest, { recordedByOrganisationId: ORG.city, withdrawnAt: null }),
    false,
    'a city guest may not withdraw the consent the city recorded',
  );
});

test('network-wide case actions: listing needs a case role; opening and searching by name are the coordinator’s', () => {
  const expected: Record<string, Role[]> = {
    'cases.list': ['coordinator', 'professional'],
    'cases.create': ['coordinator'],
    'cases.searchByName': ['coordinator'],
    'cases.oversee': ['coordinator'],
  };
  for (const role of ['admin', 'coordinator', 'minute_taker', 'professional', 'analyst', 'dpo'] as const) {
    const actor = actorFor({ tenantId: TENANT, userId: 'u', organisationId: ORG.city, roles: [role] });
    for (const [action, roles] of Object.entries(expected)) {
      assert.equal(can(actor, action as 'cases.list'), roles.includes(role), `${role} × ${action}`);
    }
  }
});

test('a participation row means nothing without a case role: a minute taker added as guest opens nothing', () => {
  const actor = actorFor({ tenantId: TENANT, userId: 'u', organisationId: ORG.welfare, roles: ['minute_taker'] });
  const relation = relationTo(actor, facts('open'), { tableKeyFigure: true, participantRole: 'guest' });
  assert.equal(accessPurpose(relation), null, 'accessPurpose(relation) is null');
  assert.equal(
    canReadItem(relation, { ...item('table', 'none'), authorOrganisationId: ORG.welfare }, null),
    false,
    'not even an item of their own organisation',
  );
});

test('who may be seated on a case: a coordinator or professional role, whatever else the user holds', () => {
  const expected: [Role[], boolean][] = [
    [['professional'], true],
    [['coordinator'], true],
    [['admin', 'professional'], true],
    [['minute_taker'], false],
    [['admin'], false],
    [['dpo'], false],
    [['analyst'], false],
    [[], false],
  ];
  for (const [roles, may] of expected) assert.equal(mayTakePartInCases(roles), may, roles.join('+') || 'no role');
});
