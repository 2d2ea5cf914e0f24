import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  MINIMUM_SQLITE_VERSION,
  PLANNER_STATISTICS_REFRESH_MS,
  compareVersions,
  openSqlite,
  refreshPlannerStatistics,
  refreshPlannerStatisticsPeriodically,
} from './database.ts';

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

test('a running node refreshes SQLite’s planner statistics, not only at start', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-statistics-'));
  const handle = openSqlite(path.join(directory, 'statistics.sqlite'));
  const connection = handle.sqlite!;
  try {
    connection.exec('create table grows (id integer primary key, owner text not null); create index grows_by_owner on grows (owner)');
    await refreshPlannerStatistics(handle.db, { migrated: false }); // the start, on an empty table
    const figures = () => {
      const analysed = connection.prepare("select 1 from sqlite_master where name = 'sqlite_stat1'").get();
      return analysed
        ? (connection.prepare("select stat from sqlite_stat1 where idx = 'grows_by_owner'").pluck().get() as string | undefined)
        : undefined;
    };
    const before = figures();
    const insert = connection.prepare('insert into grows (owner) values (?)');
    connection.transaction(() => {
      for (let index = 0; index < 5000; index++) insert.run(`owner-${index % 50}`);
    })();
    assert.equal(figures(), before, 'growing alone changes no statistics');
    let tick: (() => Promise<void>) | null = null;
    let stopped = false;
    const stop = refreshPlannerStatisticsPeriodically(handle.db, {
      onError: (error) => assert.fail(`the refresh failed: ${String(error)}`),
      repeat: (callback, everyMs) => {
        assert.equal(everyMs, PLANNER_STATISTICS_REFRESH_MS, 'the refresh is scheduled at the hourly interval');
        tick = callback;
        return () => {
          stopped = true;
        };
      },
    });
    assert.ok(tick, 'SQLite gets a periodic refresh');
    await (tick as () => Promise<void>)();
    const after = figures();
    assert.ok(after, `the grown table has statistics after the periodic refresh (before: ${String(before)})`);
    const rows = Number(after.split(' ')[0]);
    assert.ok(rows >= 1000, `the statistics count the grown table's rows (stat "${after}")`);
    stop();
    assert.ok(stopped, 'stopping the node stops the refresh');
  } finally {
    await handle.close();
    rmSync(directory, { recursive: true, force: true });
  }
});
