import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../../access/actor.ts';
import { assertPolicyMatrix } from '../../test/policy-matrix.ts';

const SESSION_AFTER_MFA = { kind: 'session', sessionIdHash: 'h', authenticatedAt: '2026-01-05T09:00:00Z', mfaVerified: true } as const;
const SESSION_BEFORE_MFA = { ...SESSION_AFTER_MFA, mfaVerified: false } as const;

test('meetings.manageOwnFeed: every role may create a feed from a session past the second factor; never by a token or before the second factor', () => {
  const viaToken = assertPolicyMatrix(['meetings.manageOwnFeed'], () => false);
  const beforeMfa = assertPolicyMatrix(['meetings.manageOwnFeed'], () => false, SESSION_BEFORE_MFA);
  const afterMfa = assertPolicyMatrix(['meetings.manageOwnFeed'], () => true, SESSION_AFTER_MFA);
  assert.equal(viaToken + beforeMfa + afterMfa, 3 * (ROLES.length + 1), 'every role × way of signing in was checked');
});

test('meetings.revokeOwnFeed: anyone signed in may revoke their own feed, by token or session', () => {
  const viaToken = assertPolicyMatrix(['meetings.revokeOwnFeed'], () => true);
  const viaSession = assertPolicyMatrix(['meetings.revokeOwnFeed'], () => true, SESSION_AFTER_MFA);
  assert.equal(viaToken + viaSession, 2 * (ROLES.length + 1), 'every role × way of signing in was checked');
});
