import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { verifyPassword } from '../../platform/passwords.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { inputValue, PageClient, signInWithPages } from '../../test/page-client.ts';
import { outboxMails, seedSignalWorld, type SignalWorld } from '../../test/signal-world.ts';
import { normaliseReplyCode, READ_WINDOW, replyCodeHash } from './public-consult-rules.ts';
import { auditEvents } from '../../test/audit-events.ts';

/**
 * The public consult form on both databases: closed by default (404), opened by the coordinator
 * only (audited), a question without an account gives a reply code; code + passphrase open the
 * answer, a wrong passphrase does not; guessing is rate-limited; no case is ever created.
 */

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const PASSPHRASE = 'fictieve wachtzin voor de test';
const QUESTION = 'Fictional question: a pupil speaks of new online friends. When should I worry?';

for (const target of databaseTargets()) {
  describe(`the public consult form on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: SignalWorld;
    let address = 0;
    const db = () => env.ctx.db;
    const slug = () => world.tenant.slug;
    /** A fresh visitor from their own address (the rate limit counts per address). */
    const visitor = () => {
      address += 1;
      return new PageClient(app, { 'x-forwarded-for': `198.51.100.${address}` });
    };
    const countOf = async (table: 'cases' | 'signals' | 'signal_messages') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('tenant_id', '=', world.tenant.tenantId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const setForm = (open: boolean, token = world.coordinator.token) =>
      app.inject({ method: 'PUT', url: '/api/v1/consult-form', headers: bearer(token), payload: { open } });
    const codeOf = (html: string) => /<code>([0-9A-Z-]+)<\/code>/.exec(html)?.[1] ?? null;
    const ask = async (client: PageClient, fields: Record<string, string> = {}) => {
      await client.get(`/consult/${slug()}`);
      return client.post(`/consult/${slug()}`, {
        theme: 'radicalisation',
        question: QUESTION,
        passphrase: PASSPHRASE,
        passphraseRepeat: PASSPHRASE,
        ...fields,
      });
    };
    const auditOf = (action: string) => auditEvents(env.database.handle.db).selectAll().where('action', '=', action).execute();

    before(async () => {
      env = await createTestEnvironment(target, { trustProxy: '127.0.0.1' });
      app = await createTestApp(env.ctx);
      world = await seedSignalWorld(env);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the form is closed by default: its pages answer 404 like an unknown network', async () => {
      const client = visitor();
      const unknown = await client.get('/consult/no-such-network');
      const closed = await client.get(`/consult/${slug()}`);
      assert.equal(closed.statusCode, 404, 'a closed form is not found');
      const neutral = (html: string) => html.replace(/content="[^"]+"|value="[^"]*"/g, '');
      assert.equal(neutral(closed.body), neutral(unknown.body), 'alike to an unknown network (but for the CSRF token and the return address)');
      assert.equal((await client.get(`/consult/${slug()}/reply`)).statusCode, 404, 'the reply page too');
      await client.get('/login');
      const posted = await client.post(`/consult/${slug()}`, { theme: 'drugs', question: 'x', passphrase: PASSPHRASE, passphraseRepeat: PASSPHRASE });
      assert.equal(posted.statusCode, 404, 'a question to a closed form is not taken');
    });

    test('only the coordinator opens or closes the form, and it is recorded', async () => {
      for (const who of [world.teacher, world.users.admin, world.users.dpo]) {
        const refused = await setForm(true, who.token);
        assert.equal(refused.statusCode, 403, `${who.email} may not open the form`);
      }
      const opened = await setForm(true);
      assert.equal(opened.statusCode, 200, `the coordinator opens the form (${opened.body})`);
      const view = await app.inject({ method: 'GET', url: '/api/v1/consult-form', headers: bearer(world.coordinator.token) });
      assert.deepEqual(view.json(), { data: { open: true, path: `/consult/${slug()}` } }, 'the setting and the address are shown');
      const changes = await auditOf('signal.consult_form_changed');
      assert.equal(changes.length, 1, 'the change is audited once');
      assert.equal(changes[0]!.actor_user_id, world.coordinator.id, 'with the coordinator');
      assert.match(changes[0]!.details ?? '', /"open":true/, 'and what was set');
    });

    test('a visitor asks without an account, gets a reply code; no person, no reporter, no case', async () => {
      const casesBefore = await countOf('cases');
      const mailsBefore = outboxMails(world).length;
      const client = visitor();
      const page = await client.get(`/consult/${slug()}`);
      assert.equal(page.statusCode, 200, 'the open form is shown');
      for (const forbidden of ['familyName', 'givenName', 'birthDate', 'email', 'organisation'])
        assert.ok(!page.body.includes(`name="${forbidden}"`), `the form asks no ${forbidden}`);
      const short = await ask(client, { passphrase: 'te kort', passphraseRepeat: 'te kort' });
      assert.equal(short.statusCode, 400, 'a passphrase under 12 characters is refused');
      assert.ok(!short.body.includes('te kort'), 'the passphrase is not drawn back into the page');
      const mismatch = await ask(client, { passphraseRepeat: `${PASSPHRASE}!` });
      assert.equal(mismatch.statusCode, 400, 'two different passphrases are refused');

      const asked = await ask(client);
      assert.equal(asked.statusCode, 200, `the question is taken (${asked.statusCode})`);
      const code = codeOf(asked.body);
      assert.ok(code && normaliseReplyCode(code) === code, `the page shows a reply code (${code})`);
      const stored = await db()
        .selectFrom('signals')
        .selectAll()
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('public_code_hash', '=', replyCodeHash(code!))
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [stored.kind, stored.channel, stored.status, stored.reporter_anonymous],
        ['consult', 'public_form', 'received', 1],
        'a consult through the public form, anonymous, received',
      );
      assert.deepEqual(
        [stored.reporter_user_id, stored.reporter_organisation_id, stored.reporter_sealed, stored.reporter_lookup, stored.subject_blind_index],
        [null, null, null, null, null],
        'no reporter and no person are stored',
      );
      assert.ok(!JSON.stringify(stored).includes(code!), 'the code itself is not stored');
      assert.ok(await verifyPassword(stored.public_passphrase_hash!, PASSPHRASE), 'the passphrase is kept as an argon2 hash');
      assert.ok(!stored.description_sealed.includes('online friends'), 'the question is sealed');
      assert.equal(await countOf('cases'), casesBefore, 'no case was created');
      const mails = outboxMails(world).slice(mailsBefore);
      assert.deepEqual(
        mails.map((mail) => mail.to),
        [world.coordinator.email],
        'the coordinators are told a question came in',
      );
      assert.ok(!mails[0]!.raw.includes('online friends'), 'the mail does not hold the question');
      const askedEvents = (await auditOf('signal.public_question_asked')).filter((event) => event.resource_id === stored.id);
      assert.equal(askedEvents.length, 1, 'the question is audited');
      assert.deepEqual(
        [askedEvents[0]!.actor_user_id, askedEvents[0]!.actor_organisation_id, askedEvents[0]!.request_id],
        [null, null, null],
        'by nobody in particular',
      );
    });

    test('code and passphrase open the answer; the visitor answers back; a wrong passphrase opens nothing', async () => {
      const client = visitor();
      const code = codeOf((await ask(client)).body)!;
      const signal = await db()
        .selectFrom('signals')
        .select(['id', 'reference'])
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('public_code_hash', '=', replyCodeHash(code))
        .executeTakeFirstOrThrow();
      env.clock.advance(1000);
      const answer = await app.inject({
        method: 'POST',
        url: `/api/v1/signals/${signal.id}/messages`,
        headers: bearer(world.coordinator.token),
        payload: { body: 'Fictional advice: talk with the pupil and call us.' },
      });
      assert.equal(answer.statusCode, 201, 'the coordinator answers through the channel');

      await client.get(`/consult/${slug()}/reply`);
      const wrong = await client.post(`/consult/${slug()}/reply`, { code, passphrase: `${PASSPHRASE}?` });
      assert.equal(wrong.statusCode, 400, 'a wrong passphrase is refused');
      assert.ok(!wrong.body.includes('Fictional advice'), 'and shows nothing');
      const unknownCode = await client.post(`/consult/${slug()}/reply`, { code: '0000-0000-0000-0000', passphrase: PASSPHRASE });
      assert.equal(unknownCode.statusCode, 400, 'an unknown code is refused');
      assert.equal(
        unknownCode.body.replace(/content="[^"]+"|value="[^"]*"/g, ''),
        wrong.body.replace(/content="[^"]+"|value="[^"]*"/g, ''),
        'alike to a wrong passphrase',
      );

      const opened = await client.post(`/consult/${slug()}/reply`, { code: code.toLowerCase().replace(/-/g, ' '), passphrase: PASSPHRASE });
      assert.equal(opened.statusCode, 200, 'code and passphrase open the thread');
      assert.ok(opened.body.includes('Fictional advice: talk with the pupil'), 'the answer of the consult point is shown');
      assert.ok(opened.body.includes('online friends'), 'with the question');
      assert.ok(!opened.body.includes(world.coordinator.email), 'the coordinator is not named');
      const reads = (await auditOf('signal.public_reply_read')).filter((event) => event.resource_id === signal.id);
      assert.equal(reads.length, 1, 'the read is audited');
      assert.equal(reads[0]!.actor_user_id, null, 'by nobody in particular');

      const access = inputValue(opened.body, 'access')!;
      env.clock.advance(1000);
      const back = await client.post(`/consult/${slug()}/reply/answer`, { access, body: 'Fictional answer back: thank you.' });
      assert.equal(back.statusCode, 303, 'the visitor answers back');
      const messages = await db()
        .selectFrom('signal_messages')
        .selectAll()
        .where('tenant_id', '=', world.tenant.tenantId)
        .where('signal_id', '=', signal.id)
        .orderBy('created_at')
        .execute();
      assert.deepEqual(
        messages.map((message) => [message.side, message.author_user_id]),
        [
          ['coordinator', world.coordinator.id],
          ['reporter', null],
        ],
        'the visitor’s answer is stored without an author',
      );
      const coordinatorView = await app.inject({
        method: 'GET',
        url: `/api/v1/signals/${signal.id}/messages`,
        headers: bearer(world.coordinator.token),
      });
      assert.ok(coordinatorView.body.includes('thank you'), 'the coordinator reads the answer back');

      const forged = await client.post(`/consult/${slug()}/reply/answer`, { access: `${access.slice(0, -2)}xx`, body: 'Forged.' });
      assert.equal(forged.statusCode, 400, 'an altered access token is refused');
      env.clock.advance(31 * 60 * 1000);
      const late = await client.post(`/consult/${slug()}/reply/answer`, { access, body: 'Too late.' });
      assert.equal(late.statusCode, 400, 'an expired access token is refused');
      assert.equal(
        (
          await db()
            .selectFrom('signal_messages')
            .select('id')
            .where('tenant_id', '=', world.tenant.tenantId)
            .where('signal_id', '=', signal.id)
            .execute()
        ).length,
        2,
        'nothing more was stored',
      );
    });

    test('guessing codes is rate-limited per address (429 with Retry-After)', async () => {
      const client = visitor();
      await client.get(`/consult/${slug()}/reply`);
      for (let attempt = 0; attempt < READ_WINDOW.limit; attempt += 1) {
        const guess = await client.post(`/consult/${slug()}/reply`, {
          code: `0000-0000-0000-${String(attempt).padStart(4, '0')}`,
          passphrase: PASSPHRASE,
        });
        assert.equal(guess.statusCode, 400, `guess ${attempt + 1} is refused as wrong`);
      }
      const blocked = await client.post(`/consult/${slug()}/reply`, { code: '0000-0000-0000-9999', passphrase: PASSPHRASE });
      assert.equal(blocked.statusCode, 429, 'the next guess is rate-limited');
      assert.ok(Number(blocked.headers['retry-after']) > 0, 'with Retry-After');
      const elsewhere = visitor();
      await elsewhere.get(`/consult/${slug()}/reply`);
      const other = await elsewhere.post(`/consult/${slug()}/reply`, { code: '0000-0000-0000-9999', passphrase: PASSPHRASE });
      assert.equal(other.statusCode, 400, 'another address is not blocked');
      env.clock.advance(READ_WINDOW.windowSeconds * 1000 + 1000);
      const later = await client.post(`/consult/${slug()}/reply`, { code: '0000-0000-0000-9999', passphrase: PASSPHRASE });
      assert.equal(later.statusCode, 400, 'after the window the address may try again');
    });

    test('a question without the visitor CSRF token is refused', async () => {
      const client = visitor();
      await client.get(`/consult/${slug()}`);
      const before = await countOf('signals');
      const forged = await client.post(`/consult/${slug()}`, {
        _csrf: null,
        theme: 'drugs',
        question: QUESTION,
        passphrase: PASSPHRASE,
        passphraseRepeat: PASSPHRASE,
      });
      assert.equal(forged.statusCode, 403, 'no token, no question');
      assert.equal(await countOf('signals'), before, 'nothing stored');
    });

    test('the coordinator closes the form through the page; the public pages are gone at once', async () => {
      const client = new PageClient(app);
      await signInWithPages(client, {
        email: world.coordinator.email,
        password: TEST_PASSWORD,
        code: () => nextTotpCode(world.coordinator.totpSecret, env.clock),
      });
      const page = await client.get('/signals/consult-form');
      assert.equal(page.statusCode, 200, 'the coordinator sees the setting');
      assert.ok(page.body.includes(`/consult/${slug()}`), 'with the form’s address');
      const closed = await client.post('/signals/consult-form', { open: 'false' });
      assert.equal(closed.statusCode, 303, 'the coordinator closes the form');
      assert.equal((await visitor().get(`/consult/${slug()}`)).statusCode, 404, 'the form is gone');
      const teacher = new PageClient(app);
      await signInWithPages(teacher, {
        email: world.teacher.email,
        password: TEST_PASSWORD,
        code: () => nextTotpCode(world.teacher.totpSecret, env.clock),
      });
      assert.equal((await teacher.get('/signals/consult-form')).statusCode, 403, 'a professional may not see the setting');
    });
  });
}
