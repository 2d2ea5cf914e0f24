import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../../access/actor.ts';
import { actorFor } from '../../test/harness.ts';
import { mayConfirmModalities, mayReadTableGovernance, maySeeModalityConfirmations } from './tables.policy.ts';
import type { TableMemberRole } from './tables.schemas.ts';
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

test('table governance (the history): the coordinator always, anyone else only while seated at the table', () => {
  const seatings: (readonly TableMemberRole[])[] = [[], ['key_figure'], ['minute_taker'], ['key_figure', 'minute_taker']];
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    for (const seats of seatings) {
      const expectedAnswer = role === 'coordinator' || seats.length > 0;
      assert.equal(mayReadTableGovernance(actor, seats), expectedAnswer, `${role} seated as [${seats.join(', ')}]`);
      rows += 1;
    }
  }
  assert.equal(rows, (ROLES.length + 1) * seatings.length, 'every role × seating was checked');
});

test('modalities: only who sits at the table confirms them (a seatless coordinator does not); only the coordinator sees the overview', () => {
  const seatings: (readonly TableMemberRole[])[] = [[], ['key_figure'], ['minute_taker'], ['key_figure', 'minute_taker']];
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    assert.equal(maySeeModalityConfirmations(actor), role === 'coordinator', `${role} sees who confirmed: only the coordinator`);
    for (const seats of seatings) {
      assert.equal(mayConfirmModalities(seats), seats.length > 0, `${role} seated as [${seats.join(', ')}] confirms only when seated`);
      rows += 1;
    }
  }
  assert.equal(rows, (ROLES.length + 1) * seatings.length, 'every role × seating was checked');
});
