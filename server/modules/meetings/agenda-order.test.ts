import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agendaReasonOf, isReordering, moveAgendaItem, orderAgenda, type AgendaCandidate, type AgendaFacts } from './agenda-order.ts';

const PREVIOUS = '2027-02-01T08:00:00.000Z';
const candidate = (id: string, openedAt: string, reopenedAt: string | null = null): AgendaCandidate => ({
  id,
  reference: `VIL-2027-${id}`,
  openedAt,
  reopenedAt,
});
const facts = (overrides: Partial<AgendaFacts> = {}): AgendaFacts => ({
  previousMeetingStart: PREVIOUS,
  lastDiscussed: new Map(),
  withOpenAgreements: new Set(),
  ...overrides,
});

test('the built agenda: open agreements first, then new referrals, then evaluation, then re-referrals', () => {
  const cases = [
    candidate('reopened', '2026-05-01T10:00:00.000Z', '2027-02-10T10:00:00.000Z'),
    candidate('old', '2026-06-01T10:00:00.000Z'),
    candidate('new', '2027-02-15T10:00:00.000Z'),
    candidate('agreed', '2026-07-01T10:00:00.000Z'),
  ];
  const ordered = orderAgenda(cases, facts({ withOpenAgreements: new Set(['agreed']) }));
  assert.deepEqual(
    ordered,
    [
      { caseId: 'agreed', reason: 'agreements' },
      { caseId: 'new', reason: 'new_referral' },
      { caseId: 'old', reason: 'evaluation' },
      { caseId: 'reopened', reason: 're_referral' },
    ],
    'the four groups come in the order of the issue, each case once with its reason',
  );
});

test('open agreements win over every other reason; a reopened case counts as a re-referral only when reopened since the previous meeting', () => {
  const reopenedLongAgo = candidate('a', '2026-01-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z');
  assert.equal(agendaReasonOf(reopenedLongAgo, facts()), 'evaluation', 'a case reopened before the previous meeting is due for evaluation');
  const reopenedRecently = candidate('b', '2026-01-01T10:00:00.000Z', '2027-02-02T10:00:00.000Z');
  assert.equal(agendaReasonOf(reopenedRecently, facts()), 're_referral', 'a case reopened since the previous meeting is a re-referral');
  assert.equal(
    agendaReasonOf(reopenedRecently, facts({ withOpenAgreements: new Set(['b']) })),
    'agreements',
    'a case with open agreements is placed first whatever else holds',
  );
  assert.equal(
    agendaReasonOf(candidate('c', PREVIOUS), facts()),
    'new_referral',
    'a case opened at the very start of the previous meeting counts as new (it was not discussed there)',
  );
});

test('without a previous meeting every open case is a new referral, oldest first', () => {
  const ordered = orderAgenda(
    [candidate('y', '2026-09-01T10:00:00.000Z'), candidate('x', '2026-08-01T10:00:00.000Z')],
    facts({ previousMeetingStart: null }),
  );
  assert.deepEqual(
    ordered.map((entry) => `${entry.caseId}:${entry.reason}`),
    ['x:new_referral', 'y:new_referral'],
    'the first meeting of a table treats every open case as new, by opening time',
  );
});

test('cases due for evaluation: the one discussed longest ago first; never discussed counts from its opening; ties by reference', () => {
  const cases = [
    candidate('b', '2026-01-01T10:00:00.000Z'),
    candidate('a', '2026-01-01T10:00:00.000Z'),
    candidate('recent', '2025-01-01T10:00:00.000Z'),
    candidate('never', '2026-03-01T10:00:00.000Z'),
  ];
  const lastDiscussed = new Map([
    ['recent', '2027-01-04T08:00:00.000Z'],
    ['a', '2026-10-05T08:00:00.000Z'],
    ['b', '2026-10-05T08:00:00.000Z'],
  ]);
  assert.deepEqual(
    orderAgenda(cases, facts({ lastDiscussed })).map((entry) => entry.caseId),
    ['never', 'a', 'b', 'recent'],
    'never discussed (opened March 2026) before October 2026, ties by reference, the one discussed in January last',
  );
});

test('moving an item up or down swaps it with its neighbour; at either end or for an unknown id nothing moves', () => {
  const order = ['i1', 'i2', 'i3'];
  assert.deepEqual(moveAgendaItem(order, 'i2', 'up'), ['i2', 'i1', 'i3'], 'i2 goes one place up');
  assert.deepEqual(moveAgendaItem(order, 'i2', 'down'), ['i1', 'i3', 'i2'], 'i2 goes one place down');
  assert.deepEqual(moveAgendaItem(order, 'i1', 'up'), order, 'the first item cannot go up');
  assert.deepEqual(moveAgendaItem(order, 'i3', 'down'), order, 'the last item cannot go down');
  assert.deepEqual(moveAgendaItem(order, 'nope', 'up'), order, 'an unknown item moves nothing');
  assert.deepEqual(order, ['i1', 'i2', 'i3'], 'the given order is not changed in place');
});

test('a new order must name every item exactly once', () => {
  assert.equal(isReordering(['a', 'b', 'c'], ['c', 'a', 'b']), true, 'a permutation is accepted');
  assert.equal(isReordering(['a', 'b', 'c'], ['a', 'b']), false, 'a missing item is refused');
  assert.equal(isReordering(['a', 'b', 'c'], ['a', 'b', 'b']), false, 'a repeated item is refused');
  assert.equal(isReordering(['a', 'b', 'c'], ['a', 'b', 'x']), false, 'an item of another agenda is refused');
  assert.equal(isReordering(['a', 'b'], ['a', 'b', 'c']), false, 'an extra item is refused');
  assert.equal(isReordering([], []), true, 'an empty agenda keeps its empty order');
});
