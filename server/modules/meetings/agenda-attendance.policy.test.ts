import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import { actorFor } from '../../test/harness.ts';
import { assertPolicyMatrix } from '../../test/policy-matrix.ts';

const SESSION_AFTER_MFA = { kind: 'session', sessionIdHash: 'h', authenticatedAt: '2026-01-05T09:00:00Z', mfaVerified: true } as const;
const SEATINGS: (readonly string[])[] = [[], ['key_figure'], ['minute_taker'], ['key_figure', 'minute_taker']];

test('meetings.manageAgenda: only the coordinator builds, reorders, adds and removes, by token and by session', () => {
  const viaToken = assertPolicyMatrix(['meetings.manageAgenda'], (role) => role === 'coordinator');
  const viaSession = assertPolicyMatrix(['meetings.manageAgenda'], (role) => role === 'coordinator', SESSION_AFTER_MFA);
  assert.equal(viaToken + viaSession, 2 * (ROLES.length + 1), 'every role was checked twice');
});

test('meetings.attest: whoever sees the meeting (the coordinator, anyone seated at the table); never another network', () => {
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    for (const seats of SEATINGS) {
      const expected = role === 'coordinator' || seats.length > 0;
      assert.equal(can(actor, 'meetings.attest', { tenantId: 't', seats }), expected, `${role} seated as [${seats.join(', ')}] attests: ${expected}`);
      assert.equal(can(actor, 'meetings.attest', { tenantId: 'other', seats }), false, `${role} never attests for another network`);
      rows += 1;
    }
  }
  assert.equal(rows, (ROLES.length + 1) * SEATINGS.length, 'every role × seating was checked');
});

test('meetings.recordAttendance: the coordinator, or a minute taker seated at the table; a key figure alone does not', () => {
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    for (const seats of SEATINGS) {
      const expected = role === 'coordinator' || seats.includes('minute_taker');
      assert.equal(
        can(actor, 'meetings.recordAttendance', { tenantId: 't', seats }),
        expected,
        `${role} seated as [${seats.join(', ')}] records attendance: ${expected}`,
      );
      assert.equal(can(actor, 'meetings.recordAttendance', { tenantId: 'other', seats }), false, `${role} never records for another network`);
      rows += 1;
    }
  }
  assert.equal(rows, (ROLES.length + 1) * SEATINGS.length, 'every role × seating was checked');
});
