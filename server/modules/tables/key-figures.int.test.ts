import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../../access/actor.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, seedTenant, seedUser, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';
import { addTableMember, createTable, isKeyFigure, keyFigureTableIds, keyFiguresOf, keyFigureTablesSubquery, removeTableMember } from './index.ts';

/* The membership questions the cases module asks of the tables module, through its public surface. */

for (const target of databaseTargets()) {
  describe(`who stands where as a key figure, on ${target.kind}`, () => {
    let env: TestEnvironment;
    let tenant: SeededTenant;
    let other: SeededTenant;
    let coordinator: Actor;
    let otherCoordinator: Actor;
    type Person = Awaited<ReturnType<typeof seedUser>>;
    let ada: Person;
    let bo: Person;
    let minuteTaker: Person;
    let stranger: Person;
    const tables = { north: '', south: '', empty: '', elsewhere: '' };

    const newTable = async (name: string, actor: Actor) =>
      (
        await createTable(
          { input: { name, audience: 'minors', purpose: 'Zorgen over jongeren samen bespreken.', legalFramework: 'art_458ter' } },
          actor,
          env.ctx,
        )
      ).id;
    const seat = (tableId: string, userId: string, role: 'key_figure' | 'minute_taker', actor = coordinator) =>
      addTableMember({ tableId, input: { userId, role } }, actor, env.ctx);

    before(async () => {
      env = await createTestEnvironment(target);
      tenant = await seedTenant(env.ctx);
      other = await seedTenant(env.ctx);
      coordinator = (await seedUser(env.ctx, tenant, ['coordinator'])).actor;
      otherCoordinator = (await seedUser(env.ctx, other, ['coordinator'])).actor;
      ada = await seedUser(env.ctx, tenant, ['professional']);
      bo = await seedUser(env.ctx, tenant, ['professional', 'minute_taker']);
      minuteTaker = await seedUser(env.ctx, tenant, ['minute_taker']);
      stranger = await seedUser(env.ctx, other, ['professional']);
      await env.database.handle.db.updateTable('users').set({ name: 'Ada Aerts' }).where('id', '=', ada.id).execute();
      await env.database.handle.db.updateTable('users').set({ name: 'Bo Bauwens' }).where('id', '=', bo.id).execute();
      tables.north = await newTable('Tafel Noord', coordinator);
      tables.south = await newTable('Tafel Zuid', coordinator);
      tables.empty = await newTable('Tafel Leeg', coordinator);
      tables.elsewhere = await newTable('Tafel Elders', otherCoordinator);
      await seat(tables.north, bo.id, 'key_figure');
      await seat(tables.north, ada.id, 'key_figure');
      await seat(tables.north, minuteTaker.id, 'minute_taker');
      await seat(tables.south, ada.id, 'key_figure');
      await seat(tables.south, bo.id, 'minute_taker');
      await seat(tables.elsewhere, stranger.id, 'key_figure', otherCoordinator);
    });
    after(async () => {
      await env.dispose();
    });

    test('isKeyFigure: the actor (or a named user) holds the key-figure seat right now; a minute taker does not', async () => {
      assert.equal(await isKeyFigure(env.ctx.db, ada.actor, tables.north), true, 'Ada sits at north as key figure');
      assert.equal(await isKeyFigure(env.ctx.db, bo.actor, tables.south), false, 'Bo only takes the minutes at south');
      assert.equal(await isKeyFigure(env.ctx.db, minuteTaker.actor, tables.north), false, 'a minute taker is no key figure');
      assert.equal(await isKeyFigure(env.ctx.db, ada.actor, tables.empty), false, 'nobody sits at the empty table');
      assert.equal(await isKeyFigure(env.ctx.db, coordinator, tables.north, bo.id), true, 'asked about another user of the network');
      assert.equal(await isKeyFigure(env.ctx.db, coordinator, tables.elsewhere, stranger.id), false, 'another network’s seat is invisible');
      assert.equal(await isKeyFigure(env.ctx.db, coordinator, 'no-such-table'), false, 'a missing table has no key figures');
    });

    test('keyFigureTableIds: the tables where the actor is a key figure, sorted; minute-taker seats do not count', async () => {
      assert.deepEqual(await keyFigureTableIds(env.ctx.db, ada.actor), [tables.north, tables.south].sort(), 'Ada: north and south');
      assert.deepEqual(await keyFigureTableIds(env.ctx.db, bo.actor), [tables.north], 'Bo: north only (south as minute taker)');
      assert.deepEqual(await keyFigureTableIds(env.ctx.db, minuteTaker.actor), [], 'a minute taker: none');
      assert.deepEqual(await keyFigureTableIds(env.ctx.db, stranger.actor), [tables.elsewhere], 'each network answers for itself');
    });

    test('keyFiguresOf: user id, name and organisation of the key figures, by name; nothing across networks', async () => {
      assert.deepEqual(
        await keyFiguresOf(env.ctx.db, coordinator, tables.north),
        [
          { user_id: ada.id, name: 'Ada Aerts', organisation_id: tenant.organisationId },
          { user_id: bo.id, name: 'Bo Bauwens', organisation_id: tenant.organisationId },
        ],
        'both key figures of north, not the minute taker',
      );
      assert.deepEqual(
        (await keyFiguresOf(env.ctx.db, coordinator, tables.south)).map((row) => row.user_id),
        [ada.id],
        'south: Ada only, Bo takes the minutes there',
      );
      assert.deepEqual(await keyFiguresOf(env.ctx.db, coordinator, tables.elsewhere), [], 'another network’s table answers nothing');
    });

    test('keyFigureTablesSubquery works inside another query, with its own tenant condition under the tenant guard', async () => {
      const namesFor = async (actor: Actor) =>
        (
          await env.ctx.db
            .selectFrom('partner_tables')
            .select('name')
            .where('tenant_id', '=', actor.tenantId)
            .where((eb) => eb('partner_tables.id', 'in', keyFigureTablesSubquery(eb, actor)))
            .orderBy('name')
            .execute()
        ).map((row) => row.name);
      assert.deepEqual(await namesFor(ada.actor), ['Tafel Noord', 'Tafel Zuid'], 'Ada’s key-figure tables');
      assert.deepEqual(await namesFor(bo.actor), ['Tafel Noord'], 'Bo’s key-figure table');
      assert.deepEqual(await namesFor(minuteTaker.actor), [], 'a minute taker has none');
      const either = await env.ctx.db
        .selectFrom('partner_tables')
        .select('name')
        .where('tenant_id', '=', tenant.tenantId)
        .where((eb) => eb.or([eb('partner_tables.id', 'in', keyFigureTablesSubquery(eb, bo.actor)), eb('partner_tables.name', '=', 'Tafel Leeg')]))
        .orderBy('name')
        .execute();
      assert.deepEqual(
        either.map((row) => row.name),
        ['Tafel Leeg', 'Tafel Noord'],
        'usable under OR, as the cases list combines it with participation',
      );
    });

    test('a removed seat stops counting at the next call', async () => {
      const table = await newTable('Tafel Vertrek', coordinator);
      await seat(table, ada.id, 'key_figure');
      assert.equal(await isKeyFigure(env.ctx.db, ada.actor, table), true, 'seated');
      await removeTableMember({ tableId: table, userId: ada.id, role: 'key_figure' }, coordinator, env.ctx);
      assert.equal(await isKeyFigure(env.ctx.db, ada.actor, table), false, 'isKeyFigure forgets the seat at once');
      assert.ok(!(await keyFigureTableIds(env.ctx.db, ada.actor)).includes(table), 'keyFigureTableIds forgets it too');
      assert.deepEqual(await keyFiguresOf(env.ctx.db, coordinator, table), [], 'and keyFiguresOf');
    });
  });
}
