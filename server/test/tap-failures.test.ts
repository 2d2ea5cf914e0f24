/**
 * `scripts/tap-failures.mjs` names the failed tests at the end of CI's log, read from a real TAP log
 * that node's test runner writes for a file with a passing and two failing tests.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

const script = path.resolve(import.meta.dirname, '../../scripts/tap-failures.mjs');

describe('the failed tests named at the end of a CI log', () => {
  let folder: string;
  let tapFile: string;

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'tap-failures-'));
    const testFile = path.join(folder, 'sample.test.mjs');
    writeFileSync(
      testFile,
      [
        "import { describe, test } from 'node:test';",
        "import assert from 'node:assert/strict';",
        "describe('a suite', () => {",
        "  describe('on postgres', () => {",
        "    test('a passing test', () => assert.ok(true, 'the sample test passes'));",
        "    test('a failing comparison', () => assert.equal(1, 2, 'the sample expected one to be two'));",
        '  });',
        '});',
        "test('a test that throws', () => { throw new Error('sample failure'); });",
      ].join('\n'),
    );
    // Without the parent runner's context, so the child writes TAP rather than reporting to this run.
    const environment = { ...process.env };
    delete environment.NODE_TEST_CONTEXT;
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', testFile], { encoding: 'utf8', env: environment });
    tapFile = path.join(folder, 'sample.tap');
    writeFileSync(tapFile, run.stdout);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('names each failed test with its suites, its place and its message, and not the suites around it', () => {
    const output = execFileSync(process.execPath, [script, 'unit20', tapFile], { encoding: 'utf8' });
    assert.match(output, /^unit20: 2 failed tests$/m, `two failures counted:\n${output}`);
    assert.match(output, /not ok: a suite › on postgres › a failing comparison$/m, `the comparison named with its suites:\n${output}`);
    assert.match(output, /the sample expected one to be two/, `the comparison's message shown:\n${output}`);
    assert.match(output, /sample\.test\.mjs:6:/, `the comparison's line shown:\n${output}`);
    assert.match(output, /not ok: a test that throws$/m, `the throwing test named:\n${output}`);
    assert.match(output, /sample failure/, `the thrown message shown:\n${output}`);
    assert.doesNotMatch(
      output,
      /not ok: a suite$|not ok: a suite › on postgres$/m,
      `suites that failed only through a test are left out:\n${output}`,
    );
    assert.doesNotMatch(output, /a passing test/, `the passing test is not listed:\n${output}`);
  });

  test('prints nothing for a log without failures, or a log that is missing', () => {
    const passing = path.join(folder, 'passing.tap');
    writeFileSync(passing, 'TAP version 13\nok 1 - fine\n1..1\n# pass 1\n# fail 0\n');
    assert.equal(execFileSync(process.execPath, [script, 'unit24', passing], { encoding: 'utf8' }), '', 'no output for a passing log');
    assert.equal(
      execFileSync(process.execPath, [script, 'unit24', path.join(folder, 'absent.tap')], { encoding: 'utf8' }),
      '',
      'no output for a missing log',
    );
  });
});
