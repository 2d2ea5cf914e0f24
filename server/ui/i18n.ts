import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { APP_ROOT } from '../platform/app-root.ts';
import { LOCALES, type Locale } from '../platform/config.ts';

export type Catalogue = Readonly<Record<string, string>>;
export type MessageValues = Record<string, string | number>;
export type Translate = (key: string, values?: MessageValues) => string;

const localesDirectory = new URL('locales/', APP_ROOT);

/** The message catalogues, flat `area.key` → ICU message, read once at start. */
export const catalogues: Readonly<Record<Locale, Catalogue>> = Object.fromEntries(
  LOCALES.map((locale) => [locale, JSON.parse(readFileSync(new URL(`${locale}.json`, localesDirectory), 'utf8')) as Catalogue]),
) as Record<Locale, Catalogue>;

const formatCache = new Map<string, IntlMessageFormat>();

export class MissingMessageError extends Error {}

/** A translator for one locale. A missing key is a programming error and throws. */
export function translator(locale: Locale): Translate {
  return (key, values) => {
    const message = catalogues[locale][key];
    if (message === undefined) throw new MissingMessageError(`Missing message "${key}" in ${locale}`);
    if (!values && !message.includes('{')) return message;
    const cacheKey = `${locale}\u0000${key}`;
    let format = formatCache.get(cacheKey);
    if (!format) {
      format = new IntlMessageFormat(message, locale);
      formatCache.set(cacheKey, format);
    }
    return String(format.format(values));
  };
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Picks the best supported locale from an Accept-Language header, honouring q-values. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const quality = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', q: quality ? Number(quality.slice(2)) : 1, index };
    })
    .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLocale) ?? null;
}

/**
 * The language rule of the product: a signed-in user's own choice, else the tenant default;
 * a visitor's explicit choice (cookie), else — for a visitor whose account is already known (an
 * invitation or reset link, a sign-in waiting for its second factor) — the account's language, else
 * the browser's language, else the tenant default.
 */
export function chooseLocale(options: {
  signedIn: boolean;
  userLocale: Locale | null;
  visitorChoice: Locale | null;
  acceptLanguage: string | undefined;
  tenantDefault: Locale;
  accountLocale?: Locale | null;
}): Locale {
  if (options.signedIn) return options.userLocale ?? options.tenantDefault;
  return options.visitorChoice ?? options.accountLocale ?? localeFromAcceptLanguage(options.acceptLanguage) ?? options.tenantDefault;
}
