import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../access/actor.ts';
import { databaseTargets } from '../../test/databases.ts';
import {
  bearer,
  createTestApp,
  createTestEnvironment,
  nextTotpCode,
  seedTenant,
  seedUser,
  TEST_PASSWORD,
  type SeededTenant,
  type TestEnvironment,
} from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';
import { translator } from '../../ui/i18n.ts';
import type { InstrumentView } from './screening.schemas.ts';
import { auditEvents } from '../../test/audit-events.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

for (const target of databaseTargets()) {
  describe(`screening instruments on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let other: SeededTenant;
    let coordinator: Awaited<ReturnType<typeof seedUser>>;

    const db = () => env.database.handle.db;
    const instruments = async (token: string, language: string) => {
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/screening/instruments',
        headers: { ...bearer(token), 'accept-language': language },
      });
      assert.equal(response.statusCode, 200, `the instruments answer 200 in ${language}`);
      return response.json().data as InstrumentView[];
    };

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      other = await seedTenant(env.ctx);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator'], { password: TEST_PASSWORD });
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('the migration ships version 1 of both instruments, active, with no tenant column', async () => {
      const rows = await db().selectFrom('screening_instruments').select(['key', 'version', 'active']).orderBy('key').execute();
      assert.deepEqual(
        rows.map((row) => ({ ...row, active: Number(row.active) })),
        [
          { key: 'factors', version: 1, active: 1 },
          { key: 'observation', version: 1, active: 1 },
        ],
        'the observation instrument and the factors checklist are shipped as version 1',
      );
    });

    test('the API gives the active instruments in the caller’s language, nl and fr', async () => {
      const dutch = await instruments(coordinator.token, 'nl');
      const french = await instruments(coordinator.token, 'fr');
      assert.deepEqual(
        dutch.map((instrument) => [instrument.key, instrument.version]),
        [
          ['factors', 1],
          ['observation', 1],
        ],
        'both active instruments, by key',
      );
      const observationNl = dutch.find((instrument) => instrument.key === 'observation')!;
      const observationFr = french.find((instrument) => instrument.key === 'observation')!;
      assert.equal(observationNl.title, 'Observaties in vier domeinen', 'the Dutch title');
      assert.equal(observationFr.title, 'Observations dans quatre domaines', 'the French title');
      assert.deepEqual(
        observationFr.sections.map((section) => section.title),
        ['Comportement', 'Relations et contacts', 'Expressions culturelles et religieuses', 'Expressions idéologiques et politiques'],
        'the four areas, in French',
      );
      assert.equal(observationFr.sections[0]!.items[0]!.kind, 'observation', 'an observation item keeps its kind');
      assert.match(observationNl.judgement, /1 \+ welzijn \+ 2 × radicalisering/, 'the judgement explains how the category is given');
      assert.equal(observationNl.id, observationFr.id, 'the same version in both languages');
      const factorsFr = french.find((instrument) => instrument.key === 'factors')!;
      assert.match(factorsFr.description, /jamais en un score/, 'the checklist says, in French, that it never adds up to a score');
    });

    test('the instruments are the same for every network', async () => {
      const otherCoordinator = await seedUser(env.ctx, other, ['coordinator']);
      assert.deepEqual(
        await instruments(otherCoordinator.token, 'en'),
        await instruments(coordinator.token, 'en'),
        'another network sees the very same versions and texts',
      );
    });

    test('professionals read them too; every other role is refused (403, audited) on API and page', async () => {
      const professional = await seedUser(env.ctx, tenant, ['professional']);
      assert.equal((await instruments(professional.token, 'nl')).length, 2, 'a professional reads the instruments');
      for (const role of ['admin', 'dpo', 'analyst', 'minute_taker'] as Role[]) {
        const user = role === 'admin' ? { token: tenant.adminToken, id: tenant.admin.userId } : await seedUser(env.ctx, tenant, [role]);
        const response = await app.inject({ method: 'GET', url: '/api/v1/screening/instruments', headers: bearer(user.token) });
        assert.equal(response.statusCode, 403, `${role} is refused`);
        assert.equal(response.json().error.code, 'forbidden', 'the error code is "forbidden"');
        const denial = await auditEvents(db(), { latestFirst: true })
          .select(['details'])
          .where('action', '=', 'access.denied')
          .where('actor_user_id', '=', user.id)
          .executeTakeFirstOrThrow();
        assert.deepEqual(JSON.parse(denial.details!), { deniedAction: 'screening.viewInstruments' }, `the refusal of ${role} is audited`);
      }
      const analyst = await seedUser(env.ctx, tenant, ['analyst'], { password: TEST_PASSWORD });
      const client = new PageClient(app);
      await signInWithPages(client, { email: analyst.email, password: TEST_PASSWORD, code: () => nextTotpCode(analyst.totpSecret, env.clock) });
      for (const url of ['/screening/instruments', '/screening/instruments/observation'])
        assert.equal((await client.get(url)).statusCode, 403, `an analyst is refused ${url}`);
      assert.ok(!(await client.get('/')).body.includes('href="/screening/instruments"'), 'an analyst’s menu has no link to the instruments');
    });

    test('the pages list the instruments and show one with its sections and judgement; an unknown key is 404', async () => {
      const client = new PageClient(app);
      await signInWithPages(client, {
        email: coordinator.email,
        password: TEST_PASSWORD,
        code: () => nextTotpCode(coordinator.totpSecret, env.clock),
      });
      const t = translator('nl');
      const list = await client.get('/screening/instruments');
      assert.equal(list.statusCode, 200, 'the list answers 200');
      assert.ok(list.body.includes(`<h1>${html(t('screening.instruments.title'))}</h1>`), 'the list has its heading');
      assert.ok(
        list.body.includes('<a href="/screening/instruments/observation">Observaties in vier domeinen</a>'),
        'the list links the observation instrument',
      );
      assert.ok(list.body.includes('href="/screening/instruments" aria-current="page"'), 'the menu links the instruments, marked current');
      const page = await client.get('/screening/instruments/factors');
      assert.equal(page.statusCode, 200, 'one instrument answers 200');
      assert.ok(page.body.includes(html('Wat beschermt')), 'the protective factors section is shown');
      assert.ok(page.body.includes(html(t('screening.instruments.judgement'))), 'the judgement section is shown');
      assert.ok(page.body.includes(html(t('screening.item_kind.check'))), 'the item kind is named');
      assert.equal((await client.get('/screening/instruments/radicx')).statusCode, 404, 'an unknown instrument is 404');
    });
  });
}
