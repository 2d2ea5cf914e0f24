import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../../access/actor.ts';
import { assertPolicyMatrix, type RoleOrNone } from '../../test/policy-matrix.ts';

test('gap register and publishing: working roles and the coordinator record gaps; analysts and the coordinator read the report; only the coordinator publishes', () => {
  const rows = assertPolicyMatrix(['directory.recordGap', 'directory.readGapReport', 'directory.publish'], (role: RoleOrNone, action) => {
    switch (action) {
      case 'directory.recordGap':
        return role === 'coordinator' || role === 'professional' || role === 'minute_taker';
      case 'directory.readGapReport':
        return role === 'coordinator' || role === 'analyst';
      case 'directory.publish':
        return role === 'coordinator';
      default:
        throw new Error(action);
    }
  });
  assert.equal(rows, (ROLES.length + 1) * 3, 'every role (and none) × every gap and publishing rule was checked');
});
