#!/usr/bin/env node
// Lists the failed tests of a TAP log written by node's test runner, for the end of a CI log.
// Usage: node scripts/tap-failures.mjs <run name> <tap file> [max failures, default 20]
//
// CI may show only the tail of a long log, where the summary counts a failure but the test's own
// "not ok" lies thousands of lines earlier. This prints, per failed test, its path of suites (on
// Node 20 the outermost is the file), where it failed and the first lines of its error, and
// leaves out suites that failed only because a test inside them did. Prints nothing when the log
// holds no failure.
import { readFileSync } from 'node:fs';

const [run, file, maxArgument = '20'] = process.argv.slice(2);
if (!run || !file) {
  process.stderr.write('usage: node scripts/tap-failures.mjs <run name> <tap file> [max failures]\n');
  process.exit(2);
}
const maxFailures = Number(maxArgument);
const ERROR_LINES = 12;

let text = '';
try {
  text = readFileSync(file, 'utf8');
} catch {
  process.exit(0);
}

const lines = text.split('\n');
const indentOf = (line) => line.length - line.trimStart().length;
/** The names of the suites open at each indentation, from "# Subtest: name" lines. */
const open = new Map();
const failures = [];

for (let index = 0; index < lines.length; index++) {
  const line = lines[index];
  const indent = indentOf(line);
  const trimmed = line.trim();
  const subtest = /^# Subtest: (.*)$/.exec(trimmed);
  if (subtest) {
    open.set(indent, subtest[1]);
    for (const key of [...open.keys()]) if (key > indent) open.delete(key);
    continue;
  }
  const notOk = /^not ok \d+ - (.*?)(?: # .*)?$/.exec(trimmed);
  if (!notOk) continue;
  // Its diagnostics: an indented YAML block between "---" and "...".
  const block = [];
  if (lines[index + 1]?.trim() === '---') {
    for (let inner = index + 2; inner < lines.length && lines[inner].trim() !== '...'; inner++) block.push(lines[inner]);
  }
  const field = (name) => block.find((entry) => entry.trim().startsWith(`${name}:`))?.trim();
  if (field('failureType') === "failureType: 'subtestsFailed'") continue;
  const parents = [...open.entries()]
    .filter(([key]) => key < indent)
    .sort(([a], [b]) => a - b)
    .map(([, name]) => name);
  const errorAt = block.findIndex((entry) => entry.trim().startsWith('error:'));
  const error = [];
  if (errorAt !== -1) {
    const errorIndent = indentOf(block[errorAt]);
    error.push(block[errorAt].trim());
    for (let inner = errorAt + 1; inner < block.length && (block[inner].trim() === '' || indentOf(block[inner]) > errorIndent); inner++) {
      if (block[inner].trim() !== '') error.push(`  ${block[inner].trim()}`);
    }
  }
  failures.push({ path: [...parents, notOk[1]], location: field('location'), type: field('failureType'), error: error.slice(0, ERROR_LINES) });
}

if (failures.length === 0) process.exit(0);
process.stdout.write(`${run}: ${failures.length} failed test${failures.length === 1 ? '' : 's'}\n`);
for (const failure of failures.slice(0, maxFailures)) {
  process.stdout.write(`  not ok: ${failure.path.join(' › ')}\n`);
  for (const detail of [failure.location, failure.type, ...failure.error]) if (detail) process.stdout.write(`    ${detail}\n`);
}
if (failures.length > maxFailures) process.stdout.write(`  … and ${failures.length - maxFailures} more\n`);
