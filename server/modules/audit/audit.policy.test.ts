import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { PolicyAction } from '../../access/policy-registry.ts';
import type { RoleAction } from '../../access/authorize.ts';
import { actorFor } from '../../test/harness.ts';
import { assertPolicyMatrix, type RoleOrNone } from '../../test/policy-matrix.ts';

const ACTIONS: RoleAction[] = ['audit.list', 'audit.accessReport', 'audit.revealStaff'];

/** The expected answer for every role × action: only the data protection officer reads the trail and its reports. */
function expected(role: RoleOrNone, action: PolicyAction): boolean {
  return (ACTIONS as readonly PolicyAction[]).includes(action) && role === 'dpo';
}

test('audit policy matrix: every role × action', () => {
  assert.equal(
    assertPolicyMatrix(ACTIONS, expected),
    (ROLES.length + 1) * ACTIONS.length,
    'assertPolicyMatrix(ACTIONS, expected) is (ROLES.length + 1) * ACTIONS.length',
  );
});

test('the dpo role beside others still reads the trail; every other combination, admin included, does not', () => {
  const everythingButDpo = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ROLES.filter((role) => role !== 'dpo') });
  const dpoAndAdmin = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ['admin', 'dpo'] });
  for (const action of ACTIONS) {
    assert.equal(can(everythingButDpo, action), false, `${action}: refused without the dpo role`);
    assert.equal(can(dpoAndAdmin, action), true, `${action}: allowed with the dpo role beside admin`);
  }
});
