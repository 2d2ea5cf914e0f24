import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isLocale, catalogues } from './i18n.ts';
import type { Locale } from '../platform/config.ts';

/** docs/glossary.md: its last section, "Words to avoid", is the list the catalogues are held to. */
const glossary = readFileSync(path.resolve(import.meta.dirname, '../../docs/glossary.md'), 'utf8');

interface Avoided {
  readonly locale: Locale;
  readonly word: string;
  readonly instead: string;
}

/** The rows of the "Words to avoid" table: language, the avoided word (in backticks), what to use. */
function avoidedWords(markdown: string): Avoided[] {
  const section = markdown.split(/^## Words to avoid$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => /^\|\s*[a-z]{2}\s*\|\s*`/.test(line))
    .map((line) => {
      const [locale, word, instead] = line
        .split('|')
        .slice(1, 4)
        .map((cell) => cell.trim());
      if (!isLocale(locale)) throw new Error(`docs/glossary.md names an unknown language: ${line}`);
      return { locale, word: word!.replace(/^`|`$/g, ''), instead: instead! };
    });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A whole word, any case of letters; a trailing `*` lets longer words match too. Edges that are not letters need no boundary. */
function avoidedPattern(word: string): RegExp {
  const open = word.endsWith('*');
  const stem = open ? word.slice(0, -1) : word;
  const before = /^\p{L}/u.test(stem) ? '(?<!\\p{L})' : '';
  const after = open ? '' : /\p{L}$/u.test(stem) ? '(?!\\p{L})' : '';
  return new RegExp(`${before}${escape(stem)}${after}`, 'iu');
}

test('the glossary lists the variants to avoid for Dutch and French', () => {
  const words = avoidedWords(glossary);
  assert.ok(
    words.some((entry) => entry.locale === 'nl' && entry.word === 'je'),
    'Dutch "je" is listed (formal "u")',
  );
  assert.ok(
    words.some((entry) => entry.locale === 'nl' && entry.word === 'audittrail*'),
    'Dutch "audittrail" is listed ("logboek")',
  );
  assert.ok(
    words.some((entry) => entry.locale === 'fr' && entry.word === 'réseau de soins'),
    'French "réseau de soins" is listed',
  );
  assert.ok(
    words.every((entry) => entry.instead !== ''),
    'every avoided word says what to use instead',
  );
});

test('a word to avoid matches whole words only, or longer words with a trailing star', () => {
  assert.ok(avoidedPattern('je').test('Meld je aan'), '"je" matches the word');
  assert.ok(!avoidedPattern('je').test('Jeugdhulp en jeugdwerk'), '"je" does not match inside a word');
  assert.ok(avoidedPattern('API-token*').test('Persoonlijke API-tokens'), 'a star matches a longer word');
  assert.ok(!avoidedPattern('zorgnet').test('het zorgnetwerk'), '"zorgnet" does not match "zorgnetwerk"');
  assert.ok(avoidedPattern('·').test('connecté·e'), 'a sign matches anywhere');
  assert.ok(avoidedPattern('bien-être').test('Bien-être'), 'any case of letters');
});

test('no catalogue holds a word the glossary says to avoid', () => {
  const found: string[] = [];
  for (const { locale, word, instead } of avoidedWords(glossary)) {
    const pattern = avoidedPattern(word);
    for (const [key, message] of Object.entries(catalogues[locale])) {
      if (pattern.test(message)) found.push(`${locale} ${key}: "${word}" (use: ${instead}) in "${message}"`);
    }
  }
  assert.deepEqual(found, [], `locales/*.json follow docs/glossary.md, "Words to avoid":\n${found.join('\n')}`);
});
