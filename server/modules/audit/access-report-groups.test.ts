import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkDay } from '../../ui/local-time.ts';
import { groupAccessReport, isReadAction, type AccessReportEntry } from './access-report.ts';

const city = { id: 'org-city', name: 'Stad' };
const welfare = { id: 'org-welfare', name: 'OCMW' };

function entry(occurredAt: string, action: string, extra: Partial<AccessReportEntry> = {}): AccessReportEntry {
  return {
    id: occurredAt,
    occurredAt,
    organisation: welfare,
    roles: ['professional'],
    action,
    purpose: 'guest',
    legalBasis: null,
    decision: 'permit',
    ...extra,
  };
}

test('reads are the actions that view a case; changes are not', () => {
  for (const action of ['case.viewed', 'case.items_viewed', 'case.timeline_viewed']) assert.ok(isReadAction(action), `${action} is a read`);
  for (const action of ['case.created', 'case.item_added', 'case.consent_withdrawn']) assert.ok(!isReadAction(action), `${action} is no read`);
});

test('consecutive reads that look the same are one group; a change, another organisation or another day starts a new one', () => {
  const groups = groupAccessReport(
    [
      entry('2026-01-05T09:00:00.000Z', 'case.viewed'),
      entry('2026-01-05T09:01:00.000Z', 'case.items_viewed'),
      entry('2026-01-05T09:02:00.000Z', 'case.viewed'),
      entry('2026-01-05T09:03:00.000Z', 'case.item_added'),
      entry('2026-01-05T09:04:00.000Z', 'case.item_added'),
      entry('2026-01-05T09:05:00.000Z', 'case.viewed', { organisation: city }),
      entry('2026-01-05T09:06:00.000Z', 'case.viewed'),
      entry('2026-01-05T22:59:00.000Z', 'case.viewed'),
      entry('2026-01-05T23:01:00.000Z', 'case.viewed'),
    ],
    networkDay,
  );
  assert.deepEqual(
    groups.map((group) => [group.first.occurredAt.slice(11, 16), group.lastAt.slice(11, 16), group.actions.join('+'), group.events.length]),
    [
      ['09:00', '09:02', 'case.viewed+case.items_viewed', 3],
      ['09:03', '09:03', 'case.item_added', 1],
      ['09:04', '09:04', 'case.item_added', 1],
      ['09:05', '09:05', 'case.viewed', 1],
      ['09:06', '22:59', 'case.viewed', 2],
      ['23:01', '23:01', 'case.viewed', 1],
    ],
    'three reads grouped; each change alone; another organisation splits; 23:01 UTC is the next day in Brussels',
  );
});

test('with staff names shown, reads of two people of one organisation are not merged; without, the grouping never looks at who', () => {
  const first = { userId: 'user-a', name: 'A' };
  const second = { userId: 'user-b', name: 'B' };
  const named = groupAccessReport(
    [entry('2026-01-05T09:00:00.000Z', 'case.viewed', { staff: first }), entry('2026-01-05T09:01:00.000Z', 'case.viewed', { staff: second })],
    networkDay,
  );
  assert.equal(named.length, 2, 'two people, two rows');
  const anonymous = groupAccessReport(
    [entry('2026-01-05T09:00:00.000Z', 'case.viewed'), entry('2026-01-05T09:01:00.000Z', 'case.viewed')],
    networkDay,
  );
  assert.equal(anonymous.length, 1, 'without names the rows look the same and are one');
});
