import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAuditTime, startOfZonedDay } from './audit-time.ts';

test('a Brussels day starts at 23:00 UTC the day before in winter and 22:00 UTC in summer', () => {
  assert.equal(startOfZonedDay('2026-01-05'), '2026-01-04T23:00:00.000Z', 'startOfZonedDay(\'2026-01-05\') is "2026-01-04T23:00:00.000Z"');
  assert.equal(startOfZonedDay('2026-07-01'), '2026-06-30T22:00:00.000Z', 'startOfZonedDay(\'2026-07-01\') is "2026-06-30T22:00:00.000Z"');
  assert.equal(startOfZonedDay('2026-01-05', 1), '2026-01-05T23:00:00.000Z', 'the next day, for an inclusive "to"');
  assert.equal(startOfZonedDay('2026-12-31', 1), '2026-12-31T23:00:00.000Z', 'across a year end');
});

test('the days of the clock changes have 23 and 25 hours', () => {
  const hours = (day: string) => (Date.parse(startOfZonedDay(day, 1)) - Date.parse(startOfZonedDay(day))) / 3_600_000;
  assert.equal(hours('2026-03-29'), 23, "hours('2026-03-29') is 23");
  assert.equal(hours('2026-10-25'), 25, "hours('2026-10-25') is 25");
  assert.equal(hours('2026-03-30'), 24, "hours('2026-03-30') is 24");
});

test('audit times are the moment format of every screen, to the second, in Brussels time', () => {
  assert.equal(formatAuditTime('2026-01-04T23:30:00.000Z', 'nl'), '5 jan 2026, 00:30:00', 'a Dutch audit time');
  assert.equal(formatAuditTime('2026-07-01T10:00:05.000Z', 'fr'), '1 juil. 2026, 12:00:05', 'a French audit time');
  assert.equal(formatAuditTime('2026-07-01T10:00:05.000Z', 'en'), '1 Jul 2026, 12:00:05', 'an English audit time');
});
