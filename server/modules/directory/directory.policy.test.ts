import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES, type Role } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import { actorFor } from '../../test/harness.ts';
import { assertPolicyMatrix, type RoleOrNone } from '../../test/policy-matrix.ts';

const OWN = 'org-own';

test('directory role rules: every role reads and exports; the coordinator imports and assigns curators; working roles add entries', () => {
  const rows = assertPolicyMatrix(
    ['directory.read', 'directory.export', 'directory.create', 'directory.assignCurator', 'directory.import'],
    (role: RoleOrNone, action) => {
      switch (action) {
        case 'directory.read':
        case 'directory.export':
          return role !== 'none';
        case 'directory.create':
          return role === 'coordinator' || role === 'professional' || role === 'minute_taker';
        case 'directory.assignCurator':
        case 'directory.import':
          return role === 'coordinator';
        default:
          throw new Error(action);
      }
    },
  );
  assert.equal(rows, (ROLES.length + 1) * 5, 'every role (and none) × every role rule was checked');
});

test('directory.curate: the coordinator any entry; professionals and minute takers only entries their organisation curates', () => {
  const curators = { own: OWN, other: 'org-other', none: null } as const;
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: OWN, roles: role === 'none' ? [] : [role as Role] });
    for (const [name, curatorOrganisationId] of Object.entries(curators)) {
      const expected = role === 'coordinator' || ((role === 'professional' || role === 'minute_taker') && name === 'own');
      assert.equal(can(actor, 'directory.curate', { curatorOrganisationId }), expected, `${role} × curator ${name}`);
      rows += 1;
    }
  }
  assert.equal(rows, (ROLES.length + 1) * 3, 'every role × curator standing was checked');
});
