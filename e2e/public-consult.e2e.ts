import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { writePublicConsultForm } from '../server/modules/accounts/index.ts';
import { databaseTargets } from '../server/test/databases.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { CASE_NETWORK, startCaseApp } from './support/case-network.ts';
import { assertNoSidewaysScroll } from './support/layout.ts';
import { messagesFor, type Locale } from './support/messages.ts';
import { expectHeading, flashText, htmlLang, settled, submit } from './support/pages.ts';

/*
 * Issue 11, the public consult form in the browser (Dutch and French, axe on every screen, a 320 px
 * phone): a parent without an account asks a question, is refused with the errors in view when a
 * field is missing, keeps the reply code, reads the (not yet given) answer with code and passphrase,
 * and answers back — nothing scrolls sideways, no script error, no CSP violation.
 */

const unavailable = browserUnavailable();
const LOCALES: readonly Locale[] = ['nl', 'fr'];
const PHONE = { width: 320, height: 640 };
const PASSPHRASE = 'een fictieve wachtzin voor de browser';

describe('the public consult form in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const target of databaseTargets()) {
    for (const locale of LOCALES) {
      test(`a parent asks and reads the answer on a phone, in ${locale} on ${target.kind}`, async () => {
        const app = await startCaseApp(target, locale, async ({ ctx, tenantId }) => {
          await ctx.db.transaction().execute((trx) => writePublicConsultForm(trx, tenantId, true));
        });
        const opened = await openPage(browser, locale);
        const { page } = opened;
        const audit = new AccessibilityAudit(page);
        const t = messagesFor(locale);
        const base = `${app.url}/consult/${CASE_NETWORK.tenant.slug}`;
        try {
          await page.setViewportSize(PHONE);
          await page.goto(base);
          await expectHeading(page, t('consult.ask.title'));
          await assertNoSidewaysScroll(page, 'the question form at 320 px');
          await audit.check('question form');

          const refused = await submit(page, page.locator('main button[type="submit"]'), new URL(base).pathname);
          assert.equal(refused.status(), 400, 'an empty question is refused');
          await settled(page);
          assert.equal(await page.locator('.error-summary').count(), 1, 'the errors are listed at the top');
          await audit.check('question form with errors');

          await page.locator('#field-theme').selectOption('school_dropout');
          await page.locator('#field-question').fill('Fictief: mijn zoon gaat al weken niet naar school en zegt er weinig over.');
          await page.locator('#field-passphrase').fill(PASSPHRASE);
          await page.locator('#field-passphraseRepeat').fill(PASSPHRASE);
          const asked = await submit(page, page.locator('main button[type="submit"]'), new URL(base).pathname);
          assert.equal(asked.status(), 200, 'the question is taken');
          await settled(page);
          await expectHeading(page, t('consult.asked.title'));
          const code = (await page.locator('main code').textContent())?.trim() ?? '';
          assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/, 'the reply code is shown');
          await assertNoSidewaysScroll(page, 'the reply code at 320 px');
          await audit.check('reply code');

          await page.locator('main a', { hasText: t('consult.asked.read_link') }).click();
          await settled(page);
          await expectHeading(page, t('consult.reply.title'));
          await audit.check('reply form');
          await page.locator('#field-code').fill(code.toLowerCase());
          await page.locator('#field-passphrase').fill(PASSPHRASE);
          const read = await submit(page, page.locator('main button[type="submit"]'), `${new URL(base).pathname}/reply`);
          assert.equal(read.status(), 200, 'code and passphrase open the question');
          await settled(page);
          assert.match((await page.locator('main').textContent()) ?? '', /weken niet naar school/, 'the question is shown');
          await assertNoSidewaysScroll(page, 'the thread at 320 px');
          await audit.check('thread');

          await page.locator('#field-message-body').fill('Fictief: hij wil er nu wel over praten.');
          const back = await submit(page, page.locator('main button[type="submit"]'), `${new URL(base).pathname}/reply/answer`);
          assert.ok([200, 303].includes(back.status()), `the answer back is taken (${back.status()})`);
          await settled(page);
          assert.equal(await flashText(page), t('flash.consult_answer_sent'), 'the visitor is told the answer was sent');
          await audit.check('after answering back');

          assert.equal(await htmlLang(page), locale, 'the pages are in the visitor’s language');
          assert.deepEqual(opened.problems, [], 'no script errors or Content-Security-Policy violations');
        } finally {
          await opened.context.close();
          await app.stop();
        }
      });
    }
  }
});
