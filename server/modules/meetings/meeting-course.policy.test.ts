import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import { actorFor } from '../../test/harness.ts';

/** Every role (and none) × every seating on the table, in the same network and another one. */
const SEATINGS: (readonly string[])[] = [[], ['key_figure'], ['minute_taker'], ['key_figure', 'minute_taker']];

test('meetings.start: the coordinator, or a minute taker by role seated as the table’s minute taker; never another network', () => {
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    for (const seats of SEATINGS) {
      const expected = role === 'coordinator' || (role === 'minute_taker' && seats.includes('minute_taker'));
      assert.equal(can(actor, 'meetings.start', { tenantId: 't', seats }), expected, `${role} seated as [${seats.join(', ')}] starts: ${expected}`);
      assert.equal(
        can(actor, 'meetings.start', { tenantId: 'other', seats }),
        false,
        `${role} seated as [${seats.join(', ')}] never starts another network’s`,
      );
      rows += 1;
    }
  }
  assert.equal(rows, (ROLES.length + 1) * SEATINGS.length, 'every role × seating was checked');
});

test('meetings.close: the coordinator only, whatever the seats; never another network', () => {
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    for (const seats of SEATINGS) {
      const expected = role === 'coordinator';
      assert.equal(can(actor, 'meetings.close', { tenantId: 't', seats }), expected, `${role} seated as [${seats.join(', ')}] closes: ${expected}`);
      assert.equal(
        can(actor, 'meetings.close', { tenantId: 'other', seats }),
        false,
        `${role} seated as [${seats.join(', ')}] never closes another network’s`,
      );
      rows += 1;
    }
  }
  assert.equal(rows, (ROLES.length + 1) * SEATINGS.length, 'every role × seating was checked');
});
