import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOrganisation } from '../accounts/index.ts';
import { seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { filesUnder, found, pgDump } from '../../test/canary-scan.ts';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, nextTotpCode, TEST_PASSWORD, type TestEnvironment } from '../../test/harness.ts';
import { PageClient, signInWithPages } from '../../test/page-client.ts';

/**
 * The client register's canary (issue 11, "the register holds no plaintext name"): family names with
 * unique markers and birth dates no other value uses go in through the API (JSON and CSV) and the
 * page; then the bytes the database leaves behind (SQLite files with WAL before and after a
 * checkpoint, a pg_dump) and DATA_DIR must not hold one of them, in UTF-8 or UTF-16. A control marker
 * written to a clear column (an organisation's name) IS found by the same scan.
 */

const marker = () => `REGISTER-CANARY-${randomBytes(12).toString('hex')}`;

/** A birth date in a year no other value of the world uses (timestamps are in this century's twenties). */
function oldDate(taken: Set<string>): string {
  for (;;) {
    const date = `19${randomInt(30, 60)}-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;
    if (!taken.has(date)) {
      taken.add(date);
      return date;
    }
  }
}

for (const target of databaseTargets()) {
  describe(`client register canary on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let world: CaseWorld;
    const secrets: Record<string, string> = {};
    let control = '';

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      world = await seedCaseWorld(env.ctx, { password: TEST_PASSWORD });
      const dates = new Set<string>();
      const person = (label: string) => {
        const familyName = marker();
        const birthDate = oldDate(dates);
        secrets[`${label} family name`] = familyName;
        secrets[`${label} birth date`] = birthDate;
        return { familyName, birthDate };
      };
      const json = [person('json 1'), person('json 2')];
      const sent = await app.inject({
        method: 'PUT',
        url: '/api/v1/client-register',
        headers: { ...bearer(world.users.keyFigureThisTable.token), 'content-type': 'application/json' },
        payload: JSON.stringify({ persons: json }),
      });
      assert.equal(sent.statusCode, 200, `the JSON upload is accepted (${sent.body})`);
      const csvPeople = [person('csv 1'), person('csv 2')];
      const csv = await app.inject({
        method: 'PUT',
        url: '/api/v1/client-register',
        headers: { ...bearer(world.users.keyFigureOtherTable.token), 'content-type': 'text/csv' },
        payload: `familyName,birthDate\n${csvPeople.map((p) => `${p.familyName},${p.birthDate}`).join('\n')}\n`,
      });
      assert.equal(csv.statusCode, 200, `the CSV upload is accepted (${csv.body})`);
      const pasted = person('page');
      const user = world.users.careNetwork;
      const client = new PageClient(app);
      await signInWithPages(client, { email: user.email, password: TEST_PASSWORD, code: () => nextTotpCode(user.totpSecret, env.clock) });
      await client.get('/client-register');
      const form = await client.post('/client-register', { csv: `familyName,birthDate\n${pasted.familyName},${pasted.birthDate}\n` });
      assert.equal(form.statusCode, 303, 'the pasted register is accepted');
      // A refused upload must leave no trace either (the names of a failed upload are not kept anywhere).
      const refusedPerson = person('refused');
      const refused = await app.inject({
        method: 'PUT',
        url: '/api/v1/client-register',
        headers: { ...bearer(world.users.outsider.token), 'content-type': 'application/json' },
        payload: JSON.stringify({ persons: [refusedPerson, { familyName: 'x', birthDate: '3000-01-01' }] }),
      });
      assert.equal(refused.statusCode, 400, 'the upload with a bad row is refused');
      control = marker();
      await createOrganisation(
        { input: { name: control, sector: 'community', secrecyRegime: 'discretion' } },
        env.ctx.system.operatorActor({ id: world.tenant.tenantId }),
        env.ctx,
      );
      const entries = await env.database.handle.db.selectFrom('client_register_entries').select('id').execute();
      assert.equal(entries.length, 5, 'the five accepted people are in the registers (as blind indexes)');
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    const assertScan = (blobs: { name: string; bytes: Buffer }[], where: string) => {
      assert.deepEqual(found(blobs, { control }), ['control'], `${where}: the control marker in a clear column is found (the scan works)`);
      assert.deepEqual(found(blobs, secrets), [], `${where}: no family name or birth date of a register is stored`);
    };

    if (target.kind === 'sqlite') {
      test('no name or birth date in the SQLite files (database, WAL) before and after a checkpoint, nor in DATA_DIR', () => {
        const databaseDirectory = path.dirname(env.database.location);
        const wal = `${env.database.location}-wal`;
        assert.ok(existsSync(wal) && statSync(wal).size > 0, 'the WAL holds recent writes before the checkpoint');
        assertScan([...filesUnder(databaseDirectory), ...filesUnder(env.ctx.config.dataDir)], 'before the checkpoint');
        env.database.handle.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
        assertScan(filesUnder(databaseDirectory), 'after the checkpoint');
      });
    } else {
      test('no name or birth date in a pg_dump of the database, nor in DATA_DIR', async () => {
        const dump = { name: 'pg_dump', bytes: await pgDump(env.database.location) };
        assertScan([dump, ...filesUnder(env.ctx.config.dataDir)], 'pg_dump and DATA_DIR');
      });
    }
  });
}
