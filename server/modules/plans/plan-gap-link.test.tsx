import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translator } from '../../ui/i18n.ts';
import type { View } from '../../ui/view.ts';
import type { Plan } from './plans.schemas.ts';
import { PlanPage } from './plans.views.tsx';

const view: View = {
  t: translator('nl'),
  locale: 'nl',
  csrfToken: 'token',
  path: '/',
  tenantName: null,
  user: null,
  flash: null,
  idleSeconds: null,
};

const plan = (recordGap: boolean): Plan => ({
  caseId: 'case-1',
  reference: 'PT-2026-0001',
  objectives: [],
  agreements: [],
  abilities: { manage: false, recordGap },
  meetingChoices: null,
  organisationChoices: null,
  serviceChoices: null,
});

test('the plan tab links "record a gap" (with the case) exactly when the plan says the user may (view-plan.ts: directory.recordGap); no link otherwise', async () => {
  const link = 'href="/directory/gaps/new?caseId=case-1"';
  const shown = await (<PlanPage view={view} plan={plan(true)} />).toString();
  assert.ok(shown.includes(link), 'a user who may record gaps gets the link with the case');
  assert.ok(shown.includes(translator('nl')('plans.record_gap')), 'worded in Dutch');
  const hidden = await (<PlanPage view={view} plan={plan(false)} />).toString();
  assert.ok(!hidden.includes('/directory/gaps/new'), 'a user who may not record gaps gets no link');
});
