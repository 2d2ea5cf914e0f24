import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { bootstrap } from '../server/bootstrap.ts';
import { serve } from '../server/main.ts';
import { createOrganisation, createTenant, createUser } from '../server/modules/accounts/index.ts';
import { loadConfig, type Config } from '../server/platform/config.ts';
import { databaseTargets, createTestDatabase, type DatabaseTarget } from '../server/test/databases.ts';
import { secretOf } from '../server/test/harness.ts';
import { formatLocalDay, NETWORK_TIME_ZONE } from '../server/ui/local-time.ts';
import { Authenticator } from './support/authenticator.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { messagesFor, type Locale, type Translate } from './support/messages.ts';
import { expectHeading, fieldError, htmlLang, submit, submitWithKey, tabTo } from './support/pages.ts';

/*
 * ADR 0020 in the browser: one address with an account in two networks. The password that opens
 * both shows a choice of exactly those two networks; the second is chosen with the keyboard, the
 * second factor of that network's account is asked and the home page of that network follows. A
 * password that opens only one network goes straight to the second factor. Then the lifetime of a
 * personal API key on /account/tokens: 30 days shows the day 30 days from now; 0 and 400 are refused
 * on the field, named in the error summary, and create nothing. Dutch and French, SQLite and
 * PostgreSQL, axe on every screen.
 */

const unavailable = browserUnavailable();
const LOCALES: readonly Locale[] = ['nl', 'fr'];

/** Fictional networks and people; addresses use the reserved `.example` domain. */
const NETWORKS = {
  // Sorted by name the choice shows Heidebeek first, Rivierstede second.
  heidebeek: { slug: 'heidebeek', name: 'Lokaal netwerk Heidebeek', organisation: 'Gemeente Heidebeek' },
  rivierstede: { slug: 'rivierstede', name: 'Lokaal netwerk Rivierstede', organisation: 'Stad Rivierstede' },
} as const;
/** Has an account in both networks with the same password. */
const BOTH = { name: 'Noor Willems', email: 'noor.willems@regio.example', password: 'een zin die beide netwerken openen' };
/** Has an account in both networks, each with its own password. */
const SEPARATE = {
  name: 'Jonas Maes',
  email: 'jonas.maes@regio.example',
  passwords: { heidebeek: 'alleen voor het netwerk heidebeek', rivierstede: 'alleen voor het netwerk rivierstede' },
};

type NetworkKey = keyof typeof NETWORKS;
type Secrets = { both: Record<NetworkKey, string>; separate: Record<NetworkKey, string> };

interface RunningTwoNetworks {
  readonly url: string;
  readonly secrets: Secrets;
  stop(): Promise<void>;
}

async function seed(config: Config, locale: Locale): Promise<Secrets> {
  const { ctx } = await bootstrap(config);
  try {
    const secrets: Secrets = { both: { heidebeek: '', rivierstede: '' }, separate: { heidebeek: '', rivierstede: '' } };
    for (const key of Object.keys(NETWORKS) as NetworkKey[]) {
      const network = NETWORKS[key];
      const tenant = await createTenant({ slug: network.slug, name: network.name, defaultLocale: 'nl' }, ctx);
      const operator = ctx.system.operatorActor({ id: tenant.id });
      const organisation = await createOrganisation(
        { input: { name: network.organisation, sector: 'city', secrecyRegime: 'discretion', protocolSignedOn: '2025-01-13' } },
        operator,
        ctx,
      );
      const account = async (name: string, email: string, password: string) => {
        const created = await createUser(
          { input: { email, name, organisationId: organisation.id, roles: ['coordinator'], locale }, password, enrolMfa: true },
          operator,
          ctx,
        );
        return secretOf(created.otpauthUri!);
      };
      secrets.both[key] = await account(BOTH.name, BOTH.email, BOTH.password);
      secrets.separate[key] = await account(SEPARATE.name, SEPARATE.email, SEPARATE.passwords[key]);
    }
    return secrets;
  } finally {
    await ctx.handle.close();
  }
}

