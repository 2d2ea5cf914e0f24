import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translator } from '../../ui/i18n.ts';
import type { View } from '../../ui/view.ts';
import { FormErrors } from './cases.components.tsx';

const view: View = {
  t: translator('fr'),
  locale: 'fr',
  csrfToken: 'token',
  path: '/',
  tenantName: null,
  user: null,
  flash: null,
  idleSeconds: null,
};

test('the scoped summary of a page with several forms names the field too, in French with its own punctuation', async () => {
  const html = await (
    <FormErrors view={view} scope="item" errors={{ body: 'Ce champ est obligatoire.' }} labels={{ body: 'L’information' }} />
  ).toString();
  assert.ok(html.includes('<a href="#field-item-body">L’information : Ce champ est obligatoire.</a>'), `the field is named in French: ${html}`);
});
