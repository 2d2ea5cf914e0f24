import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, seedTenant, seedUser, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';
import { exportHsds } from './export-hsds.ts';
import { importHsds } from './import-hsds.ts';
import { listServices } from './list-services.ts';

/**
 * The import stores a document in batches (a few hundred rows per statement): a document larger than
 * one batch keeps the import's promises — idempotent by HSDS id, all or nothing, shared organisations
 * and places stored once — and reads back whole (the export loads it in chunks too).
 */

const COUNT = 1_100;

function documentOf(count: number, description = (index: number) => `Fictief aanbod ${index}.`) {
  return Array.from({ length: count }, (_, index) => ({
    id: `batch-service-${index}`,
    name: `Batchaanbod ${String(index).padStart(4, '0')}`,
    description: description(index),
    status: 'active',
    languages: [{ id: `batch-language-${index}`, code: index % 2 === 0 ? 'fr' : 'nl' }],
    organization: { id: `batch-organisation-${index % 30}`, name: `Fictieve aanbieder ${index % 30}`, description: 'Fictief.' },
    service_at_locations: [
      { id: `batch-sal-${index}`, location: { id: `batch-location-${index % 90}`, location_type: 'physical', name: `Plek ${index % 90}` } },
    ],
    x_partnertafel: { themes: [index % 2 === 0 ? 'drugs' : 'gangs'], no_waiting_list: index % 3 === 0 },
  }));
}

for (const target of databaseTargets()) {
  describe(`the social map's batched import on ${target.kind}`, () => {
    let env: TestEnvironment;
    let tenant: SeededTenant;
    let coordinator: Awaited<ReturnType<typeof seedUser>>;
    const count = async (table: 'directory_services' | 'directory_organisations' | 'directory_locations' | 'directory_service_themes') =>
      (await env.database.handle.db.selectFrom(table).select('tenant_id').where('tenant_id', '=', tenant.tenantId).execute()).length;

    before(async () => {
      env = await createTestEnvironment(target);
      tenant = await seedTenant(env.ctx);
      coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
    });
    after(async () => {
      await env.dispose();
    });

    test('a document larger than one batch is stored whole, once, and reads back whole', async () => {
      const created = await importHsds({ document: documentOf(COUNT) }, coordinator.actor, env.ctx);
      assert.deepEqual(created, { created: COUNT, updated: 0 }, 'every service of the document should be created');
      assert.equal(await count('directory_services'), COUNT, 'one row per service');
      assert.equal(await count('directory_organisations'), 30, 'an organisation shared by many services should be stored once');
      assert.equal(await count('directory_locations'), 90, 'a place shared by many services should be stored once');
      assert.equal(await count('directory_service_themes'), COUNT, 'one theme row per service');

      const again = await importHsds({ document: documentOf(COUNT) }, coordinator.actor, env.ctx);
      assert.deepEqual(again, { created: 0, updated: 0 }, 'importing the same document again should change nothing');

      const changed = await importHsds(
        { document: documentOf(COUNT, (index) => (index % 100 === 7 ? `Gewijzigd aanbod ${index}.` : `Fictief aanbod ${index}.`)) },
        coordinator.actor,
        env.ctx,
      );
      assert.deepEqual(changed, { created: 0, updated: 11 }, 'only the eleven changed services should count as updated');
      assert.equal(await count('directory_service_themes'), COUNT, 'the changed services should keep exactly their one theme');

      const exported = await exportHsds(coordinator.actor, env.ctx);
      assert.equal(exported.length, COUNT, 'the export should hold every service');
      assert.equal(
        exported.find((service) => service.id === 'batch-service-1007')?.description,
        'Gewijzigd aanbod 1007.',
        'a service past the first batch should carry its change',
      );
      const page = await listServices({ filters: { q: 'gewijzigd', language: 'nl', theme: 'gangs' } }, coordinator.actor, env.ctx);
      assert.deepEqual(
        page.data.map((service) => service.hsdsId).sort(),
        Array.from({ length: 11 }, (_, hundred) => `batch-service-${hundred * 100 + 7}`).sort(),
        'the search (words, language and theme) should find the eleven changed services by their new words',
      );
    });

    test('a shared organisation or place whose document changed is brought up to date once; the others are left alone', async () => {
      const db = env.database.handle.db;
      const organisation = (hsdsId: string) =>
        db
          .selectFrom('directory_organisations')
          .select(['name', 'version', 'updated_at'])
          .where('tenant_id', '=', tenant.tenantId)
          .where('hsds_id', '=', hsdsId)
          .executeTakeFirstOrThrow();
      const place = (hsdsId: string) =>
        db
          .selectFrom('directory_locations')
          .select(['name', 'updated_at'])
          .where('tenant_id', '=', tenant.tenantId)
          .where('hsds_id', '=', hsdsId)
          .executeTakeFirstOrThrow();
      // Written again: the services of organisation 3 (at places 3, 33 and 63) and of place 5 (all of organisation 5);
      // what of theirs did not change must not be rewritten.
      const [renamedBefore, keptBefore, placeBefore] = await Promise.all([
        organisation('batch-organisation-3'),
        organisation('batch-organisation-5'),
        place('batch-location-3'),
      ]);
      env.clock.advance(60_000);
      const document = documentOf(COUNT).map((service, index) => ({
        ...service,
        organization: index % 30 === 3 ? { ...service.organization, name: 'Fictieve aanbieder 3, andere naam' } : service.organization,
        service_at_locations:
          index % 90 === 5
            ? [{ ...service.service_at_locations[0]!, location: { ...service.service_at_locations[0]!.location, name: 'Plek 5, verhuisd' } }]
            : service.service_at_locations,
      }));
      await importHsds({ document }, coordinator.actor, env.ctx);
      const renamed = await organisation('batch-organisation-3');
      assert.equal(renamed.name, 'Fictieve aanbieder 3, andere naam', 'the renamed organisation should carry its new name');
      assert.equal(Number(renamed.version), Number(renamedBefore.version) + 1, 'and one new version, though 37 services name it');
      assert.deepEqual(
        await organisation('batch-organisation-5'),
        keptBefore,
        'the organisation of the moved place’s services, itself unchanged, should be left alone',
      );
      assert.equal((await place('batch-location-5')).name, 'Plek 5, verhuisd', 'the moved place should carry its new name');
      assert.deepEqual(
        await place('batch-location-3'),
        placeBefore,
        'a place of the renamed organisation’s services, itself unchanged, should be left alone',
      );
      assert.equal(await count('directory_organisations'), 30, 'no organisation should be added');
      assert.equal(await count('directory_locations'), 90, 'no place should be added');
    });

    test('one invalid service after the first batch refuses the whole document', async () => {
      const before = await count('directory_services');
      const document: Record<string, unknown>[] = documentOf(COUNT + 200).map((service) => ({ ...service, name: `${service.name} nieuw` }));
      document[COUNT + 150] = { ...document[COUNT + 150], minimum_age: 20, maximum_age: 10 };
      await assert.rejects(
        importHsds({ document }, coordinator.actor, env.ctx),
        (error: { code?: string }) => error.code === 'validation_failed',
        'the document should be refused as invalid',
      );
      assert.equal(await count('directory_services'), before, 'no service should be added');
      const page = await listServices({ filters: { q: 'nieuw' } }, coordinator.actor, env.ctx);
      assert.equal(page.data.length, 0, 'no service should have been renamed');
    });
  });
}
