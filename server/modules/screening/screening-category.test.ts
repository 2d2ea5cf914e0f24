import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screeningCategory } from './screening-category.ts';

test('the category is 1 + wellbeing + 2 × radicalisation, for all four judgements', () => {
  const cases = [
    [false, false, 1],
    [true, false, 2],
    [false, true, 3],
    [true, true, 4],
  ] as const;
  for (const [wellbeingVulnerable, radicalisationVulnerable, expected] of cases)
    assert.equal(
      screeningCategory({ wellbeingVulnerable, radicalisationVulnerable }),
      expected,
      `well-being ${wellbeingVulnerable}, radicalisation ${radicalisationVulnerable} gives category ${expected}`,
    );
});

test('only the judgement reaches the category: extra answer data passed along changes nothing', () => {
  const judgement = { wellbeingVulnerable: false, radicalisationVulnerable: false, answers: { 'person.isolation': true, 'person.crisis': true } };
  assert.equal(screeningCategory(judgement), 1, 'ticked checklist answers never raise the category');
});
