import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldText, fts5Query, queryWords, searchTextOf, tsQuery } from './search-text.ts';

test('folding removes accents and case in Dutch and French words', () => {
  assert.equal(
    foldText('Crèche École Ruïne Œuvre Straße Ça'),
    'creche ecole ruine oeuvre strasse ca',
    'accents, diaereses, ligatures and case are folded',
  );
  assert.equal(searchTextOf(['L’école des devoirs', null, 'Zorg-en welzijn']), 'l ecole des devoirs zorg en welzijn', 'words only, joined by spaces');
});

test('queries are words only: no operator of either engine survives, the last word is a prefix', () => {
  assert.deepEqual(queryWords('" OR * NEAR( école'), ['or', 'near', 'ecole'], 'punctuation is dropped, words are folded');
  assert.equal(queryWords('*** "" ()'), null, 'a query without words filters nothing');
  assert.equal(fts5Query(['aide', 'devo']), '"aide" "devo"*', 'FTS5: quoted words, the last as a prefix');
  assert.equal(tsQuery(['aide', 'devo']), 'aide & devo:*', 'tsquery: words joined by AND, the last as a prefix');
  assert.equal(queryWords('a b c d e f g h i j')?.length, 8, 'at most eight words count');
});
