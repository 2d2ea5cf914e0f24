import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';
import ts from 'typescript';
import { ROLES } from '../access/actor.ts';
import { ERROR_STATUS } from '../platform/errors.ts';
import { SECRECY_REGIMES, SECTORS, USER_STATUSES } from '../modules/accounts/index.ts';
import { LOCALES } from '../platform/config.ts';
import { catalogues, chooseLocale, localeFromAcceptLanguage, translator } from './i18n.ts';

const serverRoot = path.resolve(import.meta.dirname, '..');

function sourceFiles(directory: string, pattern: RegExp): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full, pattern);
    return pattern.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const placeholders = (message: string) => new Set([...message.matchAll(/\{\s*(\w+)/g)].map((match) => match[1]));

test('every catalogue has exactly the same keys, valid ICU syntax and the same placeholders', () => {
  const reference = Object.keys(catalogues.en).sort();
  for (const locale of LOCALES) {
    const keys = Object.keys(catalogues[locale]).sort();
    assert.deepEqual(
      keys,
      reference,
      `${locale} differs from en: missing ${reference.filter((key) => !keys.includes(key))}, extra ${keys.filter((key) => !reference.includes(key))}`,
    );
    for (const [key, message] of Object.entries(catalogues[locale])) {
      assert.ok(message.trim().length > 0, `${locale}:${key} is empty`);
      assert.doesNotThrow(() => new IntlMessageFormat(message, locale), `${locale}:${key} is not valid ICU`);
      assert.deepEqual(placeholders(message), placeholders(catalogues.en[key]!), `${locale}:${key} placeholders`);
    }
  }
});

test('every message key the code names exists in every language', () => {
  const used = new Set<string>();
  for (const file of sourceFiles(serverRoot, /\.tsx?$/)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*'([a-z_]+\.[A-Za-z_.]+)'/g)) used.add(match[1]!);
    for (const match of text.matchAll(/(?:messageKey|message):\s*'((?:validation|signin|errors)\.[a-z_.]+)'/g)) used.add(match[1]!);
    for (const match of text.matchAll(/'(flash\.[a-z_]+)'/g)) used.add(match[1]!);
  }
  const enumerated = [
    ...SECTORS.map((value) => `sector.${value}`),
    ...SECRECY_REGIMES.map((value) => `secrecy.${value}`),
    ...ROLES.map((value) => `role.${value}`),
    ...USER_STATUSES.map((value) => `status.${value}`),
    ...LOCALES.map((value) => `locale.${value}`),
    ...Object.keys(ERROR_STATUS).flatMap((code) => [`errors.${code}`, `errors.${code}.help`]),
  ];
  assert.ok(used.size > 50, `the scan found only ${used.size} keys; is it still reading the code?`);
  for (const key of [...used, ...enumerated]) {
    for (const locale of LOCALES) assert.ok(catalogues[locale][key] !== undefined, `"${key}" is missing in ${locale}`);
  }
});

const TRANSLATABLE_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder', 'alt', 'label', 'aria-description', 'summary']);

