import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { Authenticator } from './authenticator.ts';
import type { AccessibilityAudit } from './axe.ts';
import type { Translate } from './messages.ts';
import { expectHeading, flashText, submit } from './pages.ts';

/** Fictional people and organisations; nothing here describes a real person or service. */
export const NETWORK = {
  tenantName: 'Lokaal netwerk Rivierstede',
  tenantSlug: 'rivierstede',
  organisationName: 'Stad Rivierstede',
  adminName: 'Sam Peeters',
  adminEmail: 'sam.peeters@rivierstede.example',
  adminPassword: 'een lange zin die niemand raadt',
} as const;

export const YOUTH_CENTRE = {
  name: 'Jeugdhuis De Brug',
  sector: 'youth_work',
  secrecyRegime: 'professional_secrecy',
  protocolSignedOn: '2025-09-15',
} as const;

export const COLLEAGUE = {
  name: 'Lena Claes',
  badEmail: 'lena.claes@',
  email: 'lena.claes@debrug.example',
  roles: ['coordinator', 'professional'],
} as const;

/** Fills the setup form with the network's (valid) values, except what `overrides` replaces. */
export async function fillSetupForm(page: Page, overrides: Partial<Record<'tenantSlug' | 'password', string>> = {}): Promise<void> {
  await page.locator('#field-tenantName').fill(NETWORK.tenantName);
  await page.locator('#field-tenantSlug').fill(overrides.tenantSlug ?? NETWORK.tenantSlug);
  await page.locator('#field-organisationName').fill(NETWORK.organisationName);
  await page.locator('#field-adminName').fill(NETWORK.adminName);
  await page.locator('#field-adminEmail').fill(NETWORK.adminEmail);
  await page.locator('#field-password').fill(overrides.password ?? NETWORK.adminPassword);
}

/**
 * After setup the administrator must enrol an authenticator: read the key from the page (as someone
 * who cannot scan would), confirm a code, see the recovery codes once, continue to the home page.
 */
export async function enrolAuthenticator(page: Page, t: Translate, audit: AccessibilityAudit): Promise<Authenticator> {
  await expectHeading(page, t('enrol.title'));
  await page.waitForURL('**/login/enrol');
  assert.equal(await flashText(page), t('flash.setup_done'), 'flashText(page) is the "flash.setup_done" text');
  assert.equal(
    await page.locator('main img.qr').getAttribute('alt'),
    t('enrol.qr_alt'),
    "page.locator('main img.qr').getAttribute('alt') is the \"enrol.qr_alt\" text",
  );
  const authenticator = new Authenticator((await page.locator('#totp-secret').textContent()) ?? '');
  await audit.check('authenticator enrolment');
  assert.equal(
    (await page.locator('label[for="field-code"]').textContent())?.replace('*', '').trim(),
    t('enrol.step_code'),
    '(await page.locator(\'label[for="field-code"]\').textContent())?.replac… is the "enrol.step_code" text',
  );
  await page.locator('#field-code').fill(await authenticator.nextCode());
  const confirmed = await submit(page, page.locator('main button[type="submit"]'), '/login/enrol');
  assert.equal(confirmed.status(), 200, 'a good first code answers with the recovery codes');
  await expectHeading(page, t('recovery.title'));
  assert.equal(await page.locator('#recovery-codes li').count(), 10, 'ten recovery codes are shown once');
  await audit.check('recovery codes');
  await page
    .locator('main')
    .getByRole('link', { name: t('recovery.continue'), exact: true })
    .click();
  await expectHeading(page, t('home.title'));
  await audit.check('home after setup');
  return authenticator;
}

/** Opens the setup link, sets the network up in one go, enrols and lands signed in on the home page. */
export async function setUpNetwork(page: Page, setupUrl: string, t: Translate, audit: AccessibilityAudit): Promise<Authenticator> {
  await page.goto(setupUrl);
  await expectHeading(page, t('setup.title'));
  await audit.check('setup form');
  await fillSetupForm(page);
  const response = await submit(page, page.locator('main button[type="submit"]'), '/setup');
  assert.equal(response.status(), 303, 'a valid setup redirects');
  return enrolAuthenticator(page, t, audit);
}
