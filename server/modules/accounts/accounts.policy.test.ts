import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { PolicyAction } from '../../access/policy-registry.ts';
import { actorFor } from '../../test/harness.ts';
import { assertPolicyMatrix, type RoleOrNone } from '../../test/policy-matrix.ts';
import { changesOwnStanding, combinesOversightWithCaseRole } from './accounts.policy.ts';

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
  'me.createToken',
  'me.changePassword',
];

const SESSION_AFTER_MFA = { kind: 'session', sessionIdHash: 'h', authenticatedAt: '2026-01-05T09:00:00Z', mfaVerified: true } as const;

/** Only administrators manage the network; everyone reads and changes their own profile. */
function expected(role: RoleOrNone, action: PolicyAction, viaSessionAfterMfa: boolean): boolean {
  if (action === 'me.createToken' || action === 'me.changePassword') return viaSessionAfterMfa;
  if (action.startsWith('me.')) return true;
  return role === 'admin';
}

test('accounts policy matrix: every role × action, through an API token and through a browser session after MFA', () => {
  const viaToken = assertPolicyMatrix(ACTIONS, (role, action) => expected(role, action, false));
  const viaSession = assertPolicyMatrix(ACTIONS, (role, action) => expected(role, action, true), SESSION_AFTER_MFA);
  assert.equal(viaToken + viaSession, 2 * (ROLES.length + 1) * ACTIONS.length, 'viaToken + viaSession is 2 * (ROLES.length + 1) * ACTIONS.length');
});

test('a session that has not passed the second factor cannot create a token', () => {
  const pending = {
    ...actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ['admin'] }),
    authentication: { ...SESSION_AFTER_MFA, mfaVerified: false },
  };
  assert.equal(can(pending, 'me.createToken'), false, "can(pending, 'me.createToken') is false");
  assert.equal(can(pending, 'me.changePassword'), false, 'a pending session cannot change the password either');
});

test('holding admin beside other roles still allows administration; other roles combined do not', () => {
  const coordinatorAndDpo = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ['coordinator', 'dpo', 'analyst'] });
  assert.equal(can(coordinatorAndDpo, 'users.create'), false, "can(coordinatorAndDpo, 'users.create') is false");
  const adminAndProfessional = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ['professional', 'admin'] });
  assert.equal(can(adminAndProfessional, 'users.create'), true, "can(adminAndProfessional, 'users.create') is true");
});

test('role separation: every pair of roles, a case role beside admin or dpo is refused; analyst combines with anything', () => {
  const caseRoles = new Set(['coordinator', 'professional', 'minute_taker']);
  const oversight = new Set(['admin', 'dpo']);
  for (const first of ROLES) {
    for (const second of ROLES) {
      const expectedRefusal = (caseRoles.has(first) && oversight.has(second)) || (oversight.has(first) && caseRoles.has(second));
      assert.equal(combinesOversightWithCaseRole([first, second]), expectedRefusal, `${first} + ${second}`);
    }
  }
  assert.equal(combinesOversightWithCaseRole(['analyst', 'admin', 'dpo']), false, 'analyst, admin and dpo open no case content together');
});

test('nobody changes their own roles, status or organisation; others may, and one’s own name is not standing', () => {
  const admin = actorFor({ tenantId: 't', userId: 'me', organisationId: 'o', roles: ['admin'] });
  const none = { roles: false, status: false, organisation: false };
  for (const field of ['roles', 'status', 'organisation'] as const) {
    assert.equal(changesOwnStanding(admin, 'me', { ...none, [field]: true }), true, `own ${field} is refused`);
    assert.equal(changesOwnStanding(admin, 'someone-else', { ...none, [field]: true }), false, `another user's ${field} is not self-change`);
  }
  assert.equal(changesOwnStanding(admin, 'me', none), false, 'a change of own name only is allowed');
});