/** Finds text in JSX that does not come from the catalogue: text nodes and human-facing attributes. */
function literalUiStrings(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const hasLetters = (text: string) => /\p{L}/u.test(text);
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasLetters(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && node.initializer && TRANSLATABLE_ATTRIBUTES.has(node.name.getText(file))) {
      const initializer = node.initializer;
      const literal = ts.isStringLiteral(initializer)
        ? initializer
        : ts.isJsxExpression(initializer) && initializer.expression && ts.isStringLiteralLike(initializer.expression)
          ? initializer.expression
          : null;
      if (literal && hasLetters(literal.text)) found.push(`${node.name.getText(file)}="${literal.text}"`);
    }
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      ts.isStringLiteralLike(node.expression) &&
      ts.isJsxElement(node.parent) &&
      hasLetters(node.expression.text)
    ) {
      found.push(node.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

test('the literal-string check catches text that bypasses the catalogue', () => {
  const sample = `const A = () => <p title="Hello">Welcome {'back'} <b>{t('x.y')}</b> <i aria-label={'Close'} /></p>;`;
  assert.deepEqual(
    literalUiStrings('sample.tsx', sample),
    ['title="Hello"', 'Welcome', 'back', 'aria-label="Close"'],
    "literalUiStrings('sample.tsx', sample) is ['title=\"Hello\"', 'Welcome', 'back', 'aria-label=\"Close\"']",
  );
  assert.deepEqual(
    literalUiStrings('ok.tsx', `const B = () => <p class="x">{t('a.b')} * · 42</p>;`),
    [],
    "literalUiStrings('ok.tsx', `const B = () => <p class=\"x\">{t('a.b')} *… is empty",
  );
});

test('no page contains a literal UI string', () => {
  const files = sourceFiles(serverRoot, /\.tsx$/);
  assert.ok(files.length >= 5, 'the number of files is at least 5');
  for (const file of files) {
    assert.deepEqual(literalUiStrings(file, readFileSync(file, 'utf8')), [], path.relative(serverRoot, file));
  }
});

test('a missing key throws instead of showing a raw key to a user', () => {
  assert.throws(() => translator('fr')('no.such.key'), /Missing message/, "translator('fr')(…) throws with /Missing message/");
  assert.equal(
    translator('en')('organisations.caption', { count: 1 }),
    '1 organisation',
    "translator('en')('organisations.caption', { count: 1 }) is \"1 organisation\"",
  );
  assert.equal(
    translator('nl')('organisations.caption', { count: 3 }),
    '3 organisaties',
    "translator('nl')('organisations.caption', { count: 3 }) is \"3 organisaties\"",
  );
});

test('Accept-Language: q-values, regions and unsupported languages', () => {
  assert.equal(localeFromAcceptLanguage('fr-BE,fr;q=0.9,en;q=0.8'), 'fr', 'localeFromAcceptLanguage(\'fr-BE,fr;q=0.9,en;q=0.8\') is "fr"');
  assert.equal(
    localeFromAcceptLanguage('de-DE,de;q=0.9,en;q=0.5,nl;q=0.7'),
    'nl',
    'localeFromAcceptLanguage(\'de-DE,de;q=0.9,en;q=0.5,nl;q=0.7\') is "nl"',
  );
  assert.equal(localeFromAcceptLanguage('en;q=0,fr;q=0.1'), 'fr', 'localeFromAcceptLanguage(\'en;q=0,fr;q=0.1\') is "fr"');
  assert.equal(localeFromAcceptLanguage('de, it'), null, "localeFromAcceptLanguage('de, it') is null");
  assert.equal(localeFromAcceptLanguage(undefined), null, 'localeFromAcceptLanguage(undefined) is null');
});

test('language rule: user choice, else tenant default; visitor choice, else browser, else tenant default', () => {
  const base = { userLocale: null, visitorChoice: null, acceptLanguage: 'en', tenantDefault: 'nl' } as const;
  assert.equal(
    chooseLocale({ ...base, signedIn: true, userLocale: 'fr' }),
    'fr',
    'chooseLocale({...base, signedIn: true, userLocale: \'fr\' }) is "fr"',
  );
  assert.equal(chooseLocale({ ...base, signedIn: true }), 'nl', 'signed in without a choice: tenant default, not the browser');
  assert.equal(chooseLocale({ ...base, signedIn: false }), 'en', 'chooseLocale({...base, signedIn: false }) is "en"');
  assert.equal(
    chooseLocale({ ...base, signedIn: false, visitorChoice: 'fr' }),
    'fr',
    'chooseLocale({...base, signedIn: false, visitorChoice: \'fr\' }) is "fr"',
  );
  assert.equal(
    chooseLocale({ ...base, signedIn: false, acceptLanguage: 'de' }),
    'nl',
    'chooseLocale({...base, signedIn: false, acceptLanguage: \'de\' }) is "nl"',
  );
  assert.equal(
    chooseLocale({ ...base, signedIn: false, accountLocale: 'fr' }),
    'fr',
    'a visitor known by a link or a pending sign-in: the account’s language',
  );
  assert.equal(
    chooseLocale({ ...base, signedIn: false, accountLocale: 'fr', visitorChoice: 'nl' }),
    'nl',
    'the visitor’s own choice still comes first',
  );
});
