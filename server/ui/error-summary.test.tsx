import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorSummary } from './components.tsx';
import { translator } from './i18n.ts';
import type { View } from './view.ts';

const viewIn = (locale: 'nl' | 'fr'): View => ({
  t: translator(locale),
  locale,
  csrfToken: 'token',
  path: '/',
  tenantName: null,
  user: null,
  flash: null,
  idleSeconds: null,
});

test('the error summary names the field of each problem; a problem of the whole form has no field name', async () => {
  const view = viewIn('nl');
  const html = await (
    <ErrorSummary view={view} errors={{ givenName: 'Dit veld is verplicht.', form: 'Er ging iets mis.' }} labels={{ givenName: 'Voornaam' }} />
  ).toString();
  assert.ok(html.includes('<a href="#field-givenName">Voornaam: Dit veld is verplicht.</a>'), `the field is named and linked: ${html}`);
  assert.ok(html.includes('<li>Er ging iets mis.</li>'), `the form-level problem stands alone: ${html}`);
});

test('a field the form gives no label for is listed with its message only', async () => {
  const html = await (<ErrorSummary view={viewIn('nl')} errors={{ other: 'Ongeldig.' }} labels={{}} />).toString();
  assert.ok(html.includes('<a href="#field-other">Ongeldig.</a>'), `no name is made up: ${html}`);
});
