import assert from 'node:assert/strict';
import { test } from 'node:test';
import { audienceOn, routeReferral, routedTable } from './referral-routing.ts';

const tables = [
  { id: 't-adults', name: 'Tafel volwassenen', audience: 'adults' },
  { id: 't-minors-b', name: 'Tafel minderjarigen B', audience: 'minors' },
  { id: 't-minors-a', name: 'Tafel minderjarigen A', audience: 'minors' },
];

test('routing at the 18th birthday: the day before a minor, on the day and after an adult', () => {
  const born = '2008-03-02';
  assert.equal(audienceOn(born, '2026-03-01'), 'minors', 'the day before the 18th birthday goes to a minors table');
  assert.equal(audienceOn(born, '2026-03-02'), 'adults', 'the 18th birthday itself goes to an adults table');
  assert.equal(audienceOn(born, '2026-03-03'), 'adults', 'the day after the 18th birthday goes to an adults table');
  assert.equal(audienceOn(undefined, '2026-03-02'), null, 'no birth date: no audience');
  assert.equal(audienceOn(null, '2026-03-02'), null, 'a null birth date: no audience');
});

test('routing of a person born on 29 February', () => {
  const born = '2008-02-29';
  assert.equal(audienceOn(born, '2026-02-28'), 'minors', 'born on 29 February: still a minor on 28 February of a common year');
  assert.equal(audienceOn(born, '2026-03-01'), 'adults', 'born on 29 February: an adult from 1 March of a common year');
  assert.equal(audienceOn('2012-02-29', '2030-02-28'), 'minors', 'born on 29 February 2012: a minor on 28 February 2030');
  assert.equal(audienceOn('2012-02-29', '2030-03-01'), 'adults', 'born on 29 February 2012: an adult on 1 March 2030');
});

test('the routed table is the first of the fitting audience by name', () => {
  assert.equal(routedTable(tables, 'minors')?.id, 't-minors-a', 'the first minors table by name');
  assert.equal(routedTable(tables, 'adults')?.id, 't-adults', 'the adults table');
  assert.equal(routedTable(tables, null), null, 'unknown age: no routed table');
  assert.equal(routedTable([tables[0]!], 'minors'), null, 'no minors table: none');
});

test('routeReferral: routed, chosen, override with and without a reason', () => {
  const day = '2026-03-02';
  const minor = '2008-03-03';
  assert.deepEqual(
    routeReferral({ tables, birthDate: minor, referralDay: day }),
    { ok: true, table: tables[2], override: false },
    'without a table the minor goes to the first minors table',
  );
  assert.deepEqual(
    routeReferral({ tables, birthDate: minor, referralDay: day, tableId: 't-minors-b' }),
    { ok: true, table: tables[1], override: false },
    'a chosen table of the fitting audience is no override',
  );
  assert.deepEqual(
    routeReferral({ tables, birthDate: minor, referralDay: day, tableId: 't-adults' }),
    { ok: false, path: 'ageExceptionReason', messageKey: 'validation.referral.override_reason_adults' },
    'a minor on the adults table without a reason is refused on the reason field',
  );
  assert.deepEqual(
    routeReferral({ tables, birthDate: minor, referralDay: day, tableId: 't-adults', ageExceptionReason: '   ' }),
    { ok: false, path: 'ageExceptionReason', messageKey: 'validation.referral.override_reason_adults' },
    'a blank reason is no reason',
  );
  assert.deepEqual(
    routeReferral({ tables, birthDate: minor, referralDay: day, tableId: 't-adults', ageExceptionReason: 'Broer zit al aan deze tafel' }),
    { ok: true, table: tables[0], override: true },
    'with a reason the override holds',
  );
  assert.deepEqual(
    routeReferral({ tables, birthDate: '2008-03-02', referralDay: day, tableId: 't-minors-a' }),
    { ok: false, path: 'ageExceptionReason', messageKey: 'validation.referral.override_reason_minors' },
    'on the 18th birthday the minors table is an override',
  );
  assert.deepEqual(
    routeReferral({ tables, birthDate: undefined, referralDay: day }),
    { ok: false, path: 'tableId', messageKey: 'validation.referral.table_needed' },
    'unknown age and no table: the coordinator must choose',
  );
  assert.deepEqual(
    routeReferral({ tables, birthDate: undefined, referralDay: day, tableId: 't-adults' }),
    { ok: true, table: tables[0], override: false },
    'unknown age fits every chosen table',
  );
  assert.deepEqual(
    routeReferral({ tables: [tables[0]!], birthDate: minor, referralDay: day }),
    { ok: false, path: 'tableId', messageKey: 'validation.referral.no_table_minors' },
    'no minors table in the network: 400 on the table',
  );
  assert.deepEqual(
    routeReferral({ tables, birthDate: minor, referralDay: day, tableId: 'elsewhere' }),
    { ok: false, path: 'tableId', messageKey: 'validation.choice' },
    'an unknown table id is refused',
  );
});
