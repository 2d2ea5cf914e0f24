import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';

export const LOCALES = ['nl', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * The expected texts come from the shipped catalogues (locales/*.json), never from the test: a
 * missing key throws, so a renamed key fails the test instead of silently comparing `undefined`.
 */
export function messagesFor(locale: Locale): Translate {
  const catalogue = JSON.parse(readFileSync(new URL(`../../locales/${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>;
  return (key, values) => {
    const message = catalogue[key];
    if (message === undefined) throw new Error(`locales/${locale}.json has no key "${key}"`);
    return String(new IntlMessageFormat(message, locale).format(values));
  };
}
