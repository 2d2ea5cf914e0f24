import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppContext } from '../../context.ts';
import { newId } from '../../platform/ids.ts';
import { caseReadEvent } from '../../test/audit-events.ts';
import { databaseTargets } from '../../test/databases.ts';
import { actorFor, createTestEnvironment, secondNode, type TestEnvironment } from '../../test/harness.ts';
import { listAuditEvents } from './audit.queries.ts';
import { AuditLogClosedError, type AuditLogSeams } from './audit-log.ts';
import { appendAuditEvent, draftOf, recordAuditEvent } from './record-audit-event.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

/**
 * One audit chain per tenant (ADR 0024): heads claimed by compare-and-set, events written alone
 * group-committed per chain, a failing batch failing every caller, other writers (a second node,
 * the CLI) moving the head between two appends, midnight per chain, and verification naming the
 * chain of a break.
 */

const DAY_MS = 24 * 3600_000;

async function chainRows(env: TestEnvironment, chain: string) {
  const rows = await env.database.handle.db
    .selectFrom('audit_events')
    .select(['day', 'seq', 'resource_id', 'tenant_id'])
    .where('chain', '=', chain)
    .orderBy('day')
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({ day: row.day, seq: Number(row.seq), label: row.resource_id, tenantId: row.tenant_id }));
}

/** A context on its own connection (another node) whose every statement is recorded. */
function loggedContext(env: TestEnvironment, statements: string[], seams?: AuditLogSeams): AppContext {
  const { ctx } = secondNode(env, seams ? { auditSeams: seams } : {});
  ctx.handle.observeStatements((query) => statements.push(query.sql));
  return ctx;
}

async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.audit.close();
  await ctx.handle.close();
}

