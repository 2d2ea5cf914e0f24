import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Translate } from './messages.ts';
import { expectHeading, submit } from './pages.ts';

/**
 * The coordinator sets up a partner table for minors under art. 458ter through the form on /tables
 * and lands on its page; answers the table page's path.
 */
export async function setUpMinorsTable(page: Page, options: { url: string; t: Translate; name: string; purpose: string }): Promise<string> {
  await page.goto(`${options.url}/tables`);
  await expectHeading(page, options.t('tables.title'));
  await page.locator('#field-name').fill(options.name);
  await page.locator('#field-audience-minors').check();
  await page.locator('#field-purpose').fill(options.purpose);
  await page.locator('#field-legalFramework-art_458ter').check();
  assert.equal(
    (await submit(page, page.locator('main form[action="/tables"] button[type="submit"]'), '/tables')).status(),
    303,
    'the table is set up',
  );
  await expectHeading(page, options.name);
  return new URL(page.url()).pathname;
}
