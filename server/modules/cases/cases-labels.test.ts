import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES } from '../../platform/config.ts';
import { catalogues } from '../../ui/i18n.ts';
import { CASE_EVENT_KINDS } from './case-journal.ts';
import {
  AGE_BANDS,
  AUDIENCES,
  CASE_OUTCOMES,
  CASE_STATUSES,
  CONSENT_GIVERS,
  GENDERS,
  IDENTITY_DISCLOSURES,
  ITEM_CLASSES,
  LEGAL_BASES,
  PARTICIPANT_ROLES,
  THEMES,
} from './cases.vocabulary.ts';

// The case screens build these keys from the vocabularies, so the catalogue scan of i18n.test.ts cannot see them.
const LABELLED: [string, readonly string[]][] = [
  ['cases.theme', THEMES],
  ['cases.status', CASE_STATUSES],
  ['cases.disclosure', IDENTITY_DISCLOSURES],
  ['cases.disclosure', IDENTITY_DISCLOSURES.map((value) => `${value}_hint`)],
  ['cases.age_band', AGE_BANDS],
  ['cases.gender', GENDERS],
  ['cases.role', PARTICIPANT_ROLES],
  ['cases.role', PARTICIPANT_ROLES.map((value) => `${value}_hint`)],
  ['cases.audience', AUDIENCES],
  ['cases.audience', AUDIENCES.map((value) => `${value}_hint`)],
  ['cases.legal_basis', LEGAL_BASES],
  ['cases.legal_basis', LEGAL_BASES.map((value) => `${value}_hint`)],
  ['cases.item_class', ITEM_CLASSES],
  ['cases.outcome', CASE_OUTCOMES],
  ['cases.consent.given_by', CONSENT_GIVERS],
  ['cases.event', CASE_EVENT_KINDS],
];

test('every vocabulary value the case screens show has a label (and each choice its explanation) in nl, fr and en', () => {
  const keys = LABELLED.flatMap(([prefix, values]) => values.map((value) => `${prefix}.${value}`));
  assert.equal(keys.length, 78, 'keys holds 78 entries');
  for (const locale of LOCALES) {
    for (const key of keys) assert.ok(catalogues[locale][key]?.trim(), `"${key}" is missing in ${locale}`);
  }
});

test('the explanations of audiences and legal bases are written out in each language, not copied', () => {
  for (const key of [...AUDIENCES.map((value) => `cases.audience.${value}_hint`), ...LEGAL_BASES.map((value) => `cases.legal_basis.${value}_hint`)]) {
    assert.notEqual(catalogues.nl[key], catalogues.en[key], key);
    assert.notEqual(catalogues.fr[key], catalogues.en[key], key);
    assert.notEqual(catalogues.fr[key], catalogues.nl[key], key);
  }
});
