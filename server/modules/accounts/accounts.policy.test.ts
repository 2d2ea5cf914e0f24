import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES, type Role } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { PolicyAction } from '../../access/policy-registry.ts';
import { actorFor } from '../../test/harness.ts';

const ACTIONS: PolicyAction[] = [
  'organisations.list',
  'organisations.read',
  'organisations.create',
  'organisations.update',
  'users.list',
  'users.read',
  'users.create',
  'users.update',
  'me.read',
  'me.update',
];

/** The expected answer for every role × action: only administrators manage the network. */
function expected(role: Role | 'none', action: PolicyAction): boolean {
  if (action.startsWith('me.')) return true;
  return role === 'admin';
}

test('accounts policy matrix: every role × action', () => {
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    for (const action of ACTIONS) {
      assert.equal(can(actor, action), expected(role, action), `${role} × ${action}`);
      rows += 1;
    }
  }
  assert.equal(rows, (ROLES.length + 1) * ACTIONS.length);
});

test('holding admin beside other roles still allows administration; other roles combined do not', () => {
  const coordinatorAndDpo = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ['coordinator', 'dpo', 'analyst'] });
  assert.equal(can(coordinatorAndDpo, 'users.create'), false);
  const adminAndProfessional = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ['professional', 'admin'] });
  assert.equal(can(adminAndProfessional, 'users.create'), true);
});
