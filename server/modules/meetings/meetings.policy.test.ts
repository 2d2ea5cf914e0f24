import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { PolicyAction } from '../../access/policy-registry.ts';
import { actorFor } from '../../test/harness.ts';
import { assertPolicyMatrix } from '../../test/policy-matrix.ts';

const SESSION_AFTER_MFA = { kind: 'session', sessionIdHash: 'h', authenticatedAt: '2026-01-05T09:00:00Z', mfaVerified: true } as const;
const ROLE_ACTIONS: PolicyAction[] = ['meetings.manageSchedule', 'meetings.plan'];

test('meetings policy matrix: only the coordinator sets schedules and plans meetings, by token and by session', () => {
  const viaToken = assertPolicyMatrix(ROLE_ACTIONS, (role) => role === 'coordinator');
  const viaSession = assertPolicyMatrix(ROLE_ACTIONS, (role) => role === 'coordinator', SESSION_AFTER_MFA);
  assert.equal(viaToken + viaSession, 2 * (ROLES.length + 1) * ROLE_ACTIONS.length, 'every role × action was checked twice');
});

test('meetings.read: the coordinator of the network, and whoever sits at the table; never another network', () => {
  const seatings: (readonly string[])[] = [[], ['key_figure'], ['minute_taker'], ['key_figure', 'minute_taker']];
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    for (const seats of seatings) {
      const expected = role === 'coordinator' || seats.length > 0;
      assert.equal(can(actor, 'meetings.read', { tenantId: 't', seats }), expected, `${role} seated as [${seats.join(', ')}] in the same network`);
      assert.equal(
        can(actor, 'meetings.read', { tenantId: 'other', seats }),
        false,
        `${role} seated as [${seats.join(', ')}] never reads another network's`,
      );
      rows += 1;
    }
  }
  assert.equal(rows, (ROLES.length + 1) * seatings.length, 'every role × seating was checked');
});

test('meetings.completeInventory: a key figure of the table from the task’s organisation; never the coordinator, a minute taker, another organisation or network', () => {
  const seatings: (readonly string[])[] = [[], ['key_figure'], ['minute_taker'], ['key_figure', 'minute_taker']];
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    for (const seats of seatings) {
      const expected = role !== 'coordinator' && seats.includes('key_figure');
      assert.equal(
        can(actor, 'meetings.completeInventory', { tenantId: 't', seats, organisationId: 'o' }),
        expected,
        `${role} seated as [${seats.join(', ')}] for their own organisation`,
      );
      assert.equal(
        can(actor, 'meetings.completeInventory', { tenantId: 't', seats, organisationId: 'other-org' }),
        false,
        `${role} seated as [${seats.join(', ')}] never completes another organisation’s inventory`,
      );
      assert.equal(
        can(actor, 'meetings.completeInventory', { tenantId: 'other', seats, organisationId: 'o' }),
        false,
        `${role} seated as [${seats.join(', ')}] never completes one of another network`,
      );
      rows += 1;
    }
  }
  assert.equal(rows, (ROLES.length + 1) * seatings.length, 'every role × seating was checked');
});

test('meetings.readInventory: who sees the meeting and belongs to the task’s organisation; never another organisation, an actor without one, or another network', () => {
  const seatings: (readonly string[])[] = [[], ['key_figure'], ['minute_taker'], ['key_figure', 'minute_taker']];
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    const withoutOrganisation = actorFor({ tenantId: 't', userId: 'u', organisationId: '', roles: role === 'none' ? [] : [role] });
    for (const seats of seatings) {
      const seesMeeting = role === 'coordinator' || seats.length > 0;
      assert.equal(
        can(actor, 'meetings.readInventory', { tenantId: 't', seats, organisationId: 'o' }),
        seesMeeting,
        `${role} seated as [${seats.join(', ')}] reads their own organisation’s inventory exactly when they see the meeting`,
      );
      assert.equal(
        can(actor, 'meetings.readInventory', { tenantId: 't', seats, organisationId: 'other-org' }),
        false,
        `${role} seated as [${seats.join(', ')}] never reads another organisation’s inventory`,
      );
      assert.equal(
        can(withoutOrganisation, 'meetings.readInventory', { tenantId: 't', seats, organisationId: '' }),
        false,
        `${role} seated as [${seats.join(', ')}] without an organisation reads no inventory`,
      );
      assert.equal(
        can(actor, 'meetings.readInventory', { tenantId: 'other', seats, organisationId: 'o' }),
        false,
        `${role} seated as [${seats.join(', ')}] never reads one of another network`,
      );
      rows += 1;
    }
  }
  assert.equal(rows, (ROLES.length + 1) * seatings.length, 'every role × seating was checked');
});

test('meetings.change (move, cancel): only the coordinator of the same network, whatever their seats', () => {
  const seatings: (readonly string[])[] = [[], ['key_figure'], ['minute_taker']];
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    for (const seats of seatings) {
      assert.equal(
        can(actor, 'meetings.change', { tenantId: 't', seats }),
        role === 'coordinator',
        `${role} seated as [${seats.join(', ')}] changes only as coordinator`,
      );
      assert.equal(can(actor, 'meetings.change', { tenantId: 'other', seats }), false, `${role} never changes another network's meeting`);
      rows += 1;
    }
  }
  assert.equal(rows, (ROLES.length + 1) * seatings.length, 'every role × seating was checked');
});
