import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { SESSION_IDLE_MS } from '../server/access/session-rules.ts';
import { FakeClock } from '../server/platform/clock.ts';
import { databaseTargets } from '../server/test/databases.ts';
import { linkIn } from '../server/test/smtp.ts';
import { AccessibilityAudit } from './support/axe.ts';
import { browserUnavailable, launchBrowser, openPage } from './support/browser.ts';
import { readMail, startAppWithMail, type RunningAppWithMail } from './support/mail.ts';
import { messagesFor, type Locale, type Translate } from './support/messages.ts';
import { NETWORK, setUpNetwork } from './support/network.ts';
import { expectHeading, fieldError, flashText, htmlLang, submit } from './support/pages.ts';

/** The journey runs in the two languages of the partner tables' users. */
const JOURNEY_LOCALES = ['nl', 'fr'] as const satisfies readonly Locale[];

/** A fictional colleague the administrator invites. */
const INVITEE = {
  name: 'Noor Janssens',
  email: 'noor.janssens@rivierstede.example',
  password: 'de kade ligt stil aan de brede rivier',
  role: 'professional',
} as const;

const TOTP_PERIOD_MS = 30_000;
/** app.js shows the idle warning this long before the idle end it was told (data-idle-seconds). */
const WARNING_BEFORE_MS = 2 * 60 * 1000;

/**
 * The invitee's phone. The server checks codes against its FakeClock, so the phone reads the same
 * clock; the journey moves that clock a step on before each new code (a step is accepted once).
 */
class Phone {
  private readonly totp: TOTP;
  constructor(
    secretAsShown: string,
    private readonly clock: FakeClock,
  ) {
    this.totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretAsShown.replace(/\s+/g, '')) });
  }
  code(): string {
    return this.totp.generate({ timestamp: this.clock.now().getTime() });
  }
}

/**
 * The shared axe check (WCAG 2.0/2.1 A and AA) that also reads `<html lang>` of every page it checks
 * (WCAG 3.1.1). A wrong language is recorded and the journey goes on; it fails at the end with all.
 */
class JourneyAudit extends AccessibilityAudit {
  readonly langMismatches: string[] = [];
  constructor(
    private readonly audited: Page,
    private readonly locale: Locale,
  ) {
    super(audited);
  }
  override async check(label: string): Promise<void> {
    await super.check(label);
    const lang = await htmlLang(this.audited);
    if (lang !== this.locale) this.langMismatches.push(`${label} (${this.audited.url()}): <html lang="${lang}">, the page is in "${this.locale}"`);
  }
}

interface Invitee {
  readonly page: Page;
  readonly t: Translate;
  readonly audit: JourneyAudit;
  readonly clock: FakeClock;
  readonly phone: Phone;
  readonly recoveryCodes: string[];
}

const unavailable = browserUnavailable();
const targets = databaseTargets();

describe('sign-in of an invited user in Chromium', { skip: unavailable }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const target of targets) {
    for (const locale of JOURNEY_LOCALES) {
      test(`an invited user chooses a password, enrols, signs in with a code and a recovery code, and again after idling, in ${locale} on ${target.kind}`, async () => {
        // The server's time starts at the real time, so that the administrator's authenticator
        // (real time, shared helper) agrees with it until the journey moves it.
        const clock = new FakeClock(new Date());
        const app = await startAppWithMail(target, { clock });
        const t = messagesFor(locale);
        const admin = await openPage(browser, locale);
        const user = await openPage(browser, locale);
        try {
          const adminAudit = new JourneyAudit(admin.page, locale);
          await setUpNetwork(admin.page, app.setupUrl, t, adminAudit);
          await inviteColleague(admin.page, t, adminAudit, locale);
          const link = invitationLink(app, t);

          const audit = new JourneyAudit(user.page, locale);
          const invitee = await acceptInvitation(user.page, link, t, audit, clock);
          await signOut(invitee);
          await signInWithCode(invitee, 'second sign-in');
          await signOut(invitee);
          await signInWithRecoveryCodeTwice(invitee);
          await idleUntilSignedOut(invitee, app);

          assert.deepEqual(admin.problems, [], 'no script errors or Content-Security-Policy violations (administrator)');
          assert.deepEqual(user.problems, [], 'no script errors or Content-Security-Policy violations (invitee)');
          assert.deepEqual([...adminAudit.langMismatches, ...audit.langMismatches], [], '<html lang> names the language of every page (WCAG 3.1.1)');
          assert.ok(audit.checked.length >= 14, `axe checked every page of the invitee: ${audit.checked.join(', ')}`);
        } finally {
          await user.context.close();
          await admin.context.close();
          await app.stop();
        }
      });
    }
  }
});

