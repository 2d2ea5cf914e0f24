import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES } from '../../platform/config.ts';
import { catalogues } from '../../ui/i18n.ts';
import { LEGAL_FRAMEWORKS, TABLE_AUDIENCES, TABLE_MEMBER_ROLES } from './tables.schemas.ts';

// The pages build these keys from the vocabularies, so the catalogue scan of i18n.test.ts cannot see them.
test('every audience, legal framework and member role has a label in nl, fr and en', () => {
  const keys = [
    ...TABLE_AUDIENCES.map((value) => `tables.audience.${value}`),
    ...LEGAL_FRAMEWORKS.map((value) => `tables.legal_framework.${value}`),
    ...TABLE_MEMBER_ROLES.map((value) => `tables.member_role.${value}`),
  ];
  assert.equal(keys.length, 7, 'keys holds 7 entries');
  for (const locale of LOCALES) {
    for (const key of keys) assert.ok(catalogues[locale][key]?.trim(), `"${key}" is missing in ${locale}`);
  }
});

test('the labels differ between languages where the words do', () => {
  assert.notEqual(
    catalogues.nl['tables.member_role.key_figure'],
    catalogues.en['tables.member_role.key_figure'],
    'catalogues.nl[\'tables.member_role.key_figure\'] is not the "tables.member_role.key_figure" text',
  );
  assert.notEqual(
    catalogues.fr['tables.audience.minors'],
    catalogues.en['tables.audience.minors'],
    'catalogues.fr[\'tables.audience.minors\'] is not the "tables.audience.minors" text',
  );
});
