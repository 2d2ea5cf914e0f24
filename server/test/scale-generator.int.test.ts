import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { generateScaleData, HISTORY_END, READ_CASE_ITEMS, type GeneratedNetwork } from '../../bench/scale/generate.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/schema.ts';
import { fieldOpener } from '../db/sealing.ts';
import { createApiToken } from '../modules/accounts/index.ts';
import { verifyAuditChain } from '../modules/audit/index.ts';
import { databaseTargets } from './databases.ts';
import { bearer, createTestApp, createTestEnvironment, type TestEnvironment } from './harness.ts';

/** Tiny sizes: the bench's generator proves here that what it writes is deterministic and the app's own. */
const SIZES = { cases: 30, events: 700, seed: 'scale-generator-test' };

/** Tables the generator fills, with the order that makes a listing stable. */
const FINGERPRINT_TABLES: readonly [keyof Database, string[]][] = [
  ['tenants', ['id']],
  ['organisations', ['id']],
  ['users', ['id']],
  ['user_roles', ['user_id', 'role']],
  ['partner_tables', ['id']],
  ['table_members', ['table_id', 'user_id']],
  ['case_sequences', ['tenant_id', 'year']],
  ['signal_sequences', ['tenant_id', 'year']],
  ['cases', ['id']],
  ['case_persons', ['id']],
  ['case_participants', ['case_id', 'user_id']],
  ['case_consents', ['id']],
  ['case_items', ['id']],
  ['case_events', ['id']],
  ['signals', ['id']],
  ['meetings', ['id']],
  ['meeting_agenda_items', ['id']],
  ['plan_objectives', ['id']],
  ['plan_agreements', ['id']],
  ['audit_events', ['chain', 'day', 'seq']],
  ['audit_segments', ['chain', 'day']],
];

/**
 * A digest of every generated row: sealed columns replaced by their opened plaintext where the
 * test opens them (item bodies, case summaries), left out elsewhere (their IVs are random by design),
 * as are blind indexes (keyed with the tenant's random blind-index key).
 */
async function fingerprint(ctx: AppContext, tenantId: string): Promise<{ digest: string; rows: number }> {
  const hash = createHash('sha256');
  const opener = fieldOpener(ctx, tenantId);
  let rows = 0;
  for (const [table, order] of FINGERPRINT_TABLES) {
    let query = ctx.handle.db.selectFrom(table).selectAll();
    for (const column of order) query = query.orderBy(column as never);
    if (table === 'audit_events' || table === 'audit_segments') query = query.where('day' as never, '<=', HISTORY_END as never);
    for (const row of (await query.execute()) as Record<string, unknown>[]) {
      const plain: Record<string, unknown> = {};
      for (const [column, value] of Object.entries(row)) {
        // Sealed values and blind indexes depend on the tenant's keys, made at random on first use.
        if (column.endsWith('_sealed') || column === 'blind_index') continue;
        plain[column] = value === null ? null : String(value);
      }
      if (table === 'case_items' && row.tenant_id === tenantId)
        plain.body = await opener.open('case_items', String(row.id), 'body', String(row.body_sealed));
      if (table === 'cases' && row.tenant_id === tenantId)
        plain.summary = await opener.open('cases', String(row.id), 'summary', String(row.summary_sealed));
      hash.update(`${table}:${JSON.stringify(plain)}\n`);
      rows += 1;
    }
  }
  return { digest: hash.digest('hex'), rows };
}

