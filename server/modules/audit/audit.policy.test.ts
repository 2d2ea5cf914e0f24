import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { PolicyAction } from '../../access/policy-registry.ts';
import { actorFor } from '../../test/harness.ts';
import { assertPolicyMatrix, type RoleOrNone } from '../../test/policy-matrix.ts';

const ACTIONS: PolicyAction[] = ['audit.list'];

/** The expected answer for every role × action: only the data protection officer reads the trail. */
function expected(role: RoleOrNone, action: PolicyAction): boolean {
  return action === 'audit.list' && role === 'dpo';
}

test('audit policy matrix: every role × action', () => {
  assert.equal(assertPolicyMatrix(ACTIONS, expected), (ROLES.length + 1) * ACTIONS.length);
});

test('the dpo role beside others still reads the trail; every other combination, admin included, does not', () => {
  const everythingButDpo = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ROLES.filter((role) => role !== 'dpo') });
  assert.equal(can(everythingButDpo, 'audit.list'), false);
  const dpoAndAdmin = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ['admin', 'dpo'] });
  assert.equal(can(dpoAndAdmin, 'audit.list'), true);
});
