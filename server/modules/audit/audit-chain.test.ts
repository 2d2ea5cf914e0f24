import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  canonicalContent,
  deriveAuditKey,
  eventMac,
  eventMacOfContent,
  followsPlainly,
  genesisMac,
  headMac,
  TextMac,
  verifySegment,
  type StoredEvent,
} from './audit-chain.ts';

const key = deriveAuditKey(randomBytes(32));
const DAY = '2026-03-02';
const CHAIN = 't1';

function chain(count: number): { events: StoredEvent[]; head: Parameters<typeof verifySegment>[1] } {
  const events: StoredEvent[] = [];
  let previous = genesisMac(key, CHAIN, DAY);
  for (let seq = 1; seq <= count; seq++) {
    const content = {
      id: `event-${seq}`,
      day: DAY,
      seq,
      occurredAt: `${DAY}T10:00:0${seq}Z`,
      tenantId: 't1',
      actorUserId: 'u1',
      actorOrganisationId: 'o1',
      actorRoles: 'admin',
      action: 'user.updated',
      resourceType: 'user',
      resourceId: `user-${seq}`,
      caseId: null,
      personPseudonym: null,
      purpose: null,
      legalBasis: null,
      decision: 'permit' as const,
      requestId: null,
      details: null,
    };
    const mac = eventMac(key, previous, content);
    events.push({ ...content, mac });
    previous = mac;
  }
  const head = { chain: CHAIN, day: DAY, lastSeq: count, lastMac: previous, previousDay: null, previousLastMac: null };
  return { events, head: { ...head, mac: headMac(key, head) } };
}

test('an intact segment verifies', () => {
  const { events, head } = chain(5);
  assert.equal(verifySegment(key, head, events), null, 'verifySegment(key, head, events) is null');
});

test('a modified event is named', () => {
  const { events, head } = chain(5);
  events[2] = { ...events[2]!, action: 'user.created' };
  assert.deepEqual(
    verifySegment(key, head, events),
    { kind: 'modified', chain: CHAIN, day: DAY, seq: 3, eventId: 'event-3' },
    "verifySegment(key, head, events) is { kind: 'modified', chain: CHAIN, day: DAY, seq: 3, eventId: 'event-3' }",
  );
});

test('a deleted event is named as missing, in the middle and at the end', () => {
  const middle = chain(5);
  middle.events.splice(1, 1);
  assert.deepEqual(
    verifySegment(key, middle.head, middle.events),
    { kind: 'missing', chain: CHAIN, day: DAY, seq: 2, eventId: null },
    "verifySegment(key, middle.head, middle.events) is { kind: 'missing', chain: CHAIN, day: DAY, seq: 2, eventId: null }",
  );
  const tail = chain(5);
  tail.events.pop();
  assert.deepEqual(
    verifySegment(key, tail.head, tail.events),
    { kind: 'missing', chain: CHAIN, day: DAY, seq: 5, eventId: null },
    "verifySegment(key, tail.head, tail.events) is { kind: 'missing', chain: CHAIN, day: DAY, seq: 5, eventId: null }",
  );
});

test('an inserted event is named, whether renumbered into the chain or appended', () => {
  const { events, head } = chain(4);
  const forged = { ...events[1]!, id: 'forged', resourceId: 'user-x', mac: 'AAAA' };
  const renumbered = [events[0]!, { ...forged, seq: 2 }, ...events.slice(1).map((event) => ({ ...event, seq: event.seq + 1 }))];
  assert.equal(verifySegment(key, { ...head }, renumbered)?.kind, 'inserted', 'verifySegment(key, {...head }, renumbered)?.kind is "inserted"');
  const appended = [...events, { ...forged, seq: 5 }];
  assert.deepEqual(
    verifySegment(key, head, appended),
    { kind: 'inserted', chain: CHAIN, day: DAY, seq: 5, eventId: 'forged' },
    "verifySegment(key, head, appended) is { kind: 'inserted', chain: CHAIN, day: DAY, seq: 5, eventId: 'forged' }",
  );
});

