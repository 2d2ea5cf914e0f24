#!/usr/bin/env node
// Runs node's test runner on every file under a folder whose name matches a suffix.
// Usage: node scripts/run-tests.mjs <folder> <suffix regex> [--per-test-timeout=<ms>] [extra node --test flags]
//
// The same on Node 20 and Node 24:
// - Files are listed here (Node 20 does not expand globs given to --test; Node 22+ treats each
//   argument as a glob, and a plain path matches itself, so the list works on both).
// - Without a TTY the TAP reporter is used (Node 20's default; Node 23+ defaults to "spec"
//   everywhere), so CI can read the "# pass N" / "# fail N" summary on every version.
// - Every test gets a time limit, so a hung test fails with "test timed out" instead of stalling
//   the run. From Node 24 on --test-timeout applies to each test (default 120 s, or
//   --per-test-timeout / TEST_TIMEOUT_MS); before Node 24 it applies to a whole file, so there it
//   is a per-file budget instead (TEST_FILE_TIMEOUT_MS, default 15 min).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const [folder = 'server', pattern = '\\.test\\.tsx?$', ...rest] = process.argv.slice(2);
const matcher = new RegExp(pattern);

const perTestOption = rest.find((argument) => argument.startsWith('--per-test-timeout='));
const extra = rest.filter((argument) => argument !== perTestOption);
const perTestMs = Number(perTestOption?.split('=')[1] ?? process.env.TEST_TIMEOUT_MS ?? 120_000);
const perFileMs = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 15 * 60_000);
const major = Number(process.versions.node.split('.')[0]);

function collect(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : collect(full);
    return matcher.test(entry.name) ? [full] : [];
  });
}

const files = collect(folder).sort();
if (files.length === 0) {
  process.stderr.write(`No test files matching ${pattern} under ${folder}\n`);
  process.exit(1);
}
const flags = ['--import', 'tsx', '--test', '--test-concurrency=1'];
if (!extra.some((flag) => flag.startsWith('--test-timeout'))) flags.push(`--test-timeout=${major >= 24 ? perTestMs : perFileMs}`);
if (!process.stdout.isTTY && !extra.some((flag) => flag.startsWith('--test-reporter'))) flags.push('--test-reporter=tap');
const child = spawn(process.execPath, [...flags, ...extra, ...files], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
