import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldContext, newDataKey, normaliseFamilyName, openField, personBlindIndex, sealField, sealedVersion } from './field-crypto.ts';

test('a sealed field opens with its key and context, and carries its key version', () => {
  const key = newDataKey();
  const context = fieldContext('persons', 'person-1', 'family_name');
  const sealed = sealField(key, 3, 'Van den Broeck', context);
  assert.match(
    sealed,
    /^k3\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
    'sealed matches /^k3\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$/',
  );
  assert.ok(!sealed.includes('Broeck'), 'sealed does not contain "Broeck"');
  assert.equal(sealedVersion(sealed), 3, 'sealedVersion(sealed) is 3');
  assert.equal(openField(key, sealed, context), 'Van den Broeck', 'openField(key, sealed, context) is "Van den Broeck"');
  assert.notEqual(sealField(key, 3, 'Van den Broeck', context), sealed, 'a fresh IV every time');
});

test('a value moved to another record or field, or opened with another key, does not open', () => {
  const key = newDataKey();
  const sealed = sealField(key, 1, 'a confidential note', fieldContext('items', 'item-1', 'body'));
  assert.throws(() => openField(key, sealed, fieldContext('items', 'item-2', 'body')), 'openField(…) throws');
  assert.throws(() => openField(key, sealed, fieldContext('items', 'item-1', 'summary')), 'openField(…) throws');
  assert.throws(() => openField(newDataKey(), sealed, fieldContext('items', 'item-1', 'body')), 'openField(…) throws');
  const [version, iv, tag, body] = sealed.split('.');
  const flipped = `${version}.${iv}.${tag}.${body!.startsWith('A') ? `B${body!.slice(1)}` : `A${body!.slice(1)}`}`;
  assert.throws(() => openField(key, flipped, fieldContext('items', 'item-1', 'body')), 'tampering is detected');
});

test('names are normalised for search: case, accents, spaces, hyphens and apostrophes do not matter', () => {
  assert.equal(normaliseFamilyName('Van den Broeck'), 'vandenbroeck', 'normaliseFamilyName(\'Van den Broeck\') is "vandenbroeck"');
  assert.equal(normaliseFamilyName('Van-Den Broëck'), 'vandenbroeck', 'normaliseFamilyName(\'Van-Den Broëck\') is "vandenbroeck"');
  assert.equal(normaliseFamilyName("D'Hondt"), 'dhondt', 'normaliseFamilyName("D\'Hondt") is "dhondt"');
  assert.notEqual(
    normaliseFamilyName('Peeters'),
    normaliseFamilyName('Peters'),
    "normaliseFamilyName('Peeters') is not normaliseFamilyName('Peters')",
  );
});

test('the blind index matches the same person however the name is typed, and nothing else', () => {
  const key = newDataKey();
  const index = personBlindIndex(key, 'Van den Broeck', '2010-04-03');
  assert.equal(personBlindIndex(key, 'vandenbroëck', '2010-04-03'), index, "personBlindIndex(key, 'vandenbroëck', '2010-04-03') is index");
  assert.notEqual(personBlindIndex(key, 'Van den Broeck', '2010-04-04'), index, "personBlindIndex(key, 'Van den Broeck', '2010-04-04') is not index");
  assert.notEqual(personBlindIndex(newDataKey(), 'Van den Broeck', '2010-04-03'), index, 'another tenant key, another index');
  assert.throws(() => personBlindIndex(key, 'Peeters', '03/04/2010'), 'personBlindIndex(…) throws');
});
