import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../../access/actor.ts';
import type { PolicyAction } from '../../access/policy-registry.ts';
import { assertPolicyMatrix, type RoleOrNone } from '../../test/policy-matrix.ts';

const ACTIONS: PolicyAction[] = ['tables.list', 'tables.read', 'tables.create', 'tables.update', 'tables.manageMembers'];

const SESSION_AFTER_MFA = { kind: 'session', sessionIdHash: 'h', authenticatedAt: '2026-01-05T09:00:00Z', mfaVerified: true } as const;

/** Partner tables are the coordinator's alone: no other role lists, reads, sets up or staffs them. */
const expected = (role: RoleOrNone): boolean => role === 'coordinator';

test('tables policy matrix: every role × action, through an API token and through a browser session', () => {
  const viaToken = assertPolicyMatrix(ACTIONS, (role) => expected(role));
  const viaSession = assertPolicyMatrix(ACTIONS, (role) => expected(role), SESSION_AFTER_MFA);
  assert.equal(viaToken + viaSession, 2 * (ROLES.length + 1) * ACTIONS.length, 'viaToken + viaSession is 2 * (ROLES.length + 1) * ACTIONS.length');
});
