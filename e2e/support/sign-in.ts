import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Authenticator } from './authenticator.ts';
import type { Translate } from './messages.ts';
import { expectHeading, submit } from './pages.ts';

/**
 * Signs a person in through the two sign-in steps (password, then a code from their authenticator)
 * and waits for the home page. The authenticator is the caller's, so one code is never used twice.
 */
export async function signInWithCode(
  page: Page,
  options: { url: string; email: string; password: string; authenticator: Authenticator; t: Translate },
): Promise<void> {
  const { t } = options;
  await page.goto(`${options.url}/login`);
  await expectHeading(page, t('signin.title'));
  await page.locator('#field-email').fill(options.email);
  await page.locator('#field-password').fill(options.password);
  assert.equal((await submit(page, page.locator('main button[type="submit"]'), '/login')).status(), 303, 'the password step answers 303');
  await expectHeading(page, t('mfa.title'));
  await page.locator('#field-code').fill(await options.authenticator.nextCode());
  assert.equal((await submit(page, page.locator('main button[type="submit"]'), '/login/mfa')).status(), 303, 'the code step answers 303');
  await expectHeading(page, t('home.title'));
}
