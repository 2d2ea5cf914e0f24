import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createCase, recordConsent, addParticipant } from '../server/modules/cases/index.ts';
import { addTableMember, createTable } from '../server/modules/tables/index.ts';
import { databaseTargets } from '../server/test/databases.ts';
import { actorFor } from '../server/test/harness.ts';
import { Authenticator } from './support/authenticator.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { CASE_NETWORK, startCaseApp, type ExtraSeed, type RunningCaseApp } from './support/case-network.ts';
import { messagesFor, type Locale, type Translate } from './support/messages.ts';
import { signInWithCode } from './support/sign-in.ts';
import { expectHeading, fieldError, flashText, settled, submit } from './support/pages.ts';

const unavailable = browserUnavailable();
const targets = databaseTargets();
const LOCALES: readonly Locale[] = ['nl', 'fr'];

/** Fictional content; nothing here is about a real person. */
const TABLE = { name: 'Jeugdtafel Rivierstede', purpose: 'Zorgen over jongeren samen bekijken en één plan afspreken.' };
const REASON = 'Fictief: de moeder wil eerst zelf met de school praten.';
const seeded = { tableId: '', caseId: '' };

/** A table with the guest as key figure, and a case on it with the guest as participant and one consent: made through the use cases. */
const seedCase: ExtraSeed = async ({ ctx, tenantId, organisationIds, people }) => {
  const coordinator = actorFor({
    tenantId,
    userId: people.coordinator.id,
    organisationId: people.coordinator.organisationId,
    roles: ['coordinator'],
  });
  const table = await createTable(
    { input: { name: TABLE.name, audience: 'minors', purpose: TABLE.purpose, legalFramework: 'art_458ter' } },
    coordinator,
    ctx,
  );
  await addTableMember({ tableId: table.id, input: { userId: people.guest.id, role: 'key_figure' } }, coordinator, ctx);
  const created = await createCase(
    {
      input: {
        tableId: table.id,
        theme: 'school_dropout',
        summary: 'Fictief: zorgen over schoolverzuim.',
        identityDisclosure: 'anonymous',
        subject: { ageBand: '12-15' },
        contextPersons: [],
      },
    },
    coordinator,
    ctx,
  );
  await addParticipant({ caseId: created.id, input: { userId: people.guest.id, role: 'guest' } }, coordinator, ctx);
  await recordConsent(
    {
      caseId: created.id,
      input: {
        givenBy: 'parent',
        organisationIds: [organisationIds.welfare!],
        purpose: 'Fictief: budgetbegeleiding bespreken.',
        withFeedback: false,
      },
    },
    coordinator,
    ctx,
  );
  seeded.tableId = table.id;
  seeded.caseId = created.id;
};

interface Screen {
  readonly page: Page;
  readonly audit: AccessibilityAudit;
  readonly t: Translate;
}

async function signIn({ page, t }: Screen, app: RunningCaseApp, authenticator: Authenticator): Promise<void> {
  await signInWithCode(page, { url: app.url, email: CASE_NETWORK.coordinator.email, password: CASE_NETWORK.password, authenticator, t });
}

/**
 * Opens a confirmation page from its link, checks it with axe, follows Cancel back to where it came
 * from (the address with its anchor), opens it again and confirms; answers the confirmation's POST.
 */
async function cancelThenConfirm(
  screen: Screen,
  step: { link: string; title: string; back: string; backHeading: string; post: string; fill?: () => Promise<void>; label: string },
): Promise<number> {
  const { page, audit, t } = screen;
  const open = async () => {
    await page.locator(step.link).first().click();
    await expectHeading(page, step.title);
  };
  await open();
  await audit.check(`${step.label}: confirmation page`);
  assert.equal(
    await page
      .locator('main .confirm-consequences')
      .getByRole('heading', { level: 2, name: t('confirm.what_happens') })
      .count(),
    1,
    `${step.label}: the page says what will happen`,
  );
  await page
    .locator('main')
    .getByRole('link', { name: t('confirm.cancel'), exact: true })
    .click();
  await page.waitForURL((url) => `${url.pathname}${url.hash}` === step.back);
  await expectHeading(page, step.backHeading);
  await open();
  await step.fill?.();
  const answer = await submit(page, page.locator('main button.danger'), step.post);
  await settled(page);
  return answer.status();
}

