import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SECRECY_REGIMES, SECTORS } from '../accounts/index.ts';
import { AUDIENCES, LEGAL_BASES, type Audience } from './cases.vocabulary.ts';
import { basesOnOffer, legalBasesFor, whyNot, whyNotRecipients } from './legal-bases.ts';

/** The rows of the table at the end of docs/legal-bases.md: the rule in words the code must match. */
function documentedTable(): Map<string, Record<Audience, string[]>> {
  const markdown = readFileSync(new URL('../../../docs/legal-bases.md', import.meta.url), 'utf8');
  const rows = markdown
    .slice(markdown.indexOf('<!-- legal-bases-table'))
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| sector'));
  const table = new Map<string, Record<Audience, string[]>>();
  for (const line of rows) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const [sector, regime, protocol, ...bases] = cells as [string, string, string, ...string[]];
    table.set(
      `${sector}|${regime}|${protocol}`,
      Object.fromEntries(AUDIENCES.map((audience, index) => [audience, bases[index]!.split(', ')])) as Record<Audience, string[]>,
    );
  }
  return table;
}

const rowKey = (sector: string, regime: string, protocolSigned: boolean) =>
  `${sector === 'youth_care' || sector === 'justice' ? 'youth care / justice' : 'other'}|${regime === 'professional_secrecy' ? 'professional_secrecy' : 'other'}|${protocolSigned ? 'yes' : 'no'}`;

test('legal bases: every sector × secrecy regime × protocol × audience matches the table in docs/legal-bases.md', () => {
  const table = documentedTable();
  assert.equal(table.size, 8, 'the documented table has the 8 organisation profiles');
  let checked = 0;
  for (const sector of SECTORS)
    for (const secrecyRegime of SECRECY_REGIMES)
      for (const protocolSigned of [true, false])
        for (const audience of AUDIENCES) {
          const documented = table.get(rowKey(sector, secrecyRegime, protocolSigned))?.[audience];
          assert.ok(documented, `the table has a row for ${rowKey(sector, secrecyRegime, protocolSigned)}`);
          assert.deepEqual(
            legalBasesFor({ sector, secrecyRegime, protocolSigned }, audience),
            documented,
            `${sector}, ${secrecyRegime}, protocol ${protocolSigned ? 'signed' : 'not signed'}, audience ${audience}: the bases the docs list`,
          );
          for (const basis of LEGAL_BASES)
            assert.equal(
              whyNot(basis, { sector, secrecyRegime, protocolSigned }, audience) === null,
              documented.includes(basis),
              `${basis} for ${sector}/${secrecyRegime}/${audience}: whyNot has a reason exactly when the docs leave the basis out`,
            );
          checked++;
        }
  assert.equal(checked, SECTORS.length * SECRECY_REGIMES.length * 2 * AUDIENCES.length, 'every combination was checked');
});

test('legal bases: the facts the issue names', () => {
  const police = { sector: 'police', secrecyRegime: 'investigation_secrecy', protocolSigned: true };
  const youthCare = { sector: 'youth_care', secrecyRegime: 'professional_secrecy', protocolSigned: true };
  for (const audience of AUDIENCES)
    assert.equal(whyNot('decree_ijh_75_1', police, audience), 'decree_ijh_75_1_sector', `the police may not choose 75/1 (audience ${audience})`);
  assert.equal(
    whyNot('cooperation_protocol', youthCare, 'care_network'),
    'protocol_secrecy_own_organisation_only',
    'youth care (professional secrecy) may not share with the care network on the protocol alone',
  );
  assert.equal(whyNot('cooperation_protocol', youthCare, 'own_organisation'), null, 'within its own organisation the protocol is enough');
  assert.equal(whyNot('consent', police, 'care_network'), null, 'consent holds for everyone');
});

test('legal bases on offer in the item form: a basis that holds for no audience is withheld with its reason', () => {
  const police = basesOnOffer({ sector: 'police', secrecyRegime: 'investigation_secrecy', protocolSigned: true });
  assert.deepEqual(
    police.withheld,
    [
      { basis: 'art_458bis', reason: 'art_458bis_professional_secrecy_only' },
      { basis: 'decree_ijh_75_1', reason: 'decree_ijh_75_1_sector' },
    ],
    'the police are not offered 458bis or 75/1',
  );
  const kade = basesOnOffer({ sector: 'youth_care', secrecyRegime: 'professional_secrecy', protocolSigned: true });
  assert.deepEqual(kade.withheld, [], 'youth care is offered every basis (each holds for some audience)');
  assert.deepEqual(
    kade.offered.find((entry) => entry.basis === 'cooperation_protocol')?.audiences,
    ['own_organisation'],
    'youth care is told the protocol holds only within its own organisation',
  );
});

test('legal bases: a 75/1 item names only youth care and justice', () => {
  assert.equal(whyNotRecipients('decree_ijh_75_1', ['youth_care', 'justice']), null, 'youth care and justice may be named');
  assert.equal(whyNotRecipients('decree_ijh_75_1', ['youth_care', 'police']), 'decree_ijh_75_1_recipients', 'the police may not be named on 75/1');
  assert.equal(whyNotRecipients('consent', ['police']), null, 'other bases do not look at the recipients’ sectors');
});
