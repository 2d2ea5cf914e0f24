import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type axeCore from 'axe-core';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
// Injected with page.evaluate: the app's strict CSP (script-src 'self') blocks addScriptTag's inline script.
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** The audit trail of one journey: which pages were checked, so a journey can prove it checked them. */
export class AccessibilityAudit {
  readonly checked: string[] = [];

  constructor(private readonly page: Page) {}

  /**
   * Runs axe-core (WCAG 2.0/2.1 A and AA) on the page as it is now and fails with every violation's
   * id and target selectors. Call after every navigation, error states included.
   */
  async check(label: string): Promise<void> {
    const page = this.page;
    await page.waitForLoadState('load');
    const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
    if (!loaded) await page.evaluate(axeSource);
    const violations = await page.evaluate(async (tags) => {
      const axe = (window as unknown as { axe: typeof axeCore }).axe;
      const results = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? null,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
      }));
    }, WCAG_TAGS);
    this.checked.push(label);
    assert.equal(violations.length, 0, `axe found accessibility violations on "${label}" (${page.url()}):\n${describe(violations)}`);
  }
}

function describe(violations: Violation[]): string {
  return violations
    .map(
      (violation) =>
        `  - ${violation.id} [${violation.impact ?? 'n/a'}] ${violation.help}\n${violation.targets.map((target) => `      at ${target}`).join('\n')}`,
    )
    .join('\n');
}
