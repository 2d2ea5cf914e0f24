import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES, type Role } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import { actorFor } from '../../test/harness.ts';
import type { AgreementFacts } from './plans.policy.ts';

/** Every standing an actor can have on a case, as the case door derives it. */
const STANDINGS = {
  coordinator: { seesCase: true, coordinator: true, tableAudience: true },
  tableAudience: { seesCase: true, coordinator: false, tableAudience: true },
  otherRelation: { seesCase: true, coordinator: false, tableAudience: false },
  none: { seesCase: false, coordinator: false, tableAudience: false },
} as const;
type Standing = keyof typeof STANDINGS;

const ORG = 'org-responsible';

function expected(action: string, role: Role | 'none', standing: Standing, ownOrganisation: boolean): boolean {
  const sees = standing !== 'none';
  const coordinator = role === 'coordinator' && standing === 'coordinator';
  const responsible = sees && role === 'professional' && standing !== 'coordinator' && ownOrganisation;
  switch (action) {
    case 'plans.read':
      return sees;
    case 'plans.readNotes':
      return sees && STANDINGS[standing].tableAudience;
    case 'plans.manage':
      return coordinator;
    case 'plans.readAgreement':
      return (sees && STANDINGS[standing].tableAudience) || responsible;
    case 'plans.updateAgreement':
      return coordinator || responsible;
    default:
      throw new Error(action);
  }
}

test('plans policy matrix: role × standing on the case × own organisation × network, for every record rule', () => {
  const actions = ['plans.read', 'plans.readNotes', 'plans.manage', 'plans.readAgreement', 'plans.updateAgreement'] as const;
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    for (const ownOrganisation of [true, false]) {
      const actor = actorFor({
        tenantId: 't',
        userId: 'u',
        organisationId: ownOrganisation ? ORG : 'org-other',
        roles: role === 'none' ? [] : [role],
      });
      for (const standing of Object.keys(STANDINGS) as Standing[]) {
        for (const action of actions) {
          const facts: AgreementFacts = { tenantId: 't', organisationId: ORG, ...STANDINGS[standing] };
          const want = expected(action, role, standing, ownOrganisation);
          assert.equal(
            can(actor, action, facts),
            want,
            `${role} (${standing}, ${ownOrganisation ? 'own' : 'other'} organisation): ${action} is ${want}`,
          );
          assert.equal(can(actor, action, { ...facts, tenantId: 'other' }), false, `${role} (${standing}): ${action} never in another network`);
          rows += 1;
        }
      }
    }
  }
  assert.equal(rows, (ROLES.length + 1) * 2 * 4 * actions.length, 'every combination was checked');
});

test('plans role rules: "our agreements" for professionals (not the neutral coordinator), the overdue panel for the coordinator', () => {
  for (const role of ROLES) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: [role] });
    assert.equal(can(actor, 'plans.listOwn'), role === 'professional', `${role}: plans.listOwn`);
    assert.equal(can(actor, 'plans.overseeOverdue'), role === 'coordinator', `${role}: plans.overseeOverdue`);
  }
  const both = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ['coordinator', 'professional'] });
  assert.equal(can(both, 'plans.listOwn'), false, 'a coordinator who is also a professional stays neutral');
});
