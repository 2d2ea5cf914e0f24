import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES, type Role } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import { actorFor } from '../../test/harness.ts';
import { AUDIENCES, ITEM_CLASSES, LEGAL_BASES } from '../cases/index.ts';
import { consensusOf, mayQuoteInFeedback, quoteRefusal, readsAsRecipientOnly, type FeedbackFacts } from './feedback.policy.ts';

const ACTIONS = ['feedback.manage', 'feedback.decide', 'feedback.read'] as const;

function expected(action: (typeof ACTIONS)[number], role: Role | 'none', facts: Omit<FeedbackFacts, 'tenantId'>): boolean {
  const coordinator = role === 'coordinator';
  switch (action) {
    case 'feedback.manage':
      return coordinator;
    case 'feedback.decide':
      return facts.present;
    case 'feedback.read':
      return coordinator || facts.present || (facts.sent && facts.recipientSeated);
  }
}

test('feedback policy matrix: role × present × recipient seated × sent × network, for every rule', () => {
  let rows = 0;
  for (const role of [...ROLES, 'none'] as const) {
    const actor = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: role === 'none' ? [] : [role] });
    for (const present of [true, false])
      for (const recipientSeated of [true, false])
        for (const sent of [true, false])
          for (const action of ACTIONS) {
            const facts: FeedbackFacts = { tenantId: 't', present, recipientSeated, sent };
            const want = expected(action, role, facts);
            const label = `${role} (present ${present}, recipient seated ${recipientSeated}, sent ${sent})`;
            assert.equal(can(actor, action, facts), want, `${label}: ${action} is ${want}`);
            assert.equal(can(actor, action, { ...facts, tenantId: 'other' }), false, `${label}: ${action} never in another network`);
            rows += 1;
          }
  }
  assert.equal(rows, (ROLES.length + 1) * 8 * ACTIONS.length, 'every combination was checked');
});

test('only a reader who is neither coordinator nor present reads as recipient (without attestation), and only once sent', () => {
  const professional = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ['professional'] });
  const coordinator = actorFor({ tenantId: 't', userId: 'u', organisationId: 'o', roles: ['coordinator'] });
  const base = { tenantId: 't', present: false, recipientSeated: true, sent: true };
  assert.equal(readsAsRecipientOnly(professional, base), true, 'an absent seated recipient reads a sent form as recipient');
  assert.equal(readsAsRecipientOnly(professional, { ...base, sent: false }), false, 'a draft is not released to the recipient');
  assert.equal(readsAsRecipientOnly(professional, { ...base, present: true }), false, 'a present attendee reads as attendee (attestation needed)');
  assert.equal(readsAsRecipientOnly(coordinator, base), false, 'the coordinator reads as coordinator (attestation needed)');
});

test('mayQuoteInFeedback: police, judicial and health classes, art. 458bis and every audience narrower than the table are refused', () => {
  let checked = 0;
  for (const itemClass of [...ITEM_CLASSES, null])
    for (const legalBasis of LEGAL_BASES)
      for (const audience of AUDIENCES) {
        const item = { classes: itemClass ? [itemClass] : [], legalBasis, audience };
        const secretClass = itemClass === 'police' || itemClass === 'judicial' || itemClass === 'health';
        const want = !secretClass && legalBasis !== 'art_458bis' && audience === 'table';
        assert.equal(mayQuoteInFeedback(item), want, `class ${itemClass ?? 'none'}, basis ${legalBasis}, audience ${audience}: quotable is ${want}`);
        const reason = secretClass ? 'secret_class' : legalBasis === 'art_458bis' ? 'danger_basis' : audience !== 'table' ? 'narrow_audience' : null;
        assert.equal(quoteRefusal(item), reason, `class ${itemClass ?? 'none'}, basis ${legalBasis}, audience ${audience}: refusal ${reason}`);
        checked += 1;
      }
  assert.equal(checked, (ITEM_CLASSES.length + 1) * LEGAL_BASES.length * AUDIENCES.length, 'every combination was checked');
  assert.equal(
    mayQuoteInFeedback({ classes: ['minor', 'health'], legalBasis: 'art_458ter', audience: 'table' }),
    false,
    'one secret class among several is enough to refuse',
  );
});

test('consensus: every present attendee approves; a refusal or a missing approval blocks; absent people do not count', () => {
  const approve = (userId: string) => ({ userId, decision: 'approve' });
  assert.deepEqual(
    consensusOf(['a', 'b'], [approve('a'), approve('b')]),
    { present: 2, approved: 2, refused: 0, missing: 0, reached: true },
    'all present approved: reached',
  );
  assert.deepEqual(
    consensusOf(['a', 'b'], [approve('a')]),
    { present: 2, approved: 1, refused: 0, missing: 1, reached: false },
    'one approval missing: not reached',
  );
  assert.deepEqual(
    consensusOf(['a', 'b'], [approve('a'), { userId: 'b', decision: 'refuse' }]),
    { present: 2, approved: 1, refused: 1, missing: 0, reached: false },
    'one refusal: not reached',
  );
  assert.deepEqual(
    consensusOf(['a'], [approve('a'), approve('absent')]),
    { present: 1, approved: 1, refused: 0, missing: 0, reached: true },
    'an approval of someone not present does not count',
  );
  assert.equal(consensusOf([], []).reached, false, 'nobody present: no consensus');
});