/** Step 2: the administrator adds a colleague with the journey's language as preferred language. */
async function inviteColleague(page: Page, t: Translate, audit: JourneyAudit, locale: Locale): Promise<void> {
  await page
    .getByRole('navigation', { name: t('shell.navigation'), exact: true })
    .getByRole('link', { name: t('nav.users'), exact: true })
    .click();
  await expectHeading(page, t('users.title'));
  await audit.check('user list');
  await page
    .locator('main')
    .getByRole('link', { name: t('users.add'), exact: true })
    .click();
  await expectHeading(page, t('users.new_title'));
  await audit.check('new user form');
  await page.locator('#field-name').fill(INVITEE.name);
  await page.locator('#field-email').fill(INVITEE.email);
  await page.locator('#field-organisationId').selectOption({ label: NETWORK.organisationName });
  await page.getByRole('checkbox', { name: t(`role.${INVITEE.role}`), exact: true }).check();
  await page.locator('#field-locale').selectOption(locale);
  const created = await submit(page, page.locator('main button[type="submit"]'), '/admin/users/new');
  assert.equal(created.status(), 303, 'the created request answers 303 See Other');
  await expectHeading(page, t('users.title'));
  assert.equal(await flashText(page), t('flash.user_created'), 'the invitation mail was accepted by the SMTP server');
  await audit.check('user list after inviting');
}

/** Step 3: exactly one mail, to the invitee, in the invitee's language, with a link to this server. */
function invitationLink(app: RunningAppWithMail, t: Translate): string {
  assert.equal(app.mail.messages.length, 1, 'one invitation mail was sent');
  const received = app.mail.messages[0]!;
  const mail = readMail(received);
  assert.deepEqual(mail.to, [INVITEE.email], 'the mail goes to the invitee only');
  const link = linkIn(received.raw);
  assert.match(link, new RegExp(`^${escapeRegExp(app.url)}/invitation/[A-Za-z0-9_-]{43}$`), 'the link points at this server');
  assert.equal(mail.subject, t('mail.invitation.subject', { network: NETWORK.tenantName }), 'mail.subject is the "mail.invitation.subject" text');
  const greeting = t('mail.invitation.body', { name: INVITEE.name, network: NETWORK.tenantName, link }).split(INVITEE.name)[0]!;
  assert.ok(
    mail.text.startsWith(`${greeting}${INVITEE.name}`),
    `the mail greets the invitee in the language of the catalogue: ${JSON.stringify(mail.text.slice(0, 40))}`,
  );
  assert.equal(
    mail.text,
    t('mail.invitation.body', { name: INVITEE.name, network: NETWORK.tenantName, link }),
    'the whole body is the catalogue text',
  );
  return link;
}

