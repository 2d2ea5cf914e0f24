import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { AuditInsideTransactionError } from './audit-log.ts';
import { ANONYMOUS, appendAuditEvent, recordAuditEvent } from './record-audit-event.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

for (const target of databaseTargets()) {
  describe(`audit chain across midnight on ${target.kind}`, () => {
    let env: TestEnvironment;
    before(async () => {
      env = await createTestEnvironment(target);
    });
    after(() => env.dispose());

    const append = (resourceId: string) =>
      env.ctx.db.transaction().execute((trx) =>
        recordAuditEvent(trx, env.ctx, {
          subject: ANONYMOUS,
          action: 'auth.sign_in_failed',
          resource: { type: 'session', id: resourceId },
          decision: 'deny',
        }),
      );

    test('an event stamped before midnight that commits after the next day began joins the new day; the chain holds', async () => {
      await append('first day');
      env.clock.advance(24 * 3600 * 1000);
      await append('second day');
      env.clock.advance(-(24 * 3600 * 1000 - 1000));
      await append('late writer of the first day');
      // The chain's own order (day, seq), not auditEvents()'s reading order: here a late writer's time is older than the chain's last.
      const rows = await env.database.handle.db
        .selectFrom('audit_events')
        .select(['day', 'seq', 'resource_id', 'occurred_at'])
        .orderBy('day')
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        rows.map((row) => [row.day, Number(row.seq), row.resource_id]),
        [
          ['2026-01-05', 1, 'first day'],
          ['2026-01-06', 1, 'second day'],
          ['2026-01-06', 2, 'late writer of the first day'],
        ],
        'rows.map((row) => [row.day, Number(row.seq), row.resource_id]) is exactly the 3 expected entries',
      );
      assert.ok(rows[2]!.occurred_at.startsWith('2026-01-05'), 'the time itself is kept as read');
      const verification = await verifyAuditChain(env.ctx);
      assert.equal(verification.ok, true, JSON.stringify(verification.firstBreak));
      assert.equal(verification.segments, 2, 'verification.segments is 2');
    });

    // The timeout turns a regression into a failure: on SQLite the append would wait for ever.
    test(
      'an event written alone from inside a transaction is refused at once, not left waiting for the connection',
      { timeout: 30_000 },
      async () => {
        const event = { subject: ANONYMOUS, action: 'auth.sign_in_failed', resource: { type: 'session', id: 'inside' }, decision: 'deny' } as const;
        const before = await env.database.handle.db.selectFrom('audit_events').select('id').execute();
        await assert.rejects(
          env.ctx.db.transaction().execute(() => appendAuditEvent(env.ctx, event)),
          AuditInsideTransactionError,
          'appendAuditEvent inside a transaction rejects with AuditInsideTransactionError',
        );
        await assert.rejects(
          env.ctx.db
            .transaction()
            .setIsolationLevel('serializable')
            .execute(() => appendAuditEvent(env.ctx, event)),
          AuditInsideTransactionError,
          'a transaction with an isolation level is marked too',
        );
        const after = await env.database.handle.db.selectFrom('audit_events').select('id').execute();
        assert.equal(after.length, before.length, 'nothing was written by the refused appends');
        const id = await appendAuditEvent(env.ctx, { ...event, resource: { type: 'session', id: 'outside' } });
        const written = await env.database.handle.db.selectFrom('audit_events').select('resource_id').where('id', '=', id).executeTakeFirst();
        assert.equal(written?.resource_id, 'outside', 'outside a transaction the same call writes its event');
      },
    );
  });
}
