import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { MINIMUM_SQLITE_VERSION, compareVersions, openSqlite } from './database.ts';

test('version comparison is numeric, not textual', () => {
  assert.equal(compareVersions('3.51.3', '3.51.3'), 0, "compareVersions('3.51.3', '3.51.3') is 0");
  assert.equal(compareVersions('3.9.0', '3.51.3'), -1, "compareVersions('3.9.0', '3.51.3') is -1");
  assert.equal(compareVersions('3.51.10', '3.51.3'), 1, "compareVersions('3.51.10', '3.51.3') is 1");
  assert.equal(compareVersions('3.52', '3.51.3'), 1, "compareVersions('3.52', '3.51.3') is 1");
  assert.equal(compareVersions('3.51.2', MINIMUM_SQLITE_VERSION), -1, "compareVersions('3.51.2', MINIMUM_SQLITE_VERSION) is -1");
});

test('SQLite opens with WAL, synchronous=FULL and foreign keys on, and is new enough', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-pragma-'));
  const handle = openSqlite(path.join(directory, 'pragma.sqlite'));
  const connection = handle.sqlite!;
  assert.equal(connection.pragma('journal_mode', { simple: true }), 'wal', 'connection.pragma(\'journal_mode\', { simple: true }) is "wal"');
  assert.equal(connection.pragma('synchronous', { simple: true }), 2, 'FULL');
  assert.equal(connection.pragma('foreign_keys', { simple: true }), 1, "connection.pragma('foreign_keys', { simple: true }) is 1");
  assert.ok(
    compareVersions(String(connection.prepare('select sqlite_version() as v').pluck().get()), MINIMUM_SQLITE_VERSION) >= 0,
    "compareVersions(String(connection.prepare('select sqlite_version() as… is at least 0",
  );
  await handle.close();
  rmSync(directory, { recursive: true, force: true });
});
