import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES } from '../../platform/config.ts';
import { signalMailText, type SignalMailKind } from './signal-messages-mail.ts';

const KINDS: readonly SignalMailKind[] = [
  'message_to_reporter',
  'message_to_coordinators',
  'disclosure_request',
  'disclosure_answer',
  'public_question',
];

test('every channel mail, in every language, names the signal and links to it, and holds nothing else of it', () => {
  const values = {
    name: 'Fictional Recipient',
    reference: 'SIG-RIV-2026-007',
    network: 'Fictional network',
    link: 'https://partnertafel.example/signals/x/messages',
  };
  for (const locale of LOCALES) {
    for (const kind of KINDS) {
      const mail = signalMailText(locale, kind, values);
      assert.ok(mail.subject.includes(values.reference), `${locale} ${kind}: the subject names the reference`);
      assert.ok(mail.text.includes(values.reference), `${locale} ${kind}: the body names the reference`);
      assert.ok(mail.text.includes(values.link), `${locale} ${kind}: the body links to the messages tab`);
      assert.doesNotMatch(`${mail.subject}${mail.text}`, /[{}]/, `${locale} ${kind}: no placeholder is left unfilled`);
    }
  }
});

test('the texts say the mail deliberately holds nothing of the message or question', () => {
  for (const kind of ['message_to_reporter', 'message_to_coordinators', 'disclosure_request', 'public_question'] as const) {
    const dutch = signalMailText('nl', kind, { name: 'X', reference: 'SIG-X-2026-001', network: 'N', link: 'https://example.invalid/' });
    assert.match(dutch.text, /bevat bewust niets/, `nl ${kind}: the reader is told the mail holds nothing of the content`);
  }
});
