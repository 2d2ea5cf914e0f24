import assert from 'node:assert/strict';
import { ROLES, type Actor, type Role } from '../access/actor.ts';
import { can } from '../access/authorize.ts';
import type { PolicyAction } from '../access/policy-registry.ts';
import { actorFor } from './harness.ts';

export type RoleOrNone = Role | 'none';

/**
 * Checks one policy for every single role (and none) × action against an expectation written out
 * in the test, and returns how many rows it checked. `authentication` lets a matrix cover
 * browser sessions as well as API tokens.
 */
export function assertPolicyMatrix(
  actions: readonly PolicyAction[],
  expected: (role: RoleOrNone, action: PolicyAction) => boolean,
  authentication?: Actor['authentication'],
): number {
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const base = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    const actor = authentication ? { ...base, authentication } : base;
    for (const action of actions) {
      // Role-only rules: a record rule here would get no facts and throw, which fails the matrix loudly.
      const roleRule = can as (actor: Actor, action: PolicyAction) => boolean;
      assert.equal(roleRule(actor, action), expected(role, action), `${role} × ${action} (${actor.authentication.kind})`);
      rows += 1;
    }
  }
  return rows;
}
