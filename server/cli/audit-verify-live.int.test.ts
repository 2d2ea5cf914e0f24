import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { recordAuditEvent, verifyAuditChain } from '../modules/audit/index.ts';
import { databaseTargets } from '../test/databases.ts';
import { createTestEnvironment, secondNode, seedTenant, type SeededTenant, type TestEnvironment } from '../test/harness.ts';

/**
 * `partnertafel audit verify` on a live installation: another node (another connection) keeps
 * appending audited events while the trail is verified. Each verification must read one consistent
 * snapshot — before, it read the segment heads and then the events, and took the events committed
 * in between for inserted ones (a false alarm of tampering, about one verification in four).
 */
const VERIFICATIONS = 20;

for (const target of databaseTargets()) {
  describe(`audit verify while another node writes, on ${target.kind}`, () => {
    let env: TestEnvironment;
    let tenant: SeededTenant;

    before(async () => {
      env = await createTestEnvironment(target);
      tenant = await seedTenant(env.ctx);
    });
    after(() => env.dispose());

    test('every verification finds the chain intact while events keep being appended', async () => {
      const node = secondNode(env);
      let writing = true;
      let written = 0;
      const writer = (async () => {
        while (writing) {
          await node.ctx.db.transaction().execute((trx) =>
            recordAuditEvent(trx, node.ctx, {
              subject: { tenantId: tenant.tenantId, userId: null, organisationId: null, roles: [] },
              action: 'tenant.created',
              resource: { type: 'tenant', id: tenant.tenantId },
            }),
          );
          written += 1;
          // better-sqlite3 answers synchronously: without a real yield this loop would starve the timers.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const verdicts = [];
      try {
        for (let round = 0; round < VERIFICATIONS; round += 1) {
          const verification = await verifyAuditChain(env.ctx);
          verdicts.push(verification.ok ? 'intact' : JSON.stringify(verification.firstBreak));
          // Let the writer in between the verifications on the one SQLite file as well.
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      } finally {
        writing = false;
        await writer;
        await node.close();
      }
      assert.ok(written > 0, 'the other node should have appended events during the verifications');
      assert.deepEqual(
        verdicts,
        Array<string>(VERIFICATIONS).fill('intact'),
        'no verification should report a break that is only a concurrent append',
      );
      const final = await verifyAuditChain(env.ctx);
      assert.equal(final.ok, true, 'the chain should verify once the writes stopped');
    });
  });
}
