import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFParse } from 'pdf-parse';
import { referralPdf, type ReferralForm } from './referral-pdf.ts';

const form: ReferralForm = {
  route: 'new_case',
  networkName: 'Netwerk Zeestad',
  caseReference: 'ZEE-2026-004',
  signalReference: 'SIG-ZEE-2026-011',
  tableName: 'Tafel minderjarigen',
  date: '2026-03-02',
  theme: 'radicalisation',
  urgency: 'high',
  category: 3,
  ageBand: '16-17',
  reason: 'Zorgen over een snel veranderend wereldbeeld en terugtrekken uit de klas.',
  screening: 'Categorie 3, urgentie hoog: kwetsbaar voor radicalisering.',
  inquiries: { asked: 3, answers: [{ organisation: 'Jeugdhuis De Brug', known: 'yes', guidanceRunning: true }] },
  referrerOrganisation: null,
  coordinator: { name: 'Lotte Coördinator', email: 'meldpunt@zeestad.example' },
};

async function textOf(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

test('the referral PDF parses as a PDF and holds the pseudonym, in the reader language', async () => {
  const pdf = await referralPdf(form, 'nl');
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'the bytes start as a PDF');
  const text = await textOf(pdf);
  assert.match(text, /ZEE-2026-004/, 'the PDF holds the case pseudonym');
  assert.match(text, /Aanmeldingsformulier/, 'the Dutch reader gets the Dutch title');
  assert.match(text, /Tafel minderjarigen/, 'the PDF names the table');
  assert.match(text, /2 mrt\.? 2026/, 'the referral day is written the Dutch way');
  assert.match(text, /Jeugdhuis De Brug: kent de persoon, begeleiding loopt/, 'the inquiry answer is summarised');
  assert.match(text, /Niet bekendgemaakt/, 'an anonymous reporter shows as "not made known"');
  assert.match(text, /Lotte Co.rdinator/, 'the coordinator is the contact');
  const french = await textOf(await referralPdf(form, 'fr'));
  assert.match(french, /Formulaire d.orientation/, 'the French reader gets the French title');
  assert.match(french, /16.17 ans/, 'the age band in French');
});

test('the referral PDF names the reporter organisation only when given, and never the reporter', async () => {
  const known = await textOf(await referralPdf({ ...form, referrerOrganisation: 'Atheneum Zeestad' }, 'en'));
  assert.match(known, /Atheneum Zeestad/, 'a reporter who made themself known: their organisation is on the form');
  const anonymous = await textOf(await referralPdf(form, 'en'));
  assert.doesNotMatch(anonymous, /Atheneum/, 'an anonymous reporter: no organisation on the form');
  assert.match(anonymous, /Not made known/, 'the form says the reporter was not made known');
});
