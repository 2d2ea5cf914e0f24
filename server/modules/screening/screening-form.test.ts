import assert from 'node:assert/strict';
import { test } from 'node:test';
import shipped from '../../db/migrations/20261130T120000-screening-instruments.json' with { type: 'json' };
import { parseAnswers } from './screening-answers.ts';
import { ADD_ROW, EMPTY_ROWS, formRows, rowsField, screeningInputFromForm, wantsAnotherRow } from './screening-form.ts';
import { instrumentListSchema } from './screening.schemas.ts';

const [observation, factors] = instrumentListSchema.parse(shipped);

test('each observation area shows three empty rows at first; "add" gives the pressed area one more', () => {
  assert.deepEqual(
    formRows(observation!, {}),
    {
      'behaviour.observation': EMPTY_ROWS,
      'relationships.observation': EMPTY_ROWS,
      'culture_religion.observation': EMPTY_ROWS,
      'ideology_politics.observation': EMPTY_ROWS,
    },
    'three rows per area',
  );
  const values = { [rowsField('behaviour.observation')]: '4', [ADD_ROW]: 'relationships.observation' };
  const rows = formRows(observation!, values);
  assert.equal(rows['behaviour.observation'], 4, 'an area keeps the rows it showed');
  assert.equal(rows['relationships.observation'], EMPTY_ROWS + 1, 'the pressed area gets one more row');
  assert.equal(wantsAnotherRow(values), true, 'pressing "add" is not a request to record');
  assert.equal(wantsAnotherRow({}), false, 'the plain submit records');
  assert.equal(
    formRows(observation!, { [rowsField('behaviour.observation')]: '9999' })['behaviour.observation'],
    20,
    'rows are capped at the answer limit',
  );
  assert.deepEqual(formRows(factors!, {}), {}, 'a checklist has no rows');
});

test('the form becomes the API body: empty rows dropped, yes/no as booleans, ticked checks as true', () => {
  const { body } = screeningInputFromForm(observation!, {
    instrumentId: 'f2d7c0de-0000-4000-8000-000000000001',
    'answers.behaviour.observation.0.fact': 'Wears the same jacket with a slogan every day',
    'answers.behaviour.observation.0.factor': 'risk',
    'answers.behaviour.observation.2.fact': 'Helps his younger sister with homework',
    'answers.behaviour.observation.2.factor': 'protective',
    'answers.behaviour.observation.2.unknown': 'Whether the parents know',
    'judgement.wellbeingVulnerable': 'yes',
    'judgement.radicalisationVulnerable': 'no',
    'judgement.urgency': 'medium',
    'judgement.rationale': 'Changed behaviour, but a strong bond at home.',
  });
  assert.deepEqual(
    body,
    {
      instrumentId: 'f2d7c0de-0000-4000-8000-000000000001',
      answers: {
        'behaviour.observation': [
          { fact: 'Wears the same jacket with a slogan every day', factor: 'risk' },
          { fact: 'Helps his younger sister with homework', factor: 'protective', unknown: 'Whether the parents know' },
        ],
      },
      judgement: {
        wellbeingVulnerable: true,
        radicalisationVulnerable: false,
        urgency: 'medium',
        rationale: 'Changed behaviour, but a strong bond at home.',
      },
    },
    'the body the API takes',
  );
  assert.equal(parseAnswers(observation!, body.answers).success, true, 'and its answers are valid for the instrument');
  const checks = screeningInputFromForm(factors!, { 'answers.person.isolation': 'present', 'answers.protective.care': 'present' }).body;
  assert.deepEqual(checks.answers, { 'person.isolation': true, 'protective.care': true }, 'ticked checks are true, the rest absent');
  assert.deepEqual(checks.judgement, {}, 'an unanswered judgement stays empty, for validation to ask for it');
});

test('a problem in a kept row is reported at the row where it stood on the form', () => {
  const { body, remap } = screeningInputFromForm(observation!, {
    [rowsField('behaviour.observation')]: '4',
    'answers.behaviour.observation.1.fact': 'Quit the football club',
    'answers.behaviour.observation.1.factor': 'risk',
    'answers.behaviour.observation.3.unknown': 'Who he meets on Fridays',
  });
  const result = parseAnswers(observation!, body.answers);
  assert.equal(result.success, false, 'a row with only "still unknown" has no fact');
  const issues = result.success ? [] : result.issues.map(remap).map((issue) => issue.path);
  assert.deepEqual(
    issues,
    ['answers.behaviour.observation.3.fact', 'answers.behaviour.observation.3.factor'],
    'the second kept row stood fourth on the form (row 3)',
  );
  assert.deepEqual(remap({ path: 'judgement.urgency', messageKey: 'validation.required' }).path, 'judgement.urgency', 'other paths stay as they are');
});

test('"yes" and "no" are the only answers read as booleans', () => {
  const { body } = screeningInputFromForm(observation!, { 'judgement.wellbeingVulnerable': 'maybe' });
  assert.equal(body.judgement.wellbeingVulnerable, 'maybe', 'anything else is passed on, for validation to refuse');
});
