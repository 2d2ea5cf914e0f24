import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Role } from '../../access/actor.ts';
import { actorFor } from '../../test/harness.ts';
import {
  accessPurpose,
  canOnCase,
  canReadItem,
  canSeeIdentity,
  relationInMeeting,
  relationTo,
  type CaseFacts,
  type CaseStanding,
  type ItemFacts,
  type MeetingPassage,
  type MeetingPurpose,
} from './cases.policy.ts';
import type { Audience } from './cases.vocabulary.ts';

/**
 * Reaching a case through a meeting (`relationInMeeting`), written out by hand: who gets which
 * relation for the briefing (`meeting`) and for the minutes (`minutes`), in which state of the
 * meeting, and what the minute taker then reads and may do.
 */

const TENANT = 'tenant-a';
const facts: CaseFacts = {
  tenantId: TENANT,
  status: 'open',
  identityDisclosure: 'table',
  caseOwnerOrganisationId: 'org-youth-care',
  referrerOrganisationId: 'org-school',
};
const none: CaseStanding = { tableKeyFigure: false, participantRole: null };

interface Person {
  readonly roles: Role[];
  readonly organisationId: string;
  readonly standing: CaseStanding;
  readonly seats: string[];
  readonly tenantId?: string;
}
const PEOPLE = {
  coordinator: { roles: ['coordinator'], organisationId: 'org-city', standing: none, seats: [] },
  keyFigure: {
    roles: ['professional'],
    organisationId: 'org-police',
    standing: { tableKeyFigure: true, participantRole: null },
    seats: ['key_figure'],
  },
  minuteTaker: { roles: ['minute_taker'], organisationId: 'org-city', standing: none, seats: ['minute_taker'] },
  // Holds the role but does not sit at this meeting's table.
  minuteTakerElsewhere: { roles: ['minute_taker'], organisationId: 'org-city', standing: none, seats: [] },
  // Sits at the table as minute taker, but the role was taken away.
  seatWithoutRole: { roles: ['professional'], organisationId: 'org-welfare', standing: none, seats: ['minute_taker'] },
  outsider: { roles: ['professional'], organisationId: 'org-employment', standing: none, seats: [] },
  otherNetworkMinuteTaker: { roles: ['minute_taker'], organisationId: 'org-x', standing: none, seats: ['minute_taker'], tenantId: 'tenant-b' },
} satisfies Record<string, Person>;
type Who = keyof typeof PEOPLE;

const actorOf = (who: Who) => {
  const person: Person = PEOPLE[who];
  return actorFor({ tenantId: person.tenantId ?? TENANT, userId: `user-${who}`, organisationId: person.organisationId, roles: person.roles });
};
const passageFor = (who: Who, overrides: Partial<MeetingPassage> = {}): MeetingPassage => ({
  tenantId: TENANT,
  status: 'in_progress',
  caseOnAgenda: true,
  attested: true,
  seats: PEOPLE[who].seats,
  ...overrides,
});
const relationFor = (who: Who, purpose: MeetingPurpose, overrides: Partial<MeetingPassage> = {}) => {
  const actor = actorOf(who);
  return relationInMeeting(actor, relationTo(actor, facts, PEOPLE[who].standing), passageFor(who, overrides), purpose);
};

const OPENS: Record<MeetingPurpose, Who[]> = {
  meeting: ['coordinator', 'keyFigure'],
  minutes: ['coordinator', 'minuteTaker'],
};

for (const purpose of ['meeting', 'minutes'] as const) {
  for (const who of Object.keys(PEOPLE) as Who[]) {
    const expected = OPENS[purpose].includes(who);
    test(`${who} ${expected ? 'reaches' : 'does not reach'} the case through a running meeting for its ${purpose}`, () => {
      assert.equal(relationFor(who, purpose) !== null, expected, `${who}, ${purpose}: expected ${expected ? 'a relation' : 'none'}`);
    });
  }
}

