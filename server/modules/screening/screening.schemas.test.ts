import assert from 'node:assert/strict';
import { test } from 'node:test';
import shipped from '../../db/migrations/20261130T120000-screening-instruments.json' with { type: 'json' };
import { instrumentListSchema, parseInstrumentFile } from './screening.schemas.ts';

const valid = () => structuredClone(shipped[0]!) as Record<string, unknown> & { sections: { key: string; items: Record<string, unknown>[] }[] };
const messages = (input: unknown) => {
  const result = parseInstrumentFile(input);
  return result.success ? [] : result.issues.map((issue) => `${issue.path}: ${issue.message}`);
};

test('the shipped instruments are valid instrument files, with the item kinds the brief asks for', () => {
  const parsed = instrumentListSchema.parse(shipped);
  assert.deepEqual(
    parsed.map((instrument) => instrument.key),
    ['observation', 'factors'],
    'the observation instrument and the factors checklist are shipped',
  );
  const [observation, factors] = parsed;
  assert.deepEqual(
    observation!.sections.map((section) => section.key),
    ['behaviour', 'relationships', 'culture_religion', 'ideology_politics'],
    'the observation instrument covers the four areas',
  );
  assert.ok(
    observation!.sections.every((section) => section.items.every((item) => item.kind === 'observation')),
    'every item of the observation instrument is an observation',
  );
  assert.ok(
    factors!.sections.every((section) => section.items.every((item) => item.kind === 'check')),
    'every checklist item is a check',
  );
  assert.ok(
    factors!.sections.some((section) => section.key === 'protective'),
    'the checklist lists protective factors too',
  );
  assert.match(factors!.description.en, /never adds up to a score/, 'the checklist says it never adds up to a score');
});

test('a text missing in one language is refused, naming where', () => {
  const instrument = valid();
  delete (instrument.title as Record<string, string>).fr;
  assert.deepEqual(messages(instrument).length > 0 && messages(instrument)[0]!.startsWith('title.fr'), true, 'the missing French title is reported');
  const emptied = valid();
  (emptied.sections[0]!.items[0]!.prompt as Record<string, string>).nl = '  ';
  assert.ok(
    messages(emptied).some((line) => line.startsWith('sections.0.items.0.prompt.nl')),
    'an empty Dutch prompt is reported at its path',
  );
});

test('repeated item or section keys, unknown item kinds and unknown fields are refused', () => {
  const repeated = valid();
  repeated.sections[1]!.items[0]!.key = repeated.sections[0]!.items[0]!.key;
  assert.ok(
    messages(repeated).some((line) => line.includes('item key behaviour.observation is used more than once')),
    'a repeated item key is reported',
  );
  const sameSection = valid();
  sameSection.sections[1]!.key = 'behaviour';
  assert.ok(
    messages(sameSection).some((line) => line.includes('section key behaviour is used more than once')),
    'a repeated section key is reported',
  );
  const unknownKind = valid();
  unknownKind.sections[0]!.items[0]!.kind = 'score';
  assert.ok(
    messages(unknownKind).some((line) => line.startsWith('sections.0.items.0.kind')),
    'an unknown item kind is reported',
  );
  const extra = valid();
  extra.weights = { behaviour: 2 };
  assert.ok(messages(extra).length > 0, 'an unknown field (weights) is refused: instruments carry no scoring');
});

test('a list that names one instrument twice is refused', () => {
  assert.ok(
    messages([valid(), valid()]).some((line) => line === '(file): instrument key observation is used more than once'),
    'the repeated instrument key is reported',
  );
});
