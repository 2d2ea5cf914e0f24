/**
 * Anonymous denials are throttled and aggregated (record-denial.ts): a flood of CSRF-less posts
 * leaves a bounded number of audit events whose counts add up to every denial; authenticated
 * denials stay one event each; the client address is stored only as a keyed hash.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { bearer, createTestApp, createTestEnvironment, seedTenant, seedUser, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';
import { flushDenialCounters } from './record-denial.ts';
import { auditEvents } from '../../test/audit-events.ts';

const ADDRESSES = ['198.51.100.7', '198.51.100.8', '2001:db8::9'];

for (const target of databaseTargets()) {
  describe(`denials of unauthenticated clients are aggregated on ${target.kind}`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tenant: SeededTenant;

    before(async () => {
      env = await createTestEnvironment(target);
      app = await createTestApp(env.ctx);
      tenant = await seedTenant(env.ctx);
    });
    after(async () => {
      await app.close();
      await env.dispose();
    });

    const denialEvents = async () =>
      (
        await auditEvents(env.database.handle.db)
          .select(['id', 'action', 'details', 'actor_user_id', 'resource_id'])
          .where('action', 'in', ['access.denied', 'access.denied_aggregated'])
          .execute()
      ).map((row) => ({ ...row, details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : {} }));

    /**
     * The events written since `before`, by id: with a chain per network, an event of the network's
     * chain and one of the installation's can share a moment (the clock stands still), so a position
     * in the trail's order says nothing about which came later.
     */
    const since = async (before: Awaited<ReturnType<typeof denialEvents>>) => {
      const seen = new Set(before.map((event) => event.id));
      return (await denialEvents()).filter((event) => !seen.has(event.id));
    };

    /** Every denial an event stands for: 1 for access.denied, `count` for an aggregated one. */
    const denialsIn = (events: Awaited<ReturnType<typeof denialEvents>>) =>
      events.reduce((sum, event) => sum + (event.action === 'access.denied' ? 1 : Number(event.details.count)), 0);

    test('200 anonymous CSRF-less sign-in posts from three addresses over two minutes: few events, counts sum to 200', async () => {
      const before = await denialEvents();
      const post = (address: string) =>
        app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: address, payload: { email: 'x@y.z', password: 'nothing at all' } });
      for (let i = 0; i < 120; i += 1) {
        const response = await post(ADDRESSES[i % 3]!);
        assert.equal(response.statusCode, 403, 'a post without CSRF token is refused');
      }
      env.clock.advance(60_000);
      for (let i = 0; i < 80; i += 1) assert.equal((await post(ADDRESSES[i % 3]!)).statusCode, 403, 'still refused in the next minute');
      const counters = await env.database.handle.db.selectFrom('denial_counters').selectAll().execute();
      assert.ok(counters.length > 0, 'the current minute is counted, not yet written');
      for (const counter of counters) {
        assert.match(counter.address_hash, /^[0-9a-f]{64}$/, 'the address is kept as a keyed hash');
        assert.ok(!ADDRESSES.some((address) => counter.address_hash.includes(address)), 'never in clear');
      }
      env.clock.advance(60_000);
      const flushed = await flushDenialCounters(env.ctx);
      assert.ok(flushed > 0, 'the finished minute is written as aggregated events');
      assert.equal((await env.database.handle.db.selectFrom('denial_counters').selectAll().execute()).length, 0, 'no counter is left behind');

      const events = await since(before);
      assert.equal(denialsIn(events), 200, 'the events account for every one of the 200 denials');
      assert.ok(events.length <= 3 * 2 + 2 * 1, `bounded: one event per address and minute plus one aggregate per minute (got ${events.length})`);
      const individual = events.filter((event) => event.action === 'access.denied');
      assert.equal(individual.length, 6, 'the first denial of each address in each minute is an event of its own');
      const aggregated = events.filter((event) => event.action === 'access.denied_aggregated');
      assert.equal(aggregated.length, 2, 'one aggregated event per minute for the route');
      for (const event of aggregated) {
        assert.equal(event.details.route, 'POST /api/v1/auth/login', 'the aggregate names the route');
        assert.match(String(event.details.minute), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'and the minute');
        assert.equal(event.details.addresses, 3, 'and how many addresses, not which');
        assert.ok(!JSON.stringify(event.details).includes('198.51.100'), 'no address in the trail');
      }
      const verification = await verifyAuditChain(env.ctx);
      assert.ok(verification.ok, 'the chain with aggregated events verifies');
    });

    test('authenticated denials stay one event each', async () => {
      const member = await seedUser(env.ctx, tenant, ['professional']);
      const before = await denialEvents();
      for (let i = 0; i < 5; i += 1) {
        const response = await app.inject({ url: '/api/v1/users', headers: bearer(member.token) });
        assert.equal(response.statusCode, 403, 'a professional may not list users');
      }
      const events = await since(before);
      assert.equal(events.length, 5, 'five denials, five events');
      assert.ok(
        events.every((event) => event.action === 'access.denied' && event.actor_user_id === member.id),
        'each names the user who was refused',
      );
    });

    test('counters still open at shutdown are written when the app closes', async () => {
      const local = await createTestApp(env.ctx);
      const before = await denialEvents();
      for (let i = 0; i < 4; i += 1)
        await local.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '203.0.113.5', payload: { email: 'x@y.z', password: 'p' } });
      await local.close();
      const events = await since(before);
      assert.equal(denialsIn(events), 4, 'all four denials are in the trail after shutdown');
      assert.equal(events.length, 2, 'one event and one aggregate');
    });
  });
}
