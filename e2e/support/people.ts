import assert from 'node:assert/strict';
import type { Browser, Page, Response } from 'playwright-core';
import { Authenticator } from './authenticator.ts';
import { AccessibilityAudit } from './axe.ts';
import { openPage, type BrowserProblems } from './browser.ts';
import { CASE_NETWORK, type RunningCaseApp, type SeededPerson } from './case-network.ts';
import type { Locale, Translate } from './messages.ts';
import { settled } from './pages.ts';
import { signInWithCode } from './sign-in.ts';

/** The journeys' screens: a common phone, and a desktop (where the menu is open). */
export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/** One person of a journey in their own browser context, with their own axe audit. */
export interface Person {
  readonly page: Page;
  readonly audit: AccessibilityAudit;
  /** Script errors and Content-Security-Policy violations seen so far (a journey asserts none at its end). */
  readonly problems: BrowserProblems['problems'];
  close(): Promise<void>;
}

/**
 * A person of the case network signed in (password and a code from a fresh authenticator) in a
 * browser context of their own in the journey's language, on a desktop screen, with the home page
 * checked by axe.
 */
export async function signedIn(browser: Browser, app: RunningCaseApp, person: SeededPerson, locale: Locale, t: Translate): Promise<Person> {
  const opened = await openPage(browser, locale);
  const { page } = opened;
  await page.setViewportSize(DESKTOP);
  const audit = new AccessibilityAudit(page);
  const authenticator = new Authenticator(person.totpSecret);
  await signInWithCode(page, { url: app.url, email: person.email, password: CASE_NETWORK.password, authenticator, t });
  await audit.check(`home (${person.name})`);
  return { page, audit, problems: opened.problems, close: () => opened.context.close() };
}

/**
 * Clicks (a submit control) and answers the POST whose path matches — the id of what is posted is
 * not always known — once htmx has settled the page it led to.
 */
export async function post(page: Page, click: () => Promise<void>, path: RegExp): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === 'POST' && path.test(new URL(candidate.url()).pathname)),
    click(),
  ]);
  await settled(page);
  return response;
}

/** A form was taken: a 303 to the next page, or (htmx, an address with an anchor) a 200 naming it in HX-Location. */
export async function assertTaken(response: Response, what: string): Promise<void> {
  const moved = response.status() === 303 || (response.status() === 200 && (await response.headerValue('hx-location')) !== null);
  assert.ok(moved, `${what}: expected a 303 or an htmx HX-Location, got ${response.status()}`);
}
