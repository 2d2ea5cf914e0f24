import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES } from '../../platform/config.ts';
import { catalogues } from '../../ui/i18n.ts';
import { AUDIT_ACTIONS, AUDIT_RESOURCE_TYPES } from './audit.actions.ts';
import { AUDIT_DECISIONS } from './audit.schemas.ts';

test('every audited action, resource type and decision has a label in nl, fr and en', () => {
  const keys = [
    ...AUDIT_ACTIONS.map((action) => `audit.action.${action}`),
    ...AUDIT_RESOURCE_TYPES.map((type) => `audit.resource.${type}`),
    ...AUDIT_DECISIONS.map((decision) => `audit.decision.${decision}`),
    'audit.nav',
  ];
  for (const locale of LOCALES) {
    for (const key of keys) assert.ok(catalogues[locale][key], `"${key}" is missing in ${locale}`);
  }
});

test('labels of different actions differ within each language', () => {
  for (const locale of LOCALES) {
    const labels = AUDIT_ACTIONS.map((action) => catalogues[locale][`audit.action.${action}`]);
    assert.equal(new Set(labels).size, labels.length, locale);
  }
});
