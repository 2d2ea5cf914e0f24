import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { bootstrap } from '../server/bootstrap.ts';
import { serve } from '../server/main.ts';
import { createOrganisation, createTenant, createUser, sendInvitation } from '../server/modules/accounts/index.ts';
import { addParticipant, createCase } from '../server/modules/cases/index.ts';
import { loadConfig, type Config } from '../server/platform/config.ts';
import { newId } from '../server/platform/ids.ts';
import type { Mail } from '../server/platform/mailer.ts';
import { createTestDatabase, type DatabaseTarget, databaseTargets } from '../server/test/databases.ts';
import { actorFor, secretOf } from '../server/test/harness.ts';
import { Authenticator } from './support/authenticator.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { messagesFor, type Locale } from './support/messages.ts';
import { expectHeading, fieldError, flashText, htmlLang, submit } from './support/pages.ts';

const unavailable = browserUnavailable();
const targets = databaseTargets();
const PASSWORD = 'een lange zin die alleen deze test kent';
const NEW_PASSWORD = 'nog een lange zin, alleen voor vandaag';

/** A fictional network: a coordinator, a professional on one case, a minute taker, and an invitee who reads French. */
interface Person {
  readonly email: string;
  readonly authenticator: Authenticator;
}
interface HomeWorld {
  readonly url: string;
  readonly coordinator: Person;
  readonly professional: Person;
  readonly minuteTaker: Person;
  readonly caseReference: string;
  readonly invitationPath: string;
  stop(): Promise<void>;
}