describe('confirmation pages for what cannot be undone, in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const target of targets) {
    for (const locale of LOCALES) {
      test(`withdraw a consent, remove a participant and a table member, revoke a token, end a session (${locale}, ${target.kind})`, async () => {
        const t = messagesFor(locale);
        const app = await startCaseApp(target, locale, seedCase);
        const { context, page, problems } = await openPage(browser, locale);
        const screen: Screen = { page, audit: new AccessibilityAudit(page), t };
        const authenticator = new Authenticator(app.coordinator.totpSecret);
        try {
          await signIn(screen, app, authenticator);
          const casePath = `/cases/${seeded.caseId}`;
          // Consents and participants are on the case's People tab.
          const peoplePath = `${casePath}/people`;
          await page.goto(`${app.url}${peoplePath}`);
          const caseHeading = (await page.locator('main h1').textContent())?.trim() ?? '';
          await expectHeading(page, caseHeading);
          await screen.audit.check('case page');

          // Withdraw the consent: a day in the future is refused next to the field, then the day and reason are kept.
          const withdrawPost = (await page.locator('main a[href$="/withdraw"]').getAttribute('href')) ?? '';
          const today = new Date().toISOString().slice(0, 10);
          const withdrawn = await cancelThenConfirm(screen, {
            label: 'withdraw consent',
            link: 'main a[href$="/withdraw"]',
            title: t('confirm.withdraw_consent.title'),
            back: `${peoplePath}#consents`,
            backHeading: caseHeading,
            post: withdrawPost,
            fill: async () => {
              await page.locator('#field-withdrawnOn').fill('2099-01-01');
              await page.locator('#field-reason').fill(REASON);
              const refused = await submit(page, page.locator('main button.danger'), withdrawPost);
              assert.equal(refused.status(), 400, 'a day in the future answers 400');
              await page.locator('.error-summary').waitFor();
              assert.equal(await fieldError(page, 'withdrawnOn'), t('validation.case.date_in_future'), 'the error names the day field');
              assert.equal(await page.locator('#field-reason').inputValue(), REASON, 'the reason typed is kept');
              await screen.audit.check('withdraw consent: confirmation page with an error');
              await page.locator('#field-withdrawnOn').fill(today);
            },
          });
          // htmx is sent to the People tab with HX-Location (200), so that the fragment is kept; without JavaScript it is a 303.
          assert.equal(withdrawn, 200, 'the withdrawal answers 200 with HX-Location');
          await expectHeading(page, caseHeading);
          assert.equal(await flashText(page), t('flash.case_consent_withdrawn'), 'the flash says the consent was withdrawn');
          assert.equal(
            `${new URL(page.url()).pathname}${new URL(page.url()).hash}`,
            `${peoplePath}#consents`,
            'back at the consents on the People tab',
          );
          assert.ok(((await page.locator('#consents').locator('..').textContent()) ?? '').includes(REASON), 'the consent shows the reason');
          await screen.audit.check('case page after the withdrawal');

          // Remove the participant.
          const removePath = `${casePath}/participants/${app.guest.id}/remove`;
          const removed = await cancelThenConfirm(screen, {
            label: 'remove participant',
            link: `main a[href="${removePath}"]`,
            title: t('confirm.remove_participant.title', { name: CASE_NETWORK.guest.name }),
            back: `${peoplePath}#participants`,
            backHeading: caseHeading,
            post: removePath,
          });
          assert.equal(removed, 200, 'the removal answers 200 with HX-Location');
          await expectHeading(page, caseHeading);
          assert.equal(await flashText(page), t('flash.case_participant_removed'), 'the flash says the participant was removed');
          await screen.audit.check('case page after the removal');

          // Remove the table member.
          const tablePath = `/tables/${seeded.tableId}`;
          await page.goto(`${app.url}${tablePath}`);
          await expectHeading(page, TABLE.name);
          const memberRemoved = await cancelThenConfirm(screen, {
            label: 'remove table member',
            link: `main a[href^="${tablePath}/members/${app.guest.id}/remove"]`,
            title: t('confirm.remove_member.title', { name: CASE_NETWORK.guest.name, table: TABLE.name }),
            back: `${tablePath}#members-heading`,
            backHeading: TABLE.name,
            post: `${tablePath}/members/remove`,
          });
          assert.equal(memberRemoved, 303, 'the member removal answers 303 See Other');
          await expectHeading(page, TABLE.name);
          assert.equal(await flashText(page), t('flash.table_member_removed'), 'the flash says the member was removed');
          await screen.audit.check('table page after the removal');

          // Revoke an API token made for it.
          await page.goto(`${app.url}/account/tokens`);
          await expectHeading(page, t('tokens.title'));
          await page.locator('#field-name').fill('export nacht');
          assert.equal(
            (await submit(page, page.locator('main form[action="/account/tokens"] button[type="submit"]'), '/account/tokens')).status(),
            201,
            'the token is created',
          );
          await expectHeading(page, t('tokens.title'));
          const revokePath = (await page.locator('main a[href$="/revoke"]').getAttribute('href')) ?? '';
          const revoked = await cancelThenConfirm(screen, {
            label: 'revoke token',
            link: 'main a[href$="/revoke"]',
            title: t('confirm.revoke_token.title', { name: 'export nacht' }),
            back: '/account/tokens',
            backHeading: t('tokens.title'),
            post: revokePath,
          });
          assert.equal(revoked, 303, 'revoking answers 303 See Other');
          await expectHeading(page, t('tokens.title'));
          assert.equal(await flashText(page), t('flash.token_revoked'), 'the flash says the token was revoked');

          // End another session of the coordinator.
          const other = await openPage(browser, locale);
          await signIn({ page: other.page, audit: new AccessibilityAudit(other.page), t }, app, authenticator);
          await page.goto(`${app.url}/account/sessions`);
          await expectHeading(page, t('sessions.title'));
          const ended = await cancelThenConfirm(screen, {
            label: 'end session',
            link: 'main a[href^="/account/sessions/"][href$="/end"]',
            title: t('confirm.end_session.title'),
            back: '/account/sessions',
            backHeading: t('sessions.title'),
            post: '/account/sessions/end',
          });
          assert.equal(ended, 303, 'ending answers 303 See Other');
          await expectHeading(page, t('sessions.title'));
          assert.equal(await flashText(page), t('flash.session_ended'), 'the flash says the session was ended');
          await screen.audit.check('sessions page after ending one');
          await other.page.goto(`${app.url}/cases`);
          await expectHeading(other.page, t('signin.title'));
          await other.context.close();

          assert.deepEqual(problems, [], 'no console errors or failed requests');
        } finally {
          await context.close();
          await app.stop();
        }
      });
    }
  }
});
