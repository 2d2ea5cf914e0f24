import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES, type Role } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import { actorFor } from '../../test/harness.ts';
import { SIGNAL_STATUSES, type SignalFacts } from '../signals/index.ts';

/**
 * `screening.list`, written out by hand: every single role × reporter or not × every status × same
 * or other network. The screenings of a signal are the coordinator's, in their own network, in any
 * status; the reporter — even a reporting professional — never sees them.
 */
test('screening.list: the coordinator of the signal’s network only, in every status, reporter or not', () => {
  for (const role of ROLES as readonly Role[])
    for (const reporter of [false, true])
      for (const status of SIGNAL_STATUSES)
        for (const sameNetwork of [true, false]) {
          const actor = actorFor({ tenantId: 'tenant-a', userId: 'user-1', organisationId: 'org-1', roles: [role] });
          const facts: SignalFacts = { tenantId: sameNetwork ? 'tenant-a' : 'tenant-b', reporter, status };
          const expected = role === 'coordinator' && sameNetwork;
          assert.equal(
            can(actor, 'screening.list', facts),
            expected,
            `${role}, ${reporter ? 'reporter' : 'not the reporter'}, ${status}, ${sameNetwork ? 'same' : 'other'} network: ${expected ? 'sees' : 'does not see'} the screenings`,
          );
        }
});
