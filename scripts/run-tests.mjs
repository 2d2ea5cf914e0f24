#!/usr/bin/env node
// Runs node's test runner on every file under a folder whose name matches a suffix.
// Node 20 does not expand globs given to --test, so the files are listed here.
// Usage: node scripts/run-tests.mjs <folder> <suffix regex> [extra node --test flags]
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const [folder = 'server', pattern = '\\.test\\.tsx?$', ...extra] = process.argv.slice(2);
const matcher = new RegExp(pattern);

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
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...extra, ...files], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
