import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Locale } from './messages.ts';

/** The Debian chromium package; browsers are never downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why the browser tests cannot run here, or false when they can. In CI a missing browser is a
 * failure, never a skip: this throws so the whole e2e file fails loudly.
 */
export function browserUnavailable(env: NodeJS.ProcessEnv = process.env, executable = CHROMIUM_PATH): string | false {
  if (existsSync(executable)) return false;
  const reason = `${executable} is missing; install it with: apt-get update && apt-get install -y chromium`;
  if (env.CI === 'true') throw new Error(`CI=true but the browser tests cannot run: ${reason}`);
  return reason;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
}

export interface BrowserProblems {
  /** Content-Security-Policy violations and uncaught script errors seen on the page. */
  readonly problems: string[];
}

/**
 * A fresh context whose browser language (navigator.language and Accept-Language) is `locale`,
 * and one page in it. Script errors and CSP violations are collected for the journey to assert.
 */
export async function openPage(browser: Browser, locale: Locale): Promise<{ context: BrowserContext; page: Page } & BrowserProblems> {
  const context = await browser.newContext({ locale });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  return { context, page, problems };
}
