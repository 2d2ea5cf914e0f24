import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES } from '../../platform/config.ts';
import { catalogues } from '../../ui/i18n.ts';
import { ACCESS_PURPOSES } from '../cases/index.ts';
import { ACCESS_REPORT_PURPOSES } from './access-report.ts';
import { AUDIT_ACTIONS, AUDIT_RESOURCE_TYPES } from './audit.actions.ts';
import { AUDIT_DECISIONS } from './audit.schemas.ts';
import { PERSON_ROLES } from './find-person-cases.ts';

test('every audited action, resource type, decision, access purpose and person role has a label in nl, fr and en', () => {
  const keys = [
    ...AUDIT_ACTIONS.map((action) => `audit.action.${action}`),
    ...ACCESS_REPORT_PURPOSES.map((purpose) => `audit.report.purpose.${purpose}`),
    ...AUDIT_RESOURCE_TYPES.map((type) => `audit.resource.${type}`),
    ...AUDIT_DECISIONS.map((decision) => `audit.decision.${decision}`),
    ...PERSON_ROLES.map((role) => `audit.report.person_role.${role}`),
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

test('the access report labels exactly the purposes the cases module records', () => {
  assert.deepEqual(
    [...ACCESS_REPORT_PURPOSES].sort(),
    [...ACCESS_PURPOSES].sort(),
    '[...ACCESS_REPORT_PURPOSES].sort() is [...ACCESS_PURPOSES].sort()',
  );
});