async function seed(config: Config, locale: Locale) {
  const booted = await bootstrap(config);
  const mails: Mail[] = [];
  const ctx = { ...booted.ctx, mailer: { destination: 'memory', send: async (mail: Mail) => void mails.push(mail) } };
  try {
    const tenant = await createTenant({ slug: 'beekdorp', name: 'Lokaal netwerk Beekdorp', defaultLocale: 'nl' }, ctx);
    const operator = ctx.system.operatorActor({ id: tenant.id });
    const city = (await createOrganisation({ input: { name: 'Gemeente Beekdorp', sector: 'city', secrecyRegime: 'discretion' } }, operator, ctx)).id;
    const welfare = (
      await createOrganisation({ input: { name: 'OCMW Beekdorp', sector: 'welfare', secrecyRegime: 'professional_secrecy' } }, operator, ctx)
    ).id;
    const person = async (email: string, name: string, organisationId: string, roles: ('coordinator' | 'professional' | 'minute_taker')[]) => {
      const created = await createUser({ input: { email, name, organisationId, roles, locale }, password: PASSWORD, enrolMfa: true }, operator, ctx);
      return { id: created.user.id, email, authenticator: new Authenticator(secretOf(created.otpauthUri!)), organisationId, roles };
    };
    const coordinator = await person('lore.wuyts@beekdorp.example', 'Lore Wuyts', city, ['coordinator']);
    const professional = await person('samir.elamrani@ocmw-beekdorp.example', 'Samir El Amrani', welfare, ['professional']);
    const minuteTaker = await person('griet.claes@beekdorp.example', 'Griet Claes', city, ['minute_taker']);
    const tableId = newId();
    const now = ctx.clock.now().toISOString();
    await ctx.db
      .insertInto('partner_tables')
      .values({
        id: tableId,
        tenant_id: tenant.id,
        name: 'Partnertafel Beekdorp',
        audience: 'adults',
        purpose: 'Fictional table',
        legal_framework: 'art_458ter',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const coordinatorActor = actorFor({ tenantId: tenant.id, userId: coordinator.id, organisationId: city, roles: ['coordinator'] });
    const created = await createCase(
      {
        input: {
          tableId,
          theme: 'drugs',
          summary: 'Fictional concern for the home page journey.',
          identityDisclosure: 'anonymous',
          subject: { ageBand: '18-24', gender: 'male' },
          contextPersons: [],
        },
      },
      coordinatorActor,
      ctx,
    );
    await addParticipant({ caseId: created.id, input: { userId: professional.id, role: 'guest' } }, coordinatorActor, ctx);
    const invitee = await createUser(
      {
        input: {
          email: 'camille.dubois@ocmw-beekdorp.example',
          name: 'Camille Dubois',
          organisationId: welfare,
          roles: ['professional'],
          locale: 'fr',
        },
      },
      operator,
      ctx,
    );
    await sendInvitation({ userId: invitee.user.id }, operator, ctx);
    const link = /\/invitation\/[A-Za-z0-9_-]+/.exec(mails.find((mail) => mail.to === 'camille.dubois@ocmw-beekdorp.example')!.text)![0];
    return { coordinator, professional, minuteTaker, caseReference: created.reference, invitationPath: link };
  } finally {
    await booted.ctx.handle.close();
  }
}

async function startHomeApp(target: DatabaseTarget, locale: Locale): Promise<HomeWorld> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'partnertafel-e2e-home-'));
  const database = target.kind === 'postgres' ? await createTestDatabase(target) : null;
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ...(database ? { DATABASE_URL: database.location } : {}),
  });
  const world = await seed(config, locale);
  const server = await serve(config, { port: 0, quiet: true });
  return {
    url: server.url,
    ...world,
    stop: async () => {
      try {
        await server.stop();
      } finally {
        await database?.dispose();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

async function signIn(page: Page, url: string, person: Person, password: string, t: ReturnType<typeof messagesFor>): Promise<void> {
  await page.goto(`${url}/login`);
  await page.locator('#field-email').fill(person.email);
  await page.locator('#field-password').fill(password);
  await submit(page, page.locator('main button[type="submit"]'), '/login');
  await expectHeading(page, t('mfa.title'));
  await page.locator('#field-code').fill(await person.authenticator.nextCode());
  await submit(page, page.locator('main button[type="submit"]'), '/login/mfa');
  await expectHeading(page, t('home.title'));
}

describe('home page, account menu, change of password and the invitee’s language in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const target of targets) {
    for (const locale of ['nl', 'fr'] as const) {
      test(`home per role, account, password and invitation in ${locale} on ${target.kind}`, async () => {
        const t = messagesFor(locale);
        const app = await startHomeApp(target, locale);
        // Screenshots for the team (SCREENSHOT_DIR), never into git and never in CI unless asked for.
        const screenshots = process.env.SCREENSHOT_DIR && target.kind === 'sqlite' && locale === 'nl' ? process.env.SCREENSHOT_DIR : null;
        try {
          // The coordinator: the cases that need them, the account menu, a new password.
          const coordinator = await openPage(browser, locale);
          const page = coordinator.page;
          await page.setViewportSize({ width: 1280, height: 900 });
          const audit = new AccessibilityAudit(page);
          await signIn(page, app.url, app.coordinator, PASSWORD, t);
          const ownerless = page.locator('#home-cases-ownerless');
          assert.equal(
            (await ownerless.locator('h2').textContent())?.trim(),
            t('home.cases_ownerless.heading'),
            'the coordinator has the panel of cases without a case owner',
          );
          assert.ok((await ownerless.textContent())?.includes(app.caseReference), 'the new case has no case owner yet');
          assert.equal(await page.locator('#home-cases-untouched').count(), 1, 'and the panel of untouched cases');
          await audit.check('coordinator home');
          if (screenshots) await page.screenshot({ path: `${screenshots}/home-coordinator.png`, fullPage: true });
          await page.locator('.user-menu a[href="/account"]').click();
          await expectHeading(page, t('account.title'));
          assert.equal(await page.locator('.user-menu a[href="/account/tokens"]').count(), 0, 'API tokens are not in the header');
          await audit.check('account page');
          await page.locator('main a[href="/account/password"]').click();
          await expectHeading(page, t('account.password.title'));
          await audit.check('change password form');
          await page.locator('#field-currentPassword').fill('not the current password');
          await page.locator('#field-newPassword').fill(NEW_PASSWORD);
          await page.locator('#field-newPasswordConfirmation').fill(NEW_PASSWORD);
          const refused = await submit(page, page.locator('main form[action="/account/password"] button[type="submit"]'), '/account/password');
          assert.equal(refused.status(), 400, 'a wrong current password answers 400');
          assert.equal(await fieldError(page, 'currentPassword'), t('account.password.current_wrong'), 'the error names the current password');
          await audit.check('change password with an error');
          await page.locator('#field-currentPassword').fill(PASSWORD);
          await page.locator('#field-newPassword').fill(NEW_PASSWORD);
          await page.locator('#field-newPasswordConfirmation').fill(NEW_PASSWORD);
          await submit(page, page.locator('main form[action="/account/password"] button[type="submit"]'), '/account/password');
          await expectHeading(page, t('account.title'));
          assert.equal(await flashText(page), t('flash.password_changed'), 'the flash says the password changed');
          await submit(page, page.locator('.user-menu button[type="submit"]'), '/logout');
          await expectHeading(page, t('signin.title'));
          await signIn(page, app.url, app.coordinator, NEW_PASSWORD, t);
          await coordinator.context.close();

          // The professional: their open case, no coordinator panels.
          const professional = await openPage(browser, locale);
          await professional.page.setViewportSize({ width: 1280, height: 900 });
          await signIn(professional.page, app.url, app.professional, PASSWORD, t);
          assert.ok(
            (await professional.page.locator('#home-cases-open').textContent())?.includes(app.caseReference),
            'the professional sees their open case',
          );
          assert.equal(await professional.page.locator('#home-cases-ownerless').count(), 0, 'no coordinator panel');
          await new AccessibilityAudit(professional.page).check('professional home');
          if (screenshots) await professional.page.screenshot({ path: `${screenshots}/home-professional.png`, fullPage: true });
          await professional.context.close();

          // The minute taker: a plain account of their work, no link that would answer 403.
          const taker = await openPage(browser, locale);
          await taker.page.setViewportSize({ width: 1280, height: 900 });
          await signIn(taker.page, app.url, app.minuteTaker, PASSWORD, t);
          assert.ok(
            (await taker.page.locator('#home-roles').textContent())?.includes(t('home.role_account.minute_taker')),
            'the minute taker is told what they will do',
          );
          assert.equal(await taker.page.locator('a[href="/cases"], a[href="/tables"]').count(), 0, 'no link to cases or tables');
          await new AccessibilityAudit(taker.page).check('minute taker home');
          if (screenshots) await taker.page.screenshot({ path: `${screenshots}/home-minute_taker.png`, fullPage: true });
          await taker.context.close();

          // The invitee reads French; their browser says Dutch or French: the link pages are French.
          const invitee = await openPage(browser, locale);
          const fr = messagesFor('fr');
          await invitee.page.goto(`${app.url}${app.invitationPath}`);
          await expectHeading(invitee.page, fr('invitation.title'));
          assert.equal(await htmlLang(invitee.page), 'fr', 'the invitation page is French');
          const inviteeAudit = new AccessibilityAudit(invitee.page);
          await inviteeAudit.check('invitation page');
          await invitee.page.locator('#field-password').fill(NEW_PASSWORD);
          await invitee.page.locator('#field-passwordConfirmation').fill(NEW_PASSWORD);
          await submit(invitee.page, invitee.page.locator('main button[type="submit"]'), app.invitationPath);
          await expectHeading(invitee.page, fr('enrol.title'));
          assert.equal(await htmlLang(invitee.page), 'fr', 'the authenticator page is French too');
          await inviteeAudit.check('enrolment page');
          await invitee.context.close();
          for (const problems of [coordinator.problems, professional.problems, taker.problems, invitee.problems]) {
            assert.deepEqual(problems, [], 'no script errors or CSP violations');
          }
        } finally {
          await app.stop();
        }
      });
    }
  }
});