/** Step 4: the link, a mismatching confirmation, a password, the authenticator, the recovery codes. */
async function acceptInvitation(page: Page, link: string, t: Translate, audit: JourneyAudit, clock: FakeClock): Promise<Invitee> {
  const answer = await page.goto(link);
  assert.equal(answer?.status(), 200, 'the request answers 200 OK');
  await expectHeading(page, t('invitation.title'));
  await audit.check('invitation: choose a password');
  const action = new URL(link).pathname;

  await page.locator('#field-password').fill(INVITEE.password);
  await page.locator('#field-passwordConfirmation').fill(`${INVITEE.password} en nog wat`);
  const mismatch = await submit(page, page.locator('main button[type="submit"]'), action);
  assert.equal(mismatch.status(), 400, 'the mismatch request answers 400 Bad Request');
  await page.locator('.error-summary').waitFor();
  await expectHeading(page, t('invitation.title'));
  assert.equal(
    await fieldError(page, 'passwordConfirmation'),
    t('validation.password_mismatch'),
    'fieldError(page, \'passwordConfirmation\') is the "validation.password_mismatch" text',
  );
  assert.equal(await page.locator('#field-password').inputValue(), '', 'passwords are never sent back');
  await audit.check('invitation with mismatching passwords');

  await page.locator('#field-password').fill(INVITEE.password);
  await page.locator('#field-passwordConfirmation').fill(INVITEE.password);
  const accepted = await submit(page, page.locator('main button[type="submit"]'), action);
  assert.equal(accepted.status(), 303, 'the accepted request answers 303 See Other');
  await expectHeading(page, t('enrol.title'));
  await page.waitForURL('**/login/enrol');
  assert.equal(await flashText(page), t('flash.password_set'), 'flashText(page) is the "flash.password_set" text');
  await audit.check('authenticator enrolment');

  const phone = new Phone((await page.locator('#totp-secret').textContent()) ?? '', clock);
  await page.locator('#field-code').fill(phone.code());
  const enrolled = await submit(page, page.locator('main button[type="submit"]'), '/login/enrol');
  assert.equal(enrolled.status(), 200, 'a good first code answers with the recovery codes');
  await expectHeading(page, t('recovery.title'));
  const recoveryCodes = (await page.locator('#recovery-codes li').allTextContents()).map((code) => code.trim());
  assert.equal(recoveryCodes.length, 10, 'ten recovery codes are shown once');
  assert.equal(new Set(recoveryCodes).size, 10, 'the recovery codes differ');
  for (const code of recoveryCodes) assert.match(code, /^[a-z2-9]{5}(-[a-z2-9]{5}){4}$/, 'code matches /^[a-z2-9]{5}(-[a-z2-9]{5}){4}$/');
  await audit.check('recovery codes');

  await page
    .locator('main')
    .getByRole('link', { name: t('recovery.continue'), exact: true })
    .click();
  await expectHeading(page, t('home.title'));
  assert.equal(
    (await page.locator('.user-name').textContent())?.trim(),
    t('shell.signed_in_as', { name: INVITEE.name }),
    '(await page.locator(\'.user-name\').textContent())?.trim() is the "shell.signed_in_as" text',
  );
  await audit.check('home after enrolment');
  return { page, t, audit, clock, phone, recoveryCodes };
}

async function signOut({ page, t, audit }: Invitee): Promise<void> {
  const signedOut = await submit(page, page.getByRole('button', { name: t('shell.sign_out'), exact: true }), '/logout');
  assert.equal(signedOut.status(), 303, 'the signed out request answers 303 See Other');
  await expectHeading(page, t('signin.title'));
  assert.equal(await flashText(page), t('flash.signed_out'), 'flashText(page) is the "flash.signed_out" text');
  await audit.check('sign-in form after signing out');
}

/** The password step, on the sign-in page already shown. */
async function givePassword({ page, t, audit }: Invitee, label: string): Promise<void> {
  await page.locator('#field-email').fill(INVITEE.email);
  await page.locator('#field-password').fill(INVITEE.password);
  const accepted = await submit(page, page.locator('main button[type="submit"]'), '/login');
  assert.equal(accepted.status(), 303, `${label}: the password is accepted`);
  await expectHeading(page, t('mfa.title'));
  await audit.check(`${label}: second-factor form`);
}

async function giveSecondFactor({ page, t, audit }: Invitee, code: string, label: string): Promise<void> {
  await page.locator('#field-code').fill(code);
  const accepted = await submit(page, page.locator('main button[type="submit"]'), '/login/mfa');
  assert.equal(accepted.status(), 303, `${label}: the code is accepted`);
  await expectHeading(page, t('home.title'));
  assert.equal(
    (await page.locator('.user-name').textContent())?.trim(),
    t('shell.signed_in_as', { name: INVITEE.name }),
    '(await page.locator(\'.user-name\').textContent())?.trim() is the "shell.signed_in_as" text',
  );
  await audit.check(`${label}: home`);
}

/** Step 5: password and a fresh code; the clock moves a step first, as a code is accepted once. */
async function signInWithCode(invitee: Invitee, label: string): Promise<void> {
  invitee.clock.advance(TOTP_PERIOD_MS);
  await givePassword(invitee, label);
  await giveSecondFactor(invitee, invitee.phone.code(), label);
}