for (const target of databaseTargets()) {
  describe(`scale bench generator on ${target.kind}`, () => {
    let first: TestEnvironment;
    let second: TestEnvironment;
    let network: GeneratedNetwork;
    let again: GeneratedNetwork;
    let app: FastifyInstance;

    before(async () => {
      first = await createTestEnvironment(target);
      second = await createTestEnvironment(target);
      network = await generateScaleData(first.ctx, SIZES);
      // The same master key, so that even the audit MACs must come out the same.
      again = await generateScaleData({ ...second.ctx, masterKey: first.ctx.masterKey }, SIZES);
      app = await createTestApp(first.ctx);
    });

    after(async () => {
      await app?.close();
      await first?.dispose();
      await second?.dispose();
    });

    test('the same seed and sizes give the same rows, ids, relations, plaintexts and audit chain', async () => {
      assert.deepEqual(again, network, 'the second run should describe the same network (ids, chosen cases and users, row counts)');
      const [one, two] = [await fingerprint(first.ctx, network.tenantId), await fingerprint(second.ctx, again.tenantId)];
      assert.ok(one.rows > SIZES.events, `the fingerprint should cover the generated rows, covered ${one.rows}`);
      assert.equal(one.rows, two.rows, 'both runs should have written as many rows');
      assert.equal(one.digest, two.digest, 'both runs should have written the same rows');
    });

    test('a different seed gives other data', async () => {
      const third = await createTestEnvironment(target);
      try {
        const other = await generateScaleData(third.ctx, { ...SIZES, seed: 'another seed' });
        assert.notEqual(other.tenantId, network.tenantId, 'another seed should give the network another id');
        assert.notEqual(
          (await fingerprint(third.ctx, other.tenantId)).digest,
          (await fingerprint(first.ctx, network.tenantId)).digest,
          'another seed should give other rows',
        );
      } finally {
        await third.dispose();
      }
    });

    test('the audit chain verifies, with the generated events and the app’s own events after them', async () => {
      const generated = await verifyAuditChain(first.ctx);
      assert.equal(generated.ok, true, `the generated chain should verify, broke at ${JSON.stringify(generated.firstBreak)}`);
      assert.equal(generated.events, SIZES.events, 'every generated event should be in the chain');
      assert.ok(generated.lastDay! <= HISTORY_END, 'the generated history should end by HISTORY_END');
      // The app writes its own event (the token) on a later day; the chain stays whole.
      await createApiToken({ email: network.users.coordinator.email, name: 'chain check', tenantId: network.tenantId }, first.ctx);
      const extended = await verifyAuditChain(first.ctx);
      assert.equal(extended.ok, true, `the chain with the app's own event should verify, broke at ${JSON.stringify(extended.firstBreak)}`);
      assert.equal(extended.events, SIZES.events + 1, 'the app should have added exactly one event to the chain');
    });

    test('the app reads a generated case’s items, decrypted, for a participant, and lists only that participant’s three cases', async () => {
      const { token } = await createApiToken({ email: network.users.threeCases.email, name: 'reader', tenantId: network.tenantId }, first.ctx);
      const items = await app.inject({ method: 'GET', url: `/api/v1/cases/${network.threeCaseIds[0]}/items`, headers: bearer(token) });
      assert.equal(items.statusCode, 200, `the participant should read the items: ${items.body}`);
      const bodies = (items.json().data as { body: string }[]).map((item) => item.body);
      assert.equal(bodies.length, READ_CASE_ITEMS, `the participant should read all ${READ_CASE_ITEMS} items`);
      assert.ok(
        bodies.every((body) => /\(item \d+ of case \d+\)$/.test(body)),
        'every body should be the generated plaintext, opened by the app',
      );
      const list = await app.inject({ method: 'GET', url: '/api/v1/cases?limit=200', headers: bearer(token) });
      assert.equal(list.statusCode, 200, `the participant should list cases: ${list.body}`);
      const ids = (list.json().data as { id: string }[]).map((entry) => entry.id).sort();
      assert.deepEqual(ids, [...network.threeCaseIds].sort(), 'the three-case professional should see exactly their three cases');
    });

    test('each network sees only its own cases; the reference search finds exactly one case', async () => {
      const { token: otherToken } = await createApiToken(
        { email: network.users.otherCoordinator.email, name: 'scope', tenantId: network.otherTenantId },
        first.ctx,
      );
      const other = await app.inject({ method: 'GET', url: '/api/v1/cases?limit=200', headers: bearer(otherToken) });
      assert.equal(other.statusCode, 200, `the small network's coordinator should list cases: ${other.body}`);
      const otherIds = new Set((other.json().data as { id: string }[]).map((entry) => entry.id));
      assert.equal(otherIds.size, 10, 'the small network should hold its ten cases');
      assert.ok(!network.threeCaseIds.some((id) => otherIds.has(id)), 'no case of the big network should show in the small one');
      const { token } = await createApiToken({ email: network.users.coordinator.email, name: 'search', tenantId: network.tenantId }, first.ctx);
      const found = await app.inject({
        method: 'GET',
        url: `/api/v1/cases?q=${encodeURIComponent(network.searchReference)}`,
        headers: bearer(token),
      });
      assert.equal(found.statusCode, 200, `the reference search should answer: ${found.body}`);
      assert.deepEqual(
        (found.json().data as { reference: string }[]).map((entry) => entry.reference),
        [network.searchReference],
        'the search reference should match exactly one case',
      );
    });

    test('the DPO reads the generated access report of a case and the trail of a user', async () => {
      const { token } = await createApiToken({ email: network.users.dpo.email, name: 'dpo', tenantId: network.tenantId }, first.ctx);
      const report = await app.inject({ method: 'GET', url: `/api/v1/audit/access-report?caseId=${network.reportCaseId}`, headers: bearer(token) });
      assert.equal(report.statusCode, 200, `the DPO should read the access report: ${report.body}`);
      const trail = await app.inject({ method: 'GET', url: `/api/v1/audit/events?userId=${network.trailUserId}`, headers: bearer(token) });
      assert.equal(trail.statusCode, 200, `the DPO should read the trail: ${trail.body}`);
      const events = trail.json().data as { actor: { userId: string } }[];
      assert.ok(events.length > 0, 'the generated trail should hold events of the user');
      assert.ok(
        events.every((event) => event.actor.userId === network.trailUserId),
        'the filtered trail should hold only the user’s events',
      );
    });
  });
}
