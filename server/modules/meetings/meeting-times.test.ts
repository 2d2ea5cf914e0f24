import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { instantOfWallClock, isScheduleRule, isTimeZone, proposeMeetings, wallClockText } from './meeting-times.ts';

const brussels = (rrule: string, localStartTime: string, durationMinutes = 120) => ({
  rrule,
  localStartTime,
  durationMinutes,
  timeZone: 'Europe/Brussels',
});

describe('meeting times', () => {
  test('"first Monday of the month, 09:00 Brussels" for twelve months: the right Mondays, 08:00Z in winter and 07:00Z in summer', () => {
    const proposals = proposeMeetings(brussels('FREQ=MONTHLY;BYDAY=1MO', '09:00'), new Date('2026-11-30T12:00:00Z'), 12);
    assert.deepEqual(
      proposals.map((proposal) => proposal.startsAt),
      [
        '2026-12-07T08:00:00.000Z',
        '2027-01-04T08:00:00.000Z',
        '2027-02-01T08:00:00.000Z',
        '2027-03-01T08:00:00.000Z',
        '2027-04-05T07:00:00.000Z',
        '2027-05-03T07:00:00.000Z',
        '2027-06-07T07:00:00.000Z',
        '2027-07-05T07:00:00.000Z',
        '2027-08-02T07:00:00.000Z',
        '2027-09-06T07:00:00.000Z',
        '2027-10-04T07:00:00.000Z',
        '2027-11-01T08:00:00.000Z',
      ],
      'the first Monday of each of the next twelve months at 09:00 Brussels time, in UTC',
    );
    for (const proposal of proposals) {
      assert.equal(new Date(proposal.startsAt).getUTCDay(), 1, `${proposal.startsAt} is a Monday`);
      assert.ok(new Date(proposal.startsAt).getUTCDate() <= 7, `${proposal.startsAt} is in the first week of its month`);
      assert.equal(
        wallClockText(new Date(proposal.startsAt), 'Europe/Brussels').slice(11),
        '09:00:00',
        `${proposal.startsAt} is 09:00 on the Brussels clock`,
      );
      assert.equal(Date.parse(proposal.endsAt) - Date.parse(proposal.startsAt), 120 * 60_000, 'each meeting lasts the schedule’s 120 minutes');
    }
  });

  test('both daylight-saving changes of 2027 (28 March, 31 October): a Sunday 09:00 meeting keeps 09:00 on the Brussels clock', () => {
    const spring = proposeMeetings(brussels('FREQ=WEEKLY;BYDAY=SU', '09:00'), new Date('2027-03-20T12:00:00Z'), 2);
    assert.deepEqual(
      spring.map((proposal) => proposal.startsAt),
      ['2027-03-21T08:00:00.000Z', '2027-03-28T07:00:00.000Z'],
      'the Sunday before the spring change is UTC+1, the day of the change (after 02:00) UTC+2',
    );
    const autumn = proposeMeetings(brussels('FREQ=WEEKLY;BYDAY=SU', '09:00'), new Date('2027-10-23T12:00:00Z'), 2);
    assert.deepEqual(
      autumn.map((proposal) => proposal.startsAt),
      ['2027-10-24T07:00:00.000Z', '2027-10-31T08:00:00.000Z'],
      'the Sunday before the autumn change is UTC+2, the day of the change UTC+1',
    );
  });

  test('wall times in the hours the changes skip or repeat: the skipped one moves forward, the repeated one is the later', () => {
    assert.equal(
      instantOfWallClock(Date.UTC(2027, 2, 28, 2, 30), 'Europe/Brussels').toISOString(),
      '2027-03-28T01:30:00.000Z',
      '02:30 does not exist on 28 March 2027 and becomes 03:30 summer time',
    );
    assert.equal(
      instantOfWallClock(Date.UTC(2027, 9, 31, 2, 30), 'Europe/Brussels').toISOString(),
      '2027-10-31T01:30:00.000Z',
      '02:30 happens twice on 31 October 2027; the later (winter time) is taken',
    );
  });

  test('proposals start strictly after the given moment, and today counts when the meeting is still to come', () => {
    const daily = brussels('FREQ=DAILY', '11:00');
    assert.equal(
      proposeMeetings(daily, new Date('2027-01-04T09:00:00Z'), 1)[0]?.startsAt,
      '2027-01-04T10:00:00.000Z',
      'at 10:00 Brussels time the 11:00 meeting of the same day is the next one',
    );
    assert.equal(
      proposeMeetings(daily, new Date('2027-01-04T10:00:00Z'), 1)[0]?.startsAt,
      '2027-01-05T10:00:00.000Z',
      'at the very start of today’s meeting the next proposal is tomorrow',
    );
  });

  test('schedule rules: FREQ daily to yearly only, without time, start, end or count parts', () => {
    for (const rule of ['FREQ=MONTHLY;BYDAY=1MO', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', 'FREQ=YEARLY;BYMONTH=9;BYDAY=1MO', 'FREQ=DAILY']) {
      assert.equal(isScheduleRule(rule), true, `${rule} is accepted`);
    }
    for (const rule of [
      '',
      'garbage',
      'FREQ=HOURLY',
      'FREQ=MONTHLY;BYHOUR=9',
      'FREQ=MONTHLY;COUNT=3',
      'FREQ=MONTHLY;UNTIL=20271231T000000Z',
      'DTSTART:20270101T090000Z\nRRULE:FREQ=DAILY',
      'RRULE:FREQ=DAILY',
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31',
    ]) {
      assert.equal(isScheduleRule(rule), false, `${JSON.stringify(rule)} is refused`);
    }
  });

  test('time zones: IANA names the runtime knows', () => {
    assert.equal(isTimeZone('Europe/Brussels'), true, 'Europe/Brussels is a zone');
    assert.equal(isTimeZone('America/Argentina/Buenos_Aires'), true, 'a three-part name is a zone');
    for (const zone of ['Mars/Olympus', 'Europe/Brussels\nX', '', '../etc'])
      assert.equal(isTimeZone(zone), false, `${JSON.stringify(zone)} is refused`);
  });
});
