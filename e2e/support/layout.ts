import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/**
 * The page does not scroll sideways: the document is no wider than the viewport and no element
 * reaches past its right edge (the message names the first five that do).
 */
export async function assertNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { widest, viewportWidth, culprits } = await page.evaluate(() => {
    const rights = [...document.querySelectorAll('body *')].map((element) => ({ element, right: element.getBoundingClientRect().right }));
    const over = rights.filter(({ right }) => right > window.innerWidth + 0.5);
    return {
      widest: Math.max(document.documentElement.scrollWidth, ...rights.map(({ right }) => right)),
      viewportWidth: window.innerWidth,
      culprits: over.slice(0, 5).map(({ element }) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${element.className}`),
    };
  });
  assert.ok(
    widest <= viewportWidth + 0.5,
    `${what}: the page (${Math.round(widest)} px) is no wider than the viewport (${viewportWidth} px); too wide: ${culprits.join(', ')}`,
  );
}