/** Step 6: a recovery code instead of a code signs in once; the same code is refused the next time. */
async function signInWithRecoveryCodeTwice(invitee: Invitee): Promise<void> {
  const { page, t, audit } = invitee;
  const recoveryCode = invitee.recoveryCodes[3]!;
  await givePassword(invitee, 'sign-in with a recovery code');
  await giveSecondFactor(invitee, recoveryCode, 'sign-in with a recovery code');
  await signOut(invitee);

  await givePassword(invitee, 'sign-in with a spent recovery code');
  await page.locator('#field-code').fill(recoveryCode);
  const refused = await submit(page, page.locator('main button[type="submit"]'), '/login/mfa');
  assert.equal(refused.status(), 400, 'a spent recovery code is refused');
  await page.locator('.error-summary').waitFor();
  await expectHeading(page, t('mfa.title'));
  assert.equal(await fieldError(page, 'code'), t('signin.invalid_code'), 'fieldError(page, \'code\') is the "signin.invalid_code" text');
  await audit.check('second-factor form with a spent recovery code');

  // The same pending sign-in goes on with a code from the phone.
  invitee.clock.advance(TOTP_PERIOD_MS);
  await giveSecondFactor(invitee, invitee.phone.code(), 'sign-in after a refused recovery code');
}

/**
 * Step 7: with the page's timers under control, the warning appears two minutes before the idle
 * end, with focus on "stay signed in"; once the server's clock is past the idle limit, app.js sends
 * the browser to the sign-in page, where the session is gone (a live one would be sent home).
 */
async function idleUntilSignedOut(invitee: Invitee, app: RunningAppWithMail): Promise<void> {
  const { page, t, audit } = invitee;
  await page.clock.install();
  await page.goto(`${app.url}/`);
  await expectHeading(page, t('home.title'));
  const warning = page.locator('#idle-warning');
  const idleSeconds = Number(await warning.getAttribute('data-idle-seconds'));
  assert.ok(
    idleSeconds * 1000 > WARNING_BEFORE_MS && idleSeconds * 1000 <= SESSION_IDLE_MS,
    `the page's idle end (${idleSeconds} s) is within the server's idle limit`,
  );
  assert.ok(await warning.isHidden(), 'no warning right after a page load');

  await page.clock.fastForward(idleSeconds * 1000 - WARNING_BEFORE_MS - 1000);
  assert.ok(await warning.isHidden(), 'no warning until two minutes before the idle end');
  await page.clock.fastForward(1000);
  await warning.waitFor({ state: 'visible' });
  assert.equal(await warning.getAttribute('role'), 'alertdialog', 'warning.getAttribute(\'role\') is "alertdialog"');
  assert.equal(
    (await page.locator('#idle-warning-text').textContent())?.trim(),
    t('shell.idle_warning'),
    '(await page.locator(\'#idle-warning-text\').textContent())?.trim() is the "shell.idle_warning" text',
  );
  await page
    .waitForFunction(() => document.activeElement?.id === 'idle-keepalive', undefined, { timeout: 2000 })
    .catch(() => {
      throw new Error('focus is not on the "stay signed in" button when the idle warning opens');
    });
  assert.equal(
    (await page.locator('#idle-keepalive').textContent())?.trim(),
    t('shell.idle_keepalive'),
    '(await page.locator(\'#idle-keepalive\').textContent())?.trim() is the "shell.idle_keepalive" text',
  );
  await audit.check('home with the idle warning open');

  invitee.clock.advance(SESSION_IDLE_MS + 1000);
  await page.clock.fastForward(WARNING_BEFORE_MS + 1000);
  await page.waitForURL((url) => url.pathname === '/login');
  await expectHeading(page, t('signin.title'));
  assert.equal(new URL(page.url()).searchParams.get('next'), '/', 'the sign-in page leads back to where the user was');
  assert.equal(await page.locator('.user-name').count(), 0, 'the idle session has ended on the server');
  await audit.check('sign-in form after the idle end');

  await givePassword(invitee, 'sign-in after the idle end');
  await giveSecondFactor(invitee, invitee.phone.code(), 'sign-in after the idle end');
  assert.equal(new URL(page.url()).pathname, '/', 'new URL(page.url()).pathname is "/"');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