/** The real application on a fresh database with both networks seeded through the use cases first. */
async function startTwoNetworks(target: DatabaseTarget, locale: Locale): Promise<RunningTwoNetworks> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'partnertafel-e2e-networks-'));
  const database = target.kind === 'postgres' ? await createTestDatabase(target) : null;
  try {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ...(database ? { DATABASE_URL: database.location } : {}),
    });
    const secrets = await seed(config, locale);
    const server = await serve(config, { port: 0, quiet: true });
    return {
      url: server.url,
      secrets,
      stop: async () => {
        try {
          await server.stop();
        } finally {
          await database?.dispose();
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function enterPassword(page: Page, t: Translate, url: string, email: string, password: string): Promise<number> {
  await page.goto(`${url}/login`);
  await expectHeading(page, t('signin.title'));
  await page.locator('#field-email').fill(email);
  await page.locator('#field-password').fill(password);
  return (await submit(page, page.locator('main button[type="submit"]'), '/login')).status();
}

async function enterCode(page: Page, t: Translate, secret: string): Promise<void> {
  await expectHeading(page, t('mfa.title'));
  await page.locator('#field-code').fill(await new Authenticator(secret).nextCode());
  assert.equal((await submit(page, page.locator('main button[type="submit"]'), '/login/mfa')).status(), 303, 'the code step answers 303');
  await expectHeading(page, t('home.title'));
}

const tenantName = async (page: Page) => ((await page.locator('header .tenant-name').textContent()) ?? '').trim();

/** The Brussels calendar day (`YYYY-MM-DD`) of an instant. */
function brusselsDay(instant: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: NETWORK_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );
}

const DAY_MS = 24 * 3600 * 1000;
const tokenForm = (page: Page) => page.locator('main form[action="/account/tokens"] button[type="submit"]');
const tokenRows = (page: Page) => page.locator('main tbody tr');

describe('network choice at sign-in and API key lifetime in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const target of databaseTargets()) {
    for (const locale of LOCALES) {
      test(`two networks, one address: choice by keyboard, then the API key lifetime (${locale}, ${target.kind})`, async () => {
        const t = messagesFor(locale);
        const app = await startTwoNetworks(target, locale);
        const { context, page, problems } = await openPage(browser, locale);
        const audit = new AccessibilityAudit(page);
        try {
          // A password that opens only one of the two accounts goes straight to the second factor.
          const single = await enterPassword(page, t, app.url, SEPARATE.email, SEPARATE.passwords.rivierstede);
          assert.equal(single, 303, 'a password that opens one network answers 303 to the second step');
          await page.waitForURL(/\/login\/mfa$/);
          await expectHeading(page, t('mfa.title'));
          assert.equal(await page.locator('ul.network-choice').count(), 0, 'no choice of network for a password that opens one network');
          await audit.check('second step after a password for one network');
          await enterCode(page, t, app.secrets.separate.rivierstede);
          assert.equal(await tenantName(page), NETWORKS.rivierstede.name, 'the password opened the Rivierstede account');
          await context.clearCookies();

          // The password that opens both accounts: a choice of exactly those two networks, by name.
          assert.equal(await enterPassword(page, t, app.url, BOTH.email, BOTH.password), 200, 'the choice is the answer to the password (200)');
          await expectHeading(page, t('signin.choose_network_title'));
          assert.equal(await htmlLang(page), locale, `the choice page is in ${locale}`);
          assert.ok(((await page.locator('main').textContent()) ?? '').includes(t('signin.choose_network_intro')), 'the choice explains itself');
          const choices = page.locator('main ul.network-choice button[type="submit"]');
          assert.deepEqual(
            (await choices.allTextContents()).map((name) => name.trim()),
            [NETWORKS.heidebeek.name, NETWORKS.rivierstede.name],
            'the choice lists exactly the two networks by name, sorted',
          );
          await audit.check('network choice');

          // The second network, with the keyboard only.
          await tabTo(page, 'main ul.network-choice li:nth-child(2) button[type="submit"]');
          const chosen = await submitWithKey(page, 'Enter', '/login/network');
          assert.equal(chosen.status(), 303, 'choosing a network answers 303 to the second step');
          await page.waitForURL(/\/login\/mfa$/);
          await expectHeading(page, t('mfa.title'));
          await audit.check('second step after choosing a network');
          await enterCode(page, t, app.secrets.both.rivierstede);
          assert.equal(await tenantName(page), NETWORKS.rivierstede.name, 'the home page is that of the chosen network');
          assert.equal(await htmlLang(page), locale, `the home page is in ${locale}`);
          await audit.check('home of the chosen network');

          // API key lifetime: 30 days shows the day 30 days from now.
          await page.goto(`${app.url}/account/tokens`);
          await expectHeading(page, t('tokens.title'));
          await audit.check('tokens page');
          await page.locator('#field-name').fill('maandexport');
          await page.locator('#field-expiresInDays').fill('30');
          const before = Date.now();
          const created = await submit(page, tokenForm(page), '/account/tokens');
          const afterwards = Date.now();
          assert.equal(created.status(), 201, 'a key with 30 days is created (201)');
          await page.locator('#new-token').waitFor();
          // The day 30 days after the moment of creation, in Brussels; two candidates only if the request crossed midnight.
          const days = [...new Set([brusselsDay(before + 30 * DAY_MS), brusselsDay(afterwards + 30 * DAY_MS)])];
          const expected = days.map((day) => formatLocalDay(day, locale));
          const [prefix, suffix] = t('tokens.created_expires', { date: '\u0000' }).split('\u0000') as [string, string];
          const sentence = ((await page.locator('main p').filter({ hasText: prefix.trim() }).first().textContent()) ?? '').trim();
          assert.ok(sentence.startsWith(prefix) && sentence.endsWith(suffix), `the page says until when the key works: "${sentence}"`);
          const shownExpiry = sentence.slice(prefix.length, sentence.length - suffix.length);
          assert.ok(
            expected.some((day) => shownExpiry.startsWith(`${day}, `)),
            `the key works until ${expected.join(' or ')} (30 days from today), shown as "${shownExpiry}"`,
          );
          const row = tokenRows(page).filter({ hasText: 'maandexport' });
          assert.equal(await row.count(), 1, 'the new key is listed');
          assert.equal(((await row.locator('td').nth(2).textContent()) ?? '').trim(), shownExpiry, 'the list shows the same expiry');
          await audit.check('key with 30 days created');

          // 0 and 400 days: refused on the field, named in the error summary, nothing created.
          const rowsBefore = await tokenRows(page).count();
          for (const [days, status] of [
            ['0', 400],
            ['400', 400],
          ] as const) {
            await page.locator('#field-name').fill(`sleutel ${days}`);
            await page.locator('#field-expiresInDays').fill(days);
            assert.equal((await submit(page, tokenForm(page), '/account/tokens')).status(), status, `${days} days answers ${status}`);
            const message = await fieldError(page, 'expiresInDays');
            assert.equal(
              message,
              days === '0' ? t('validation.number_too_small', { minimum: 1 }) : t('validation.number_too_big', { maximum: 365 }),
              `the error for ${days} days speaks of a number of days, not of characters`,
            );
            const summary = ((await page.locator('.error-summary a[href="#field-expiresInDays"]').textContent()) ?? '').trim();
            assert.equal(
              summary,
              t('form.error_line', { field: t('field.token_expires_in_days'), message }),
              `the error summary names the field for ${days} days`,
            );
            assert.equal(await tokenRows(page).count(), rowsBefore, `nothing was created for ${days} days`);
            assert.equal(
              await tokenRows(page)
                .filter({ hasText: `sleutel ${days}` })
                .count(),
              0,
              `no key "sleutel ${days}" is listed`,
            );
            await audit.check(`key with ${days} days refused`);
          }
          await page.goto(`${app.url}/account/tokens`);
          await expectHeading(page, t('tokens.title'));
          assert.equal(await tokenRows(page).count(), rowsBefore, 'after reloading, the list is unchanged');
          assert.deepEqual(problems, [], 'no script errors or CSP violations');
        } finally {
          await context.close();
          await app.stop();
        }
      });
    }
  }
});