for (const target of databaseTargets()) {
  describe(`audit chains per tenant on ${target.kind}`, () => {
    let env: TestEnvironment;
    before(async () => {
      env = await createTestEnvironment(target);
    });
    after(() => env.dispose());

    test('concurrent appends of two networks form two valid chains, each with only its own events', async () => {
      const [a, b] = [newId(), newId()];
      const appends: Promise<string>[] = [];
      for (let index = 0; index < 12; index++) {
        appends.push(appendAuditEvent(env.ctx, caseReadEvent(index % 2 === 0 ? a : b, `read-${index}`)));
        if (index % 4 === 0) {
          appends.push(
            env.ctx.db.transaction().execute((trx) => recordAuditEvent(trx, env.ctx, caseReadEvent(index % 3 === 0 ? a : b, `change-${index}`))),
          );
        }
      }
      await Promise.all(appends);
      for (const chain of [a, b]) {
        const rows = await chainRows(env, chain);
        assert.ok(rows.length >= 6, `chain ${chain} should hold its network's events, found ${rows.length}`);
        assert.deepEqual(
          rows.map((row) => row.seq),
          rows.map((_, index) => index + 1),
          `the seqs of chain ${chain} should be consecutive from 1`,
        );
        assert.ok(
          rows.every((row) => row.tenantId === chain),
          `chain ${chain} should hold no other network's event`,
        );
      }
      const verification = await verifyAuditChain(env.ctx);
      assert.equal(verification.ok, true, `both chains should verify: ${JSON.stringify(verification.firstBreak)}`);
      const names = verification.chains.map((chain) => chain.chain);
      assert.ok(names.includes(a) && names.includes(b), `verify should report both chains, reported ${names.join(', ')}`);
    });

    test('k reads written alone at once become k consecutive events in one transaction: one claim, one insert, one commit', async () => {
      const tenant = newId();
      const statements: string[] = [];
      const ctx = loggedContext(env, statements);
      try {
        await appendAuditEvent(ctx, caseReadEvent(tenant, 'warm-up'));
        statements.length = 0;
        const k = 8;
        const ids = await Promise.all(Array.from({ length: k }, (_, index) => appendAuditEvent(ctx, caseReadEvent(tenant, `batched-${index}`))));
        assert.equal(new Set(ids).size, k, 'every caller should get its own event id');
        const rows = await chainRows(env, tenant);
        assert.deepEqual(
          rows.map((row) => [row.seq, row.label]),
          [[1, 'warm-up'], ...Array.from({ length: k }, (_, index) => [index + 2, `batched-${index}`])],
          'the k events should follow the first with consecutive seqs, in the order they were queued',
        );
        const kinds = statements.map((statement) => statement.trim().split(/\s+/).slice(0, 3).join(' ').toLowerCase());
        assert.deepEqual(
          kinds,
          ['begin', 'update "audit_segments" set', 'insert into "audit_events"', 'commit'],
          `the batch should run exactly begin, the head claim, one insert and commit; ran ${statements.join(' | ')}`,
        );
      } finally {
        await closeContext(ctx);
      }
    });

    test('a failing batch rejects every caller in it and writes nothing; the next batch writes a valid chain', async () => {
      const tenant = newId();
      await appendAuditEvent(env.ctx, caseReadEvent(tenant, 'before'));
      const failing = loggedContext(env, [], {
        beforeCommit: async () => {
          throw new Error('injected batch failure');
        },
      });
      try {
        const results = await Promise.allSettled([1, 2, 3].map((index) => appendAuditEvent(failing, caseReadEvent(tenant, `lost-${index}`))));
        assert.deepEqual(
          results.map((result) => (result.status === 'rejected' ? String((result.reason as Error).message) : 'resolved')),
          ['injected batch failure', 'injected batch failure', 'injected batch failure'],
          'every caller of the failed batch should be rejected with its error',
        );
      } finally {
        await closeContext(failing);
      }
      assert.deepEqual(
        (await chainRows(env, tenant)).map((row) => row.label),
        ['before'],
        'nothing of the failed batch should be written',
      );
      await appendAuditEvent(env.ctx, caseReadEvent(tenant, 'after'));
      assert.deepEqual(
        (await chainRows(env, tenant)).map((row) => [row.seq, row.label]),
        [
          [1, 'before'],
          [2, 'after'],
        ],
        'the next event should take the seq after the last committed one',
      );
      const verification = await verifyAuditChain(env.ctx);
      assert.equal(verification.ok, true, `the chain should verify: ${JSON.stringify(verification.firstBreak)}`);
    });

    test('another writer moving the head between two appends (a second node, the CLI) is claimed around; the chain stays valid', async () => {
      const tenant = newId();
      const other = secondNode(env);
      try {
        await appendAuditEvent(env.ctx, caseReadEvent(tenant, 'node 1, first'));
        await appendAuditEvent(other.ctx, caseReadEvent(tenant, 'node 2'));
        await env.ctx.db.transaction().execute((trx) => recordAuditEvent(trx, env.ctx, caseReadEvent(tenant, 'node 1, in a change')));
        // A change of node 1 rolls back after its event moved node 1's cached head ahead …
        await assert.rejects(
          env.ctx.db.transaction().execute(async (trx) => {
            await recordAuditEvent(trx, env.ctx, caseReadEvent(tenant, 'rolled back'));
            throw new Error('the change fails');
          }),
          /the change fails/,
          'the change should roll back with its event',
        );
        // … and node 2 then takes that very seq with another MAC: only the MAC in the claim tells them apart.
        await appendAuditEvent(other.ctx, caseReadEvent(tenant, 'node 2, same seq as the rolled-back one'));
        await appendAuditEvent(env.ctx, caseReadEvent(tenant, 'node 1, last'));
        assert.deepEqual(
          (await chainRows(env, tenant)).map((row) => [row.seq, row.label]),
          [
            [1, 'node 1, first'],
            [2, 'node 2'],
            [3, 'node 1, in a change'],
            [4, 'node 2, same seq as the rolled-back one'],
            [5, 'node 1, last'],
          ],
          'both nodes should append in turn with consecutive seqs, the rolled-back event nowhere',
        );
        const verification = await verifyAuditChain(env.ctx);
        assert.equal(verification.ok, true, `the chain should verify: ${JSON.stringify(verification.firstBreak)}`);
      } finally {
        await other.close();
      }
    });

    test('midnight rolls each chain over on its own, linking to its own previous day, also for a node with a stale head', async () => {
      const [a, b] = [newId(), newId()];
      const other = secondNode(env);
      try {
        const firstDay = env.clock.now().toISOString().slice(0, 10);
        await appendAuditEvent(env.ctx, caseReadEvent(a, 'a1'));
        await appendAuditEvent(other.ctx, caseReadEvent(a, 'a2 by node 2'));
        await appendAuditEvent(env.ctx, caseReadEvent(b, 'b1'));
        env.clock.advance(DAY_MS);
        const secondDay = env.clock.now().toISOString().slice(0, 10);
        await appendAuditEvent(env.ctx, caseReadEvent(a, 'a3'));
        // Node 2 still holds a's first day as its head: its claim finds the day closed and reads again.
        await appendAuditEvent(other.ctx, caseReadEvent(a, 'a4 by node 2'));
        // A writer whose clock is still before midnight joins a's new day, but b's old one.
        env.clock.advance(-(DAY_MS - 1000));
        await appendAuditEvent(env.ctx, caseReadEvent(a, 'a5 late'));
        await appendAuditEvent(env.ctx, caseReadEvent(b, 'b2 late'));
        env.clock.advance(DAY_MS - 1000);
        await appendAuditEvent(env.ctx, caseReadEvent(b, 'b3'));
        assert.deepEqual(
          (await chainRows(env, a)).map((row) => [row.day, row.seq, row.label]),
          [
            [firstDay, 1, 'a1'],
            [firstDay, 2, 'a2 by node 2'],
            [secondDay, 1, 'a3'],
            [secondDay, 2, 'a4 by node 2'],
            [secondDay, 3, 'a5 late'],
          ],
          "network a's chain should roll over once, late events joining its new day",
        );
        assert.deepEqual(
          (await chainRows(env, b)).map((row) => [row.day, row.seq, row.label]),
          [
            [firstDay, 1, 'b1'],
            [firstDay, 2, 'b2 late'],
            [secondDay, 1, 'b3'],
          ],
          "network b's chain should keep its own day until its own first event after midnight",
        );
        const segments = (await env.ctx.system.auditSegments()).filter((segment) => segment.chain === a || segment.chain === b);
        for (const chain of [a, b]) {
          const [old, fresh] = segments.filter((segment) => segment.chain === chain);
          assert.equal(old?.next_day, secondDay, `chain ${chain}'s first day should be closed by its second`);
          assert.equal(fresh?.previous_day, firstDay, `chain ${chain}'s second day should link to its own first day`);
          assert.equal(fresh?.previous_last_mac, old?.last_mac, `chain ${chain}'s second day should link to its own first day's last MAC`);
        }
        const verification = await verifyAuditChain(env.ctx);
        assert.equal(verification.ok, true, `every chain should verify: ${JSON.stringify(verification.firstBreak)}`);
      } finally {
        await other.close();
      }
    });

    test("verify names the chain of a tampered event, and an event of network a put in network b's chain", async () => {
      const [a, b] = [newId(), newId()];
      await appendAuditEvent(env.ctx, caseReadEvent(a, 'a1'));
      await appendAuditEvent(env.ctx, caseReadEvent(b, 'b1'));
      await appendAuditEvent(env.ctx, caseReadEvent(b, 'b2'));
      // A writer bug (or someone with the key): a's event with a valid MAC in b's chain.
      const misplaced = await env.ctx.audit.append({ ...draftOf(env.ctx, caseReadEvent(a, 'a in b')), chain: b });
      const found = await verifyAuditChain(env.ctx);
      assert.equal(found.ok, false, 'the misplaced event should break verification');
      assert.deepEqual(
        found.firstBreak && { kind: found.firstBreak.kind, chain: found.firstBreak.chain, eventId: found.firstBreak.eventId },
        { kind: 'misplaced', chain: b, eventId: misplaced },
        "the break should be named as misplaced, in b's chain",
      );
      assert.equal(found.chains.find((chain) => chain.chain === a)?.ok, true, "a's chain should still verify");
    });

    test("the trail's order is total where the installation chain's old events and the network's chain meet", async () => {
      const tenant = newId();
      const twin = (chain: string, id: string) => ({
        id,
        chain,
        day: '2026-01-01',
        seq: 1,
        occurred_at: '2026-01-01T08:00:00.000Z',
        tenant_id: tenant,
        actor_roles: 'admin',
        action: 'user.updated',
        resource_type: 'user',
        decision: 'permit',
        mac: 'for the order only',
      });
      // Same moment, day and seq: one written before the migration (installation chain), one after.
      await env.database.handle.db
        .insertInto('audit_events')
        .values([twin('installation', newId()), twin(tenant, newId())])
        .execute();
      const dpo = actorFor({ tenantId: tenant, userId: newId(), organisationId: newId(), roles: ['dpo'] });
      const first = await listAuditEvents(env.ctx.db, dpo, {}, 1);
      assert.ok(first.nextCursor, 'a page of one should be followed by another');
      const second = await listAuditEvents(env.ctx.db, dpo, { cursor: first.nextCursor }, 1);
      assert.deepEqual(
        [first.rows[0]?.chain, second.rows[0]?.chain],
        ['installation', tenant].sort().reverse(),
        'the two pages should hold both events, newest first by (time, day, seq, chain), neither twice',
      );
      assert.equal(second.nextCursor, null, 'nothing should follow the second event');
    });

    test('a closed audit log writes what was queued and refuses more', async () => {
      const tenant = newId();
      const ctx = loggedContext(env, []);
      const queued = appendAuditEvent(ctx, caseReadEvent(tenant, 'queued before close'));
      await ctx.audit.close();
      assert.ok(await queued, 'the event queued before closing should be written');
      await assert.rejects(appendAuditEvent(ctx, caseReadEvent(tenant, 'too late')), AuditLogClosedError, 'an event after closing should be refused');
      await ctx.handle.close();
      assert.deepEqual(
        (await chainRows(env, tenant)).map((row) => row.label),
        ['queued before close'],
        'only the event queued before closing should be in the chain',
      );
    });
  });
}
