import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import { MEETING_STATUSES } from '../meetings/index.ts';
import { actorFor } from '../../test/harness.ts';

const SEATINGS: (readonly string[])[] = [[], ['key_figure'], ['minute_taker'], ['key_figure', 'minute_taker']];

/** Runs `expect` over every role (and none) × seating × meeting status, in the same network and another. */
function matrix(
  action: 'minutes.write' | 'minutes.addAddendum' | 'minutes.read',
  expect: (role: string, seats: readonly string[], status: string) => boolean,
) {
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    for (const seats of SEATINGS) {
      for (const status of MEETING_STATUSES) {
        const expected = expect(role, seats, status);
        const label = `${action}: ${role} seated as [${seats.join(', ')}], meeting ${status}`;
        assert.equal(can(actor, action, { tenantId: 't', seats, status }), expected, `${label} → ${expected}`);
        assert.equal(can(actor, action, { tenantId: 'other', seats, status }), false, `${label}, another network → false`);
        rows += 1;
      }
    }
  }
  assert.equal(rows, (ROLES.length + 1) * SEATINGS.length * MEETING_STATUSES.length, `every role × seating × status was checked for ${action}`);
}

const takesMinutes = (role: string, seats: readonly string[]) => role === 'minute_taker' && seats.includes('minute_taker');

test('minutes.write: the coordinator or the table’s minute taker (the meeting’s status is decided after: 409 or the door’s 404)', () => {
  matrix('minutes.write', (role, seats) => role === 'coordinator' || takesMinutes(role, seats));
});

test('minutes.addAddendum: the coordinator only, and only once the meeting is closed', () => {
  matrix('minutes.addAddendum', (role, _seats, status) => role === 'coordinator' && status === 'closed');
});

test('minutes.read: the coordinator and the table’s key figures; a minute taker only while the meeting runs', () => {
  matrix(
    'minutes.read',
    (role, seats, status) => role === 'coordinator' || seats.includes('key_figure') || (takesMinutes(role, seats) && status === 'in_progress'),
  );
});
