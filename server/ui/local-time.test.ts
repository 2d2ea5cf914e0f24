import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLocalClock, formatLocalDay, formatLocalDayOf, formatLocalTime } from './local-time.ts';

test('one way to write a day per language', () => {
  assert.equal(formatLocalDay('2026-01-05', 'nl'), '5 jan 2026', 'a Dutch day is "5 jan 2026"');
  assert.equal(formatLocalDay('2026-01-05', 'fr'), '5 janv. 2026', 'a French day is "5 janv. 2026"');
  assert.equal(formatLocalDay('2026-01-05', 'en'), '5 Jan 2026', 'an English day is "5 Jan 2026"');
});

test('a moment is the day followed by the Brussels time', () => {
  assert.equal(formatLocalTime('2026-01-05T09:00:00.000Z', 'nl'), '5 jan 2026, 10:00', 'winter: UTC+1');
  assert.equal(formatLocalTime('2026-07-01T10:00:05.000Z', 'fr'), '1 juil. 2026, 12:00', 'summer: UTC+2, French month');
  assert.equal(formatLocalTime('2026-07-01T10:00:05.000Z', 'en', 'second'), '1 Jul 2026, 12:00:05', 'the audit precision adds seconds');
  assert.equal(formatLocalTime('2026-01-04T23:30:00.000Z', 'nl'), '5 jan 2026, 00:30', 'the day is the Brussels day');
});

test('the day of a moment and its clock time are the two halves of the moment', () => {
  const iso = '2026-01-04T23:30:00.000Z';
  assert.equal(formatLocalDayOf(iso, 'nl'), '5 jan 2026', 'the Brussels day of the moment');
  assert.equal(formatLocalClock(iso, 'nl'), '00:30', 'the Brussels clock time of the moment');
  assert.equal(
    `${formatLocalDayOf(iso, 'fr')}, ${formatLocalClock(iso, 'fr', 'second')}`,
    formatLocalTime(iso, 'fr', 'second'),
    'day and clock make the moment',
  );
});