test('two swapped events are named as reordered', () => {
  const { events, head } = chain(5);
  const swapped = [events[0]!, { ...events[2]!, seq: 2 }, { ...events[1]!, seq: 3 }, events[3]!, events[4]!];
  const result = verifySegment(key, head, swapped);
  assert.deepEqual(
    result,
    { kind: 'reordered', chain: CHAIN, day: DAY, seq: 2, eventId: 'event-3' },
    "result is { kind: 'reordered', chain: CHAIN, day: DAY, seq: 2, eventId: 'event-3' }",
  );
});

test('a deleted event with the rest renumbered is still named as missing', () => {
  const { events, head } = chain(5);
  const renumbered = [events[0]!, ...events.slice(2).map((event) => ({ ...event, seq: event.seq - 1 }))];
  assert.deepEqual(
    verifySegment(key, head, renumbered),
    { kind: 'missing', chain: CHAIN, day: DAY, seq: 2, eventId: null },
    "verifySegment(key, head, renumbered) is { kind: 'missing', chain: CHAIN, day: DAY, seq: 2, eventId: null }",
  );
});

test('a head that does not match its MAC is named; so is a wrong key', () => {
  const { events, head } = chain(3);
  assert.equal(
    verifySegment(key, { ...head, lastSeq: 2 }, events)?.kind,
    'head_modified',
    'verifySegment(key, {...head, lastSeq: 2 }, events)?.kind is "head_modified"',
  );
  assert.notEqual(
    verifySegment(deriveAuditKey(randomBytes(32)), head, events),
    null,
    'verifySegment(deriveAuditKey(randomBytes(32)), head, events) is not null',
  );
});

test('TextMac gives exactly createHmac-SHA256 in base64url, for short, long, empty and non-ASCII texts', () => {
  const textMac = new TextMac(key);
  const texts = [
    '',
    'a',
    '["event","x",null]',
    'é ß 漢字 😀 \u2028 \0',
    'a lone surrogate \ud800 here',
    'x'.repeat(63),
    'y'.repeat(64),
    '漢'.repeat(400),
    'z'.repeat(5000),
    randomBytes(3000).toString('latin1'),
    'after the long ones, a short one again',
  ];
  for (const text of texts) {
    assert.equal(
      textMac.mac(text),
      createHmac('sha256', key).update(text).digest('base64url'),
      `TextMac should equal createHmac for a text of ${text.length} chars starting ${JSON.stringify(text.slice(0, 12))}`,
    );
  }
});

test("an event's MAC from its canonical JSON is its eventMac", () => {
  const { events } = chain(3);
  const textMac = new TextMac(key);
  const event = { ...events[1]!, details: '{"note":"quote \\" tab \t é 😀"}', purpose: null };
  assert.equal(
    eventMacOfContent(textMac, events[0]!.mac, JSON.stringify(canonicalContent(event))),
    eventMac(key, events[0]!.mac, event),
    'eventMacOfContent over JSON.stringify(canonicalContent(event)) should equal eventMac',
  );
});

test('followsPlainly takes an event only with the next seq, its own chain and the MAC over its stored predecessor', () => {
  const { events } = chain(3);
  const textMac = new TextMac(key);
  const plain = (event: StoredEvent) => ({ ...event, tenantId: event.tenantId, contentJson: JSON.stringify(canonicalContent(event)) });
  const second = plain(events[1]!);
  assert.equal(followsPlainly(textMac, CHAIN, events[0]!.mac, 2, second), true, 'the second event should follow the first plainly');
  assert.equal(followsPlainly(textMac, CHAIN, events[0]!.mac, 3, second), false, 'a seq other than the expected one should not pass');
  assert.equal(followsPlainly(textMac, CHAIN, events[2]!.mac, 2, second), false, 'the MAC over another predecessor should not pass');
  assert.equal(followsPlainly(textMac, 't2', events[0]!.mac, 2, second), false, "an event of another network's chain should not pass");
  assert.equal(
    followsPlainly(textMac, CHAIN, events[0]!.mac, 2, { ...second, contentJson: second.contentJson.replace('user-2', 'user-9') }),
    false,
    'a changed covered column should not pass',
  );
});