const CLOSED_DOORS: { readonly why: string; readonly passage: Partial<MeetingPassage> }[] = [
  { why: 'the case is not on the agenda', passage: { caseOnAgenda: false } },
  { why: 'the actor did not attest', passage: { attested: false } },
  { why: 'the meeting was cancelled', passage: { status: 'cancelled' } },
  { why: 'the meeting is of another network', passage: { tenantId: 'tenant-b' } },
];
for (const { why, passage } of CLOSED_DOORS) {
  for (const purpose of ['meeting', 'minutes'] as const) {
    test(`nobody reaches a case through a meeting for its ${purpose} when ${why}`, () => {
      for (const who of OPENS[purpose]) {
        assert.equal(relationFor(who, purpose, passage), null, `${who}: expected no relation when ${why}`);
      }
    });
  }
}

test('the minutes open only while the meeting runs; the briefing before and after too', () => {
  for (const status of ['planned', 'closed']) {
    assert.equal(relationFor('minuteTaker', 'minutes', { status }), null, `minute taker, meeting ${status}: expected no relation`);
    assert.equal(relationFor('coordinator', 'minutes', { status }), null, `coordinator, meeting ${status}: expected no minutes relation`);
    assert.notEqual(relationFor('keyFigure', 'meeting', { status }), null, `key figure, meeting ${status}: expected the briefing to open`);
  }
});

test('a key figure keeps their own relation in the briefing; nobody but the minute taker becomes one', () => {
  const keyFigure = relationFor('keyFigure', 'meeting');
  assert.equal(keyFigure?.keyFigure, true, 'expected the key figure relation unchanged');
  assert.equal(keyFigure?.minuteTaker, false, 'expected a key figure not to be a minute taker');
  assert.equal(relationFor('coordinator', 'minutes')?.minuteTaker, false, 'expected the coordinator to take minutes as coordinator');
});

const item = (audience: Audience, legalBasis = 'art_458ter', author = { user: 'user-someone', organisation: 'org-police' }): ItemFacts => ({
  authorUserId: author.user,
  authorOrganisationId: author.organisation,
  audience,
  organisationIds: audience === 'organisations' ? ['org-city'] : [],
  legalBasis,
});

test('the minute taker reads the items of the table and no narrower audience, and sees no identity', () => {
  const relation = relationFor('minuteTaker', 'minutes');
  assert.ok(relation, 'expected the minute taker to reach the case');
  assert.equal(accessPurpose(relation), 'minutes', 'expected the purpose "minutes"');
  assert.equal(canReadItem(relation, item('table'), null), true, 'expected an item for the table to be readable');
  for (const audience of ['care_network', 'organisations', 'own_organisation'] as const) {
    assert.equal(canReadItem(relation, item(audience), null), false, `expected an item for ${audience} to stay closed`);
  }
  assert.equal(
    canReadItem(relation, item('table', 'consent'), null),
    false,
    'expected an item on a consent that does not name the city to stay closed',
  );
  const colleague = { user: 'user-colleague-at-the-city', organisation: 'org-city' };
  assert.equal(
    canReadItem(relation, item('own_organisation', 'art_458ter', colleague), null),
    false,
    'expected a colleague’s own-organisation item to stay closed',
  );
  const ownMinutes = { user: 'user-minuteTaker', organisation: 'org-city' };
  assert.equal(
    canReadItem(relation, item('own_organisation', 'art_458ter', ownMinutes), null),
    true,
    'expected the minute taker to read what they wrote',
  );
  assert.equal(canSeeIdentity(relation, 'table'), false, 'expected the minute taker to see the pseudonym only');
});

test('the minute taker may add an item and do nothing else to the case', () => {
  const relation = relationFor('minuteTaker', 'minutes');
  assert.ok(relation, 'expected the minute taker to reach the case');
  assert.equal(canOnCase('addItem', relation, facts), true, 'expected addItem to be allowed');
  for (const action of ['update', 'manageParticipants', 'raiseDisclosure', 'close', 'recordConsent'] as const) {
    assert.equal(canOnCase(action, relation, facts), false, `expected ${action} to be refused`);
  }
});

test('outside a meeting a minute taker stands in no relation to any case', () => {
  const actor = actorOf('minuteTaker');
  const relation = relationTo(actor, facts, { tableKeyFigure: true, participantRole: 'key_figure' });
  assert.equal(accessPurpose(relation), null, 'expected no purpose for a minute taker outside a meeting');
});
