import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALENDAR_TIME_ZONE, dayOf, today, yearsBetween } from '../../platform/calendar-days.ts';
import { FakeClock } from '../../platform/clock.ts';
import { NETWORK_TIME_ZONE } from '../../ui/local-time.ts';
import { ageMisfits, ageProblems, birthDateProblems, isMinor } from './date-rules.ts';

test('calendar days are counted in Brussels, the zone the screens show', () => {
  assert.equal(CALENDAR_TIME_ZONE, NETWORK_TIME_ZONE, 'the calendar and the screens use one zone');
  assert.equal(dayOf(new Date('2026-03-01T23:30:00Z')), '2026-03-02', 'half past midnight in Brussels (winter) is already the next day');
  assert.equal(dayOf(new Date('2026-07-01T21:59:00Z')), '2026-07-01', 'one minute before midnight in Brussels (summer) is still the same day');
  assert.equal(today(new FakeClock('2026-12-31T23:00:00Z')), '2027-01-01', 'the clock gives the Brussels day');
  assert.equal(yearsBetween('2008-03-02', '2026-03-01'), 17, 'the day before an 18th birthday is 17');
  assert.equal(yearsBetween('2008-03-02', '2026-03-02'), 18, 'on the 18th birthday the person is 18');
  assert.equal(yearsBetween('2008-02-29', '2026-02-28'), 17, 'born on 29 February: still 17 on 28 February');
});

test('birth dates: never in the future, never more than 120 years ago', () => {
  const day = '2026-06-15';
  assert.deepEqual(birthDateProblems('subject.birthDate', '2026-06-15', day), [], 'born today is possible');
  assert.deepEqual(
    birthDateProblems('subject.birthDate', '2026-06-16', day),
    [{ path: 'subject.birthDate', messageKey: 'validation.date.birth_in_future' }],
    'born tomorrow is refused on the field',
  );
  assert.deepEqual(birthDateProblems('contextPersons.0.birthDate', '1905-06-16', day), [], 'aged 120 (121 tomorrow) is possible');
  assert.deepEqual(
    birthDateProblems('contextPersons.0.birthDate', '1905-06-15', day),
    [{ path: 'contextPersons.0.birthDate', messageKey: 'validation.date.birth_too_old', values: { years: 120 } }],
    'aged 121 is refused',
  );
  assert.deepEqual(birthDateProblems('subject.birthDate', undefined, day), [], 'no birth date, no problem');
});

test('age on the referral date against the table audience', () => {
  const referral = '2026-03-02';
  assert.equal(isMinor({ birthDate: '2008-03-03' }, referral), true, 'one day before the 18th birthday: a minor');
  assert.equal(isMinor({ birthDate: '2008-03-02' }, referral), false, 'on the 18th birthday: an adult');
  assert.equal(isMinor({ ageBand: '16-17' }, referral), true, 'age band 16-17 is a minor');
  assert.equal(isMinor({ ageBand: '18-24' }, referral), false, 'age band 18-24 is an adult');
  assert.equal(isMinor({}, referral), null, 'no age known');
  assert.equal(isMinor({ birthDate: '2010-01-01', ageBand: '25+' }, referral), true, 'the birth date wins over an age band');
  const minors = { audience: 'minors' } as const;
  const adults = { audience: 'adults' } as const;
  assert.equal(ageMisfits({ birthDate: '1990-05-01' }, minors, referral), true, 'born in 1990 does not fit the minors table');
  assert.equal(ageMisfits({ birthDate: '2010-05-01' }, minors, referral), false, 'born in 2010 fits the minors table');
  assert.equal(ageMisfits({ ageBand: '0-11' }, adults, referral), true, 'a child does not fit the adults table');
  assert.equal(ageMisfits({}, adults, referral), false, 'an unknown age fits every table');
  assert.deepEqual(
    ageProblems({ birthDate: '1990-05-01' }, minors, referral, undefined),
    [{ path: 'subject.birthDate', messageKey: 'validation.case.age_outside_table_minors' }],
    'without a reason the misfit is refused on the birth date',
  );
  assert.deepEqual(
    ageProblems({ ageBand: '25+' }, minors, referral, undefined),
    [{ path: 'subject.ageBand', messageKey: 'validation.case.age_outside_table_minors' }],
    'an age band alone is refused on the age band',
  );
  assert.deepEqual(
    ageProblems({ birthDate: '1990-05-01' }, minors, referral, 'Broer van een jongere aan tafel'),
    [],
    'a reason allows the exception',
  );
  assert.deepEqual(
    ageProblems({ birthDate: '1990-05-01' }, minors, referral, ''),
    ageProblems({ birthDate: '1990-05-01' }, minors, referral, undefined),
    'an empty reason is no reason',
  );
});
