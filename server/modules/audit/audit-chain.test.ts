import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { deriveAuditKey, eventMac, genesisMac, headMac, verifySegment, type StoredEvent } from './audit-chain.ts';

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
