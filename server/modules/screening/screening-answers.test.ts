import assert from 'node:assert/strict';
import { test } from 'node:test';
import shipped from '../../db/migrations/20261130T120000-screening-instruments.json' with { type: 'json' };
import { MAX_OBSERVATIONS_PER_ITEM, parseAnswers } from './screening-answers.ts';
import { instrumentListSchema } from './screening.schemas.ts';

const [observation, factors] = instrumentListSchema.parse(shipped);
const paths = (result: ReturnType<typeof parseAnswers>) => (result.success ? [] : result.issues.map((issue) => `${issue.path} ${issue.messageKey}`));

test('observations per area: a fact, risk or protective, and what is still unknown', () => {
  const result = parseAnswers(observation!, {
    'behaviour.observation': [
      { fact: '  Skipped school three Mondays in a row  ', factor: 'risk', unknown: 'Where he spends those days' },
      { fact: 'Still plays football every Saturday', factor: 'protective', unknown: '  ' },
    ],
    'relationships.observation': [],
  });
  assert.deepEqual(
    result,
    {
      success: true,
      answers: {
        'behaviour.observation': [
          { fact: 'Skipped school three Mondays in a row', factor: 'risk', unknown: 'Where he spends those days' },
          { fact: 'Still plays football every Saturday', factor: 'protective' },
        ],
      },
    },
    'texts are trimmed, an empty "still unknown" and an empty area are left out',
  );
});

test('check items take a boolean; unticked ones are left out', () => {
  const result = parseAnswers(factors!, { 'person.isolation': true, 'person.crisis': false, 'protective.network': true });
  assert.deepEqual(
    result,
    { success: true, answers: { 'person.isolation': true, 'protective.network': true } },
    'only the ticked factors are kept, as true',
  );
  assert.deepEqual(parseAnswers(factors!, {}), { success: true, answers: {} }, 'nothing ticked is a valid answer too');
});

test('an item the version does not hold is refused, named under answers', () => {
  assert.deepEqual(
    paths(parseAnswers(observation!, { 'behaviour.observation': [], 'behaviour.score': 3 })),
    ['answers.behaviour.score validation.unknown_field'],
    'an unknown item id is an unknown field',
  );
  assert.deepEqual(
    paths(parseAnswers(observation!, { 'person.isolation': true })),
    ['answers.person.isolation validation.unknown_field'],
    'an item of another instrument is refused too',
  );
});

test('a wrong answer kind, a missing fact, an unknown factor or an extra field is refused at its path', () => {
  assert.deepEqual(
    paths(parseAnswers(factors!, { 'person.isolation': 'yes' })),
    ['answers.person.isolation validation.invalid'],
    'a check takes a boolean',
  );
  assert.deepEqual(
    paths(parseAnswers(observation!, { 'behaviour.observation': true })),
    ['answers.behaviour.observation validation.invalid'],
    'an observation item takes a list',
  );
  assert.deepEqual(
    paths(
      parseAnswers(observation!, {
        'behaviour.observation': [
          { fact: ' ', factor: 'risk' },
          { fact: 'Talks about leaving', factor: 'danger' },
          { fact: 'Talks about leaving', factor: 'risk', weight: 2 },
        ],
      }),
    ),
    [
      'answers.behaviour.observation.0.fact validation.required',
      'answers.behaviour.observation.1.factor validation.choice',
      'answers.behaviour.observation.2.weight validation.unknown_field',
    ],
    'each problem is reported at the observation and field it concerns',
  );
  const many = Array.from({ length: MAX_OBSERVATIONS_PER_ITEM + 1 }, () => ({ fact: 'A fact', factor: 'risk' }));
  assert.deepEqual(
    paths(parseAnswers(observation!, { 'behaviour.observation': many })),
    ['answers.behaviour.observation validation.too_long'],
    `more than ${MAX_OBSERVATIONS_PER_ITEM} observations in one area are refused`,
  );
  assert.deepEqual(paths(parseAnswers(observation!, ['a'])), ['answers validation.invalid'], 'answers are an object');
});

test('control characters in a fact are refused', () => {
  assert.deepEqual(
    paths(parseAnswers(observation!, { 'behaviour.observation': [{ fact: 'x\u0000', factor: 'risk' }] })),
    ['answers.behaviour.observation.0.fact validation.control_characters'],
    'NUL never reaches the sealed column',
  );
});
