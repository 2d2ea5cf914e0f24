import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOrganisation } from '../accounts/index.ts';
import { databaseTargets } from '../../test/databases.ts';
import {
  createTestApp,
  createTestEnvironment,
  nextTotpCode,
  seedTenant,
  seedUser,
  TEST_PASSWORD,
  type SeededTenant,
  type TestEnvironment,
} from '../../test/harness.ts';
import { PageClient, signInWithPages, textOf } from '../../test/page-client.ts';
import { catalogues, translator } from '../../ui/i18n.ts';
import { recordCaseEvent, seedReportCase } from './access-report-fixtures.ts';
import { AUDIT_ACTIONS } from './audit.actions.ts';
import { recordAuditEvent, subjectOf } from './record-audit-event.ts';
import { AUDIT_PAGE_SIZE } from './audit.schemas.ts';
import { auditEvents } from '../../test/audit-events.ts';

/** HTML-escaped, as the page writes text. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The body rows of the page's table, without the column names each cell carries for narrow screens (data-label). */
const rowsOf = (body: string) =>
  body
    .split('<tbody>')[1]
    ?.split('</tbody>')[0]
    ?.replace(/ data-label="[^"]*"/g, '')
    .split('<tr>')
    .slice(1) ?? [];

for (const target of databaseTargets()) {
  describe(`audit trail page on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;
    let dpo: Awaited<ReturnType<typeof seedUser>>;
    let client: PageClient;

    const setLocale = (userId: string, locale: 'nl' | 'fr' | 'en') =>
      env.database.handle.db.updateTable('users').set({ locale }).where('tenant_id', '=', tenant.tenantId).where('id', '=', userId).execute();

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
      dpo = await seedUser(env.ctx, tenant, ['dpo'], { password: TEST_PASSWORD });
      for (let index = 0; index < AUDIT_PAGE_SIZE; index++) {
        await createOrganisation({ input: { name: `Buurthuis ${index}`, sector: 'community', secrecyRegime: 'none' } }, tenant.admin, env.ctx);
      }
      client = new PageClient(app);
      await signInWithPages(client, { email: dpo.email, password: TEST_PASSWORD, code: () => nextTotpCode(dpo.totpSecret, env.clock) }, '/audit');
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    test('a visitor is sent to the sign-in page', async () => {
      const response = await new PageClient(app).get('/audit');
      assert.equal(response.statusCode, 303, 'the request answers 303 See Other');
      assert.equal(response.headers.location, '/login?next=%2Faudit', 'response.headers.location is "/login?next=%2Faudit"');
    });

    test('the signed-in DPO sees the trail in the shell, with labelled filters and an accessible table (tenant language: nl)', async () => {
      const page = await client.get('/audit');
      assert.equal(page.statusCode, 200, 'the request answers 200 OK');
      const t = translator('nl');
      assert.match(page.body, /<html lang="nl">/, 'page.body matches /<html lang="nl">/');
      assert.match(page.body, new RegExp(`<h1>${html(t('audit.title'))}</h1>`), "page.body matches new RegExp(`<h1>${html(t('audit.title'))}</h1>`)");
      assert.match(
        page.body,
        /<form method="get" action="\/audit" role="search"/,
        'page.body matches /<form method="get" action="\\/audit" role="search"/',
      );
      for (const [name, key] of [
        ['userId', 'audit.filter_user'],
        ['organisationId', 'audit.filter_organisation'],
        ['action', 'audit.filter_action'],
        ['from', 'audit.filter_from'],
        ['to', 'audit.filter_to'],
        ['decision', 'audit.filter_decision'],
      ] as const) {
        assert.match(page.body, new RegExp(`<label for="field-${name}">${html(t(key))}`), name);
      }
      for (const action of AUDIT_ACTIONS)
        assert.ok(page.body.includes(`<option value="${action}">${html(t(`audit.action.${action}`))}</option>`), action);
      assert.match(page.body, /<option value="[^"]+">Robin Tester<\/option>/, 'users to choose from, by name');
      const organisationOptions: string[] =
        (page.body.split('id="field-organisationId"')[1]?.split('</select>')[0] ?? '').match(/>[^<]+<\/option>/g) ?? ([] as string[]);
      assert.ok(
        organisationOptions.includes('>Buurthuis 7</option>'),
        `organisations to choose from, by name; found ${organisationOptions.join(' ')}`,
      );
      assert.equal(
        textOf(page.body.replace('<caption>', '<caption id="caption">'), 'caption'),
        t('audit.caption', { count: AUDIT_PAGE_SIZE }),
        "textOf(page.body.replace('<caption>', '<caption id=\"caption\">'), 'cap… is the \"audit.caption\" text",
      );
      assert.equal((page.body.match(/<th scope="col">/g) ?? []).length, 7, '(page.body.match(/<th scope="col">/g) ?? []) holds 7 entries');
      const rows = rowsOf(page.body);
      assert.equal(rows.length, AUDIT_PAGE_SIZE, 'rows holds AUDIT_PAGE_SIZE entries');
      // Newest first: the DPO's own sign-in; the organisations, added by the administrator, come later.
      assert.ok(rows[0]!.includes(html(t('audit.action.auth.sign_in'))), "rows[0] contains html(t('audit.action.auth.sign_in'))");
      // Every event here shares the fake clock's instant, so the network's own organisation (created by the
      // operator at set-up) may also be on the page; the row under test is one the administrator created.
      const created = rows.find((row) => row.includes(html(t('audit.action.organisation.created'))) && /Buurthuis \d+/.test(row))!;
      assert.ok(created, 'a row for an organisation the administrator created is on the first page');
      assert.match(created, /<th scope="row"><time datetime="2026-01-05T09:00:00\.000Z">5 jan 2026, 10:00:00<\/time><\/th>/, 'Brussels time');
      assert.ok(created.includes('<td>Alex Admin</td>'), 'created contains "<td>Alex Admin</td>"');
      assert.ok(created.includes('<td>City of Rivierstede</td>'), 'created contains "<td>City of Rivierstede</td>"');
      assert.ok(created.includes(`<td>${html(t('role.admin'))}</td>`), "created contains `<td>${html(t('role.admin'))}</td>`");
      assert.match(
        created,
        new RegExp(`<td>${html(t('audit.resource.organisation'))}: Buurthuis \\d+</td>`),
        "created matches new RegExp(`<td>${html(t('audit.resource.organisation'))}: Buurthuis \\\\d+</td>`)",
      );
      assert.ok(created.includes(`<td>${html(t('audit.decision.permit'))}</td>`), "created contains `<td>${html(t('audit.decision.permit'))}</td>`");
      assert.match(
        page.body,
        new RegExp(`<a href="/audit\\?cursor=[A-Za-z0-9_-]+" rel="next">${escapeRegExp(html(t('audit.next_page')))}</a>`),
        'page.body matches new RegExp(`<a href="/audit\\\\?cursor=[A-Za-z0-9_-]+" rel="next">${escapeRegExp(…',
      );
    });

    test('labels follow the user’s language in fr and en', async () => {
      try {
        for (const locale of ['fr', 'en'] as const) {
          await setLocale(dpo.id, locale);
          const page = await client.get('/audit?action=audit.viewed');
          assert.equal(page.statusCode, 200, 'the request answers 200 OK');
          const t = translator(locale);
          assert.match(page.body, new RegExp(`<html lang="${locale}">`), 'page.body matches new RegExp(`<html lang="${locale}">`)');
          assert.match(
            page.body,
            new RegExp(`<h1>${html(t('audit.title'))}</h1>`),
            "page.body matches new RegExp(`<h1>${html(t('audit.title'))}</h1>`)",
          );
          assert.ok(
            page.body.includes(`<th scope="col">${html(t('audit.column.decision'))}</th>`),
            'page.body contains `<th scope="col">${html(t(\'audit.column.decision\'))}</th>`',
          );
          assert.ok(
            page.body.includes(`<option value="audit.viewed" selected="">${html(t('audit.action.audit.viewed'))}</option>`),
            'the chosen filter stays selected',
          );
          const rows = rowsOf(page.body);
          assert.ok(rows.length >= 1, 'the number of rows is at least 1');
          for (const row of rows) {
            assert.ok(
              row.includes(`<td>${html(t('audit.action.audit.viewed'))}</td>`),
              "row contains `<td>${html(t('audit.action.audit.viewed'))}</td>`",
            );
            assert.ok(row.includes(`<td>${html(t('role.dpo'))}</td>`), "row contains `<td>${html(t('role.dpo'))}</td>`");
            assert.ok(
              row.includes(`<td>${html(t('audit.resource.audit_trail'))}</td>`),
              "row contains `<td>${html(t('audit.resource.audit_trail'))}</td>`",
            );
          }
        }
      } finally {
        await setLocale(dpo.id, 'nl');
      }
    });

    test('filters narrow the table; the next-page link keeps them and the first-page link returns', async () => {
      const t = translator('nl');
      const filtered = await client.get('/audit?action=organisation.created&decision=permit&from=2026-01-05&to=2026-01-05');
      assert.equal(filtered.statusCode, 200, 'the filtered request answers 200 OK');
      const rows = rowsOf(filtered.body);
      assert.equal(rows.length, AUDIT_PAGE_SIZE, 'rows holds AUDIT_PAGE_SIZE entries');
      assert.ok(
        rows.every((row) => row.includes(html(t('audit.action.organisation.created')))),
        "every entry of rows matches (row) => row.includes(html(t('audit.action.organisation.cre…",
      );
      const next = /<a href="([^"]+)" rel="next">/.exec(filtered.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(next?.startsWith('/audit?action=organisation.created&from=2026-01-05&to=2026-01-05&decision=permit&cursor='), next);
      const second = await client.get(next!);
      assert.equal(second.statusCode, 200, 'the second request answers 200 OK');
      assert.equal(rowsOf(second.body).length, 1, 'the 51st organisation: City of Rivierstede');
      assert.ok(rowsOf(second.body)[0]!.includes('City of Rivierstede'), 'rowsOf(second.body)[0] contains "City of Rivierstede"');
      assert.doesNotMatch(second.body, /rel="next"/, 'second.body does not match /rel="next"/');
      assert.ok(
        second.body.includes(
          `<a href="/audit?action=organisation.created&amp;from=2026-01-05&amp;to=2026-01-05&amp;decision=permit">${html(t('audit.first_page'))}</a>`,
        ),
        'second.body contains `<a href="/audit?action=organisation.created&amp;from=2026-…',
      );
      const none = await client.get('/audit?from=2027-01-01');
      assert.ok(none.body.includes(`<p>${html(t('audit.empty'))}</p>`), "none.body contains `<p>${html(t('audit.empty'))}</p>`");
    });

    test('a bad filter redraws the form with the localised message next to the field (400), and shows no events', async () => {
      const page = await client.get('/audit?from=2026-02-30');
      assert.equal(page.statusCode, 400, 'the request answers 400 Bad Request');
      assert.equal(
        textOf(page.body, 'field-from-error'),
        catalogues.nl['validation.date'],
        'textOf(page.body, \'field-from-error\') is the "validation.date" text',
      );
      assert.match(page.body, /class="error-summary"/, 'page.body matches /class="error-summary"/');
      assert.doesNotMatch(page.body, /<tbody>/, 'page.body does not match /<tbody>/');
    });

    test('events about a case show its reference, not its id, for the case and for what belongs to it', async () => {
      const t = translator('nl');
      const coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
      const caseId = await seedReportCase(env, { tenantId: tenant.tenantId, reference: 'VIL-2026-077', createdBy: coordinator.id });
      await recordCaseEvent(env, coordinator.actor, { caseId, reference: 'VIL-2026-077', action: 'case.viewed', purpose: 'coordination' });
      const itemId = await env.ctx.db.transaction().execute((trx) =>
        recordAuditEvent(trx, env.ctx, {
          subject: subjectOf(coordinator.actor),
          action: 'case.item_added',
          resource: { type: 'case_item', id: '0b5e3c1e-7d1a-4c1e-9d53-3f0c6f1f2a11' },
          caseId,
          decision: 'permit',
        }),
      );
      assert.ok(itemId, 'the item event is recorded');
      const page = await client.get(`/audit?userId=${coordinator.id}`);
      assert.equal(page.statusCode, 200, 'the filtered trail answers 200');
      const rows = rowsOf(page.body);
      const viewed = rows.find((row) => row.includes(html(t('audit.action.case.viewed'))));
      assert.ok(viewed?.includes(`<td>${html(t('audit.resource.case'))}: VIL-2026-077</td>`), `the case read names the reference: ${viewed}`);
      const added = rows.find((row) => row.includes(html(t('audit.action.case.item_added'))));
      assert.ok(
        added?.includes(`<td>${html(t('audit.resource_in_case', { resource: t('audit.resource.case_item'), reference: 'VIL-2026-077' }))}</td>`),
        `the item names the case it belongs to: ${added}`,
      );
      const main = page.body.split('<main')[1]!.split('</main>')[0]!;
      assert.ok(!main.includes(caseId), 'the case id is not shown');
      assert.ok(!main.includes('0b5e3c1e-7d1a-4c1e-9d53-3f0c6f1f2a11'), 'the item id is not shown');
    });

    test('each page view is audited as viewed through the page', async () => {
      const before = await env.ctx.db
        .selectFrom('audit_events')
        .select(['details'])
        .where('tenant_id', '=', tenant.tenantId)
        .where('action', '=', 'audit.viewed')
        .execute();
      await client.get('/audit?decision=deny');
      const after = await auditEvents(env.ctx.db, { latestFirst: true })
        .select(['details', 'actor_user_id'])
        .where('tenant_id', '=', tenant.tenantId)
        .where('action', '=', 'audit.viewed')
        .execute();
      assert.equal(after.length, before.length + 1, 'after holds before.length + 1 entries');
      const details = after.map((row) => JSON.parse(row.details!));
      assert.ok(
        details.some((entry) => entry.decision === 'deny' && entry.via === 'page'),
        "some entry of details matches (entry) => entry.decision === 'deny' && entry.via === 'page'",
      );
      assert.ok(
        after.every((row) => row.actor_user_id === dpo.id),
        'every entry of after matches (row) => row.actor_user_id === dpo.id',
      );
    });

    test('a signed-in administrator gets the localised 403 page, and the denial is audited', async () => {
      const admin = new PageClient(app);
      await signInWithPages(admin, {
        email: tenant.adminEmail,
        password: tenant.adminPassword,
        code: () => nextTotpCode(tenant.adminTotpSecret, env.clock),
      });
      const page = await admin.get('/audit');
      assert.equal(page.statusCode, 403, 'the request answers 403 Forbidden');
      assert.ok(page.body.includes(html(translator('nl')('errors.forbidden'))), "page.body contains html(translator('nl')('errors.forbidden'))");
      assert.doesNotMatch(page.body, /<tbody>/, 'page.body does not match /<tbody>/');
      const denied = await env.ctx.db
        .selectFrom('audit_events')
        .select(['resource_id', 'details'])
        .where('tenant_id', '=', tenant.tenantId)
        .where('action', '=', 'access.denied')
        .where('actor_user_id', '=', tenant.admin.userId)
        .execute();
      assert.deepEqual(
        denied,
        [{ resource_id: 'GET /audit', details: JSON.stringify({ deniedAction: 'audit.list' }) }],
        'denied is exactly the 1 expected entries',
      );
    });
  });
}
