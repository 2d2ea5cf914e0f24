import assert from 'node:assert/strict';
import type { Locator, Page, Response } from 'playwright-core';

/**
 * Waits until htmx has finished swapping and settling (the app boosts links and forms with
 * hx-boost, so most navigations are AJAX swaps of <body>, not page loads).
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.readyState === 'complete' && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added'),
  );
}

/** Waits for the page whose main heading is exactly `text`, then for htmx to settle. */
export async function expectHeading(page: Page, text: string): Promise<void> {
  const heading = page.locator('main h1');
  try {
    await page.locator('main').getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
  } catch (error) {
    const shown = await heading.allTextContents().catch(() => ['(page unavailable)']);
    throw new Error(`Expected the page "${text}" but ${page.url()} shows the heading(s) ${JSON.stringify(shown)}`, { cause: error });
  }
  await settled(page);
  assert.equal((await heading.textContent())?.trim(), text, 'main heading');
  assert.equal(await heading.count(), 1, 'a page has exactly one main heading');
}

export async function htmlLang(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute('lang'));
}

/**
 * Clicks a submit control and returns the answer to the form's POST (before any redirect is
 * followed), whether htmx sends it or the browser does.
 */
export async function submit(page: Page, control: Locator, pathname: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === 'POST' && new URL(candidate.url()).pathname === pathname),
    control.click(),
  ]);
  return response;
}

/** Like `submit`, for a form sent with the keyboard (Enter in a field). */
export async function submitWithKey(page: Page, key: string, pathname: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === 'POST' && new URL(candidate.url()).pathname === pathname),
    page.keyboard.press(key),
  ]);
  return response;
}

export async function flashText(page: Page): Promise<string> {
  const flash = page.locator('main .flash[role="status"]');
  await flash.waitFor();
  return (await flash.textContent())?.trim() ?? '';
}

/**
 * The error shown next to a field: its text, and that the field points at it for assistive
 * technology (aria-describedby, aria-invalid) and the error summary links to it.
 */
export async function fieldError(page: Page, name: string): Promise<string> {
  const id = `field-${name}`;
  const message = page.locator(`#${id}-error`);
  await message.waitFor();
  const field = page.locator(`#${id}`);
  assert.equal(await field.getAttribute('aria-invalid'), 'true', `#${id} is marked aria-invalid`);
  assert.ok((await field.getAttribute('aria-describedby'))?.split(' ').includes(`${id}-error`), `#${id} is described by its error`);
  const summaryLink = page.locator(`.error-summary a[href="#${id}"]`);
  assert.equal(await summaryLink.count(), 1, `the error summary links to #${id}`);
  const text = (await message.textContent())?.trim() ?? '';
  // The summary names the field ("Voornaam: Dit veld is verplicht."): its label or legend, without the required mark;
  // a field of a repeated row also names its row ("Openingsuren 1 — Sluit om: …").
  const label = page.locator(`label[for="${id}"], #${id} > legend`).first();
  const ownLabel = ((await label.textContent()) ?? '').replace(/\*\s*$/, '').trim();
  const row = await field.evaluate((element) => element.closest('fieldset.row')?.querySelector(':scope > legend')?.textContent?.trim() ?? null);
  const labelText = row ? `${row} — ${ownLabel}` : ownLabel;
  const summary = (await summaryLink.textContent())?.trim() ?? '';
  assert.ok(
    summary.startsWith(labelText) && summary.endsWith(text),
    `the error summary names the field of #${id} and repeats its error: "${summary}"`,
  );
  return text;
}

/** Presses Tab until `selector` has focus; fails when it is not reached within `limit` presses. */
export async function tabTo(page: Page, selector: string, limit = 25): Promise<number> {
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return presses;
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`Tab did not reach ${selector} within ${limit} presses; focus is on ${focused}`);
}

export async function focusedMatches(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector);
}
