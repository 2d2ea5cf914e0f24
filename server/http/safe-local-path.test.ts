import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeLocalPath } from './page-helpers.ts';

/** Inputs that would take a browser to another site (or that are no path at all). */
const NASTY: readonly unknown[] = [
  '//evil.example',
  '//evil.example/',
  '/\\evil.example',
  '\\/evil.example',
  '\\\\evil.example',
  '/%09/evil.example',
  '/%0a/evil.example',
  '/%0d%0a/evil.example',
  '/%2F/evil.example',
  '/%2f/evil.example',
  '/%252F/evil.example',
  '/%5C/evil.example',
  '/%5cevil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/ /evil.example',
  '/%20/evil.example',
  '/\u0000/evil.example',
  '/%00/evil.example',
  '/\u0085/evil.example',
  '/\u00a0/evil.example',
  '/%E2%80%A8/evil.example',
  'https://evil.example',
  'http:/evil.example',
  'javascript:alert(1)',
  ' /cases',
  'evil.example',
  '',
  '/%zz',
  '/%25252525252F/evil.example',
  `/${'a'.repeat(3000)}`,
  42,
  null,
  undefined,
  ['/cases'],
];

test('safeLocalPath refuses every path that could leave the site', () => {
  for (const nasty of NASTY) {
    assert.equal(safeLocalPath(nasty), '/', `${JSON.stringify(nasty)} falls back to /`);
    assert.equal(safeLocalPath(nasty, '/cases'), '/cases', `${JSON.stringify(nasty)} falls back to the given fallback`);
  }
});

test('safeLocalPath keeps ordinary local paths (normalised)', () => {
  const cases: [string, string][] = [
    ['/', '/'],
    ['/admin/users?x=1', '/admin/users?x=1'],
    ['/cases?q=Jan%20Jansen', '/cases?q=Jan%20Jansen'],
    ['/cases/0b7c1f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b#journal', '/cases/0b7c1f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b#journal'],
    ['/cases/../admin/users', '/admin/users'],
    ['/%61dmin/users', '/%61dmin/users'],
  ];
  for (const [input, expected] of cases) assert.equal(safeLocalPath(input), expected, `${input} stays a local path`);
});
