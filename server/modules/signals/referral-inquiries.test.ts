import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inquiriesSummary, inquiriesSummaryText } from './referral-inquiries.ts';

const asked = (organisationName: string, known: string | null, guidanceRunning: boolean | null = null, expiredAt: string | null = null) => ({
  organisationName,
  answer: { known, guidanceRunning },
  expiredAt,
});

test('the inquiry summary passes on yes and no answers only, never a declined, unanswered or expired one', () => {
  const summary = inquiriesSummary([
    { asked: [asked('Politiezone Zeestad', 'yes', true), asked('CAW Zeestad', 'declined'), asked('OCMW Zeestad', null)] },
    { asked: [asked('Jeugdhuis De Brug', 'no', false), asked('CGG Zeestad', 'yes', true, '2026-02-01T00:00:00Z')] },
  ]);
  assert.deepEqual(
    summary,
    {
      asked: 5,
      answers: [
        { organisation: 'Jeugdhuis De Brug', known: 'no', guidanceRunning: false },
        { organisation: 'Politiezone Zeestad', known: 'yes', guidanceRunning: true },
      ],
    },
    'five asked, two yes/no answers; the declined, the unanswered and the expired are left out',
  );
  const text = inquiriesSummaryText(summary!, 'nl');
  assert.ok(!text.includes('CAW Zeestad'), 'the organisation that declined is not named');
  assert.ok(!text.includes('CGG Zeestad'), 'an expired answer is not passed on');
  assert.ok(text.includes('Politiezone Zeestad: kent de persoon, begeleiding loopt'), 'a yes answer is written out');
  assert.equal(inquiriesSummary([]), null, 'no inquiry: no summary');
});
