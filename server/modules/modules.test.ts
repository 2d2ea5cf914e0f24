import assert from 'node:assert/strict';
import { test } from 'node:test';
// The lint rule's ownership map, so that it cannot drift from what the modules declare.
import { TABLE_OWNERS } from '../../eslint.config.js';
import { MODULES } from './modules.ts';

/**
 * The module manifests are the one place a module declares its policy, tables and audit vocabulary;
 * these checks keep the declarations consistent with each other and with the lint rule that enforces
 * table ownership. (tenant-tables.int.test.ts ties them to the migrated schema.)
 */
test('every table is owned by exactly one module, and the lint rule knows the same owners', () => {
  const owners = new Map<string, string>();
  for (const module of MODULES) {
    for (const table of module.tables) {
      assert.equal(owners.get(table), undefined, `${table} is declared by ${module.name} and by ${owners.get(table)}; one owner only`);
      owners.set(table, module.name);
    }
  }
  assert.deepEqual(
    Object.fromEntries([...owners.entries()].sort()),
    Object.fromEntries(Object.entries(TABLE_OWNERS as Record<string, string>).sort()),
    'TABLE_OWNERS in eslint.config.js names the same owner for every table as the manifests',
  );
});

test('a module guards only tables it owns', () => {
  for (const module of MODULES) {
    for (const table of module.tenantTables) {
      assert.ok((module.tables as readonly string[]).includes(table), `${module.name} guards ${table}, which it must also own`);
    }
  }
});

test('policy resources and audit actions are declared once, each by one module', () => {
  const resources = MODULES.flatMap((module) => Object.keys(module.policy));
  assert.equal(new Set(resources).size, resources.length, `every policy resource belongs to one module (${resources.join(', ')})`);
  const actions = MODULES.flatMap((module) => module.auditActions);
  assert.equal(new Set(actions).size, actions.length, 'every audit action is declared by one module only');
  for (const module of MODULES) {
    for (const action of module.auditActions) {
      assert.match(action, /^[a-z_]+\.[a-z_]+$/, `${module.name}: audit action ${action} is written resource.verb in snake case`);
    }
  }
});
