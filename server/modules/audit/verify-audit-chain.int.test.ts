import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompiledQuery } from 'kysely';
import { newId } from '../../platform/ids.ts';
import { caseReadEvent } from '../../test/audit-events.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { deriveAuditKey, eventMacOfContent, genesisMac, TextMac } from './audit-chain.ts';
import { draftOf } from './record-audit-event.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

/**
 * `audit verify` reads a chain in pages (day, seq) and checks each event against its stored
 * predecessor; at the first event that does not fit, the day is read whole and classified by
 * verifySegment. With pages of 5 events, days of 12, 23 and 7 events span many pages and pages span
 * days; every tampering below is in a later page, and must be named exactly as verifySegment names it.
 */

const DAY_MS = 24 * 3600_000;
const PAGE = 5;
const DAY_SIZES = [12, 23, 7] as const;

/** The statement that reads a day whole for verifySegment (systemAccess.auditEventsOfDay). */
const WHOLE_DAY_READ = /from "audit_events" where "chain" = \S+ and "day" = \S+ order by "seq"/;

/** Text a database might spell otherwise than JSON.stringify: quotes, escapes, control and non-ASCII characters. */
const AWKWARD = 'quote " backslash \\ slash / tab \t newline \n return \r bell \u0007 escape \u001b é ß 漢字 😀 \u2028';

for (const target of databaseTargets()) {
  describe(`audit verify in pages on ${target.kind}`, () => {
    let env: TestEnvironment;
    const raw = () => env.database.handle.db;

    before(async () => {
      env = await createTestEnvironment(target);
      // An attacker with database rights: the append-only guard is off for the tampering below.
      const statements =
        target.kind === 'postgres'
          ? ['alter table audit_events disable trigger user']
          : ['drop trigger audit_events_no_update', 'drop trigger audit_events_no_delete'];
      for (const statement of statements) await raw().executeQuery(CompiledQuery.raw(statement));
    });
    after(() => env.dispose());

    /** A network's chain of three days of DAY_SIZES events; returns the chain and its days. */
    async function seedChain(): Promise<{ chain: string; days: string[] }> {
      const chain = newId();
      const days: string[] = [];
      for (const [dayIndex, size] of DAY_SIZES.entries()) {
        env.clock.advance(DAY_MS);
        days.push(env.clock.now().toISOString().slice(0, 10));
        const drafts = Array.from({ length: size }, (_, index) =>
          draftOf(
            env.ctx,
            caseReadEvent(chain, `day ${dayIndex + 1} event ${index + 1}`, { note: `day ${dayIndex + 1} event ${index + 1} ${AWKWARD}` }),
          ),
        );
        await env.ctx.db.transaction().execute((trx) => env.ctx.audit.appendInTransaction(trx, chain, drafts));
      }
      return { chain, days };
    }

    async function eventId(chain: string, day: string, seq: number): Promise<string> {
      const row = await raw()
        .selectFrom('audit_events')
        .select('id')
        .where('chain', '=', chain)
        .where('day', '=', day)
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow();
      return row.id;
    }

    async function verdictOf(chain: string) {
      const verification = await verifyAuditChain(env.ctx, { pageSize: PAGE });
      const found = verification.chains.find((candidate) => candidate.chain === chain);
      assert.ok(found, `verify should report chain ${chain}`);
      return found;
    }

    test('a chain whose days span many pages verifies, every event counted', async () => {
      const { chain, days } = await seedChain();
      const statements: string[] = [];
      const stop = env.ctx.handle.observeStatements((query) => {
        if (query.parameters.includes(chain)) statements.push(query.sql);
      });
      const verdict = await verdictOf(chain).finally(stop);
      assert.deepEqual(
        statements.filter((statement) => WHOLE_DAY_READ.test(statement)),
        [],
        'an intact chain should be checked on the fast path alone: no day read whole for verifySegment',
      );
      assert.deepEqual(
        { ok: verdict.ok, events: verdict.events, segments: verdict.segments, firstBreak: verdict.firstBreak },
        { ok: true, events: 42, segments: 3, firstBreak: null },
        'the three days (12 + 23 + 7 events, in pages of 5) should verify with every event counted',
      );
      assert.deepEqual([verdict.firstDay, verdict.lastDay], [days[0], days[2]], 'the chain should run from its first day to its third');
      const whole = (await verifyAuditChain(env.ctx)).chains.find((candidate) => candidate.chain === chain);
      assert.equal(whole?.events, 42, 'read in one page per chain, the same chain should count the same events');
    });

    test('the database spells the covered columns as the MACed text, awkward characters included (so the fast path holds)', async () => {
      const { chain, days } = await seedChain();
      const textMac = new TextMac(deriveAuditKey(env.ctx.masterKey));
      const rows = await env.ctx.system.auditChainPage(chain, { day: '', seq: 0 }, 100);
      assert.equal(rows.length, 42, 'one page of 100 should hold the whole chain of 42 events');
      let previousMac = '';
      const unmatched: string[] = [];
      for (const row of rows) {
        if (row.seq === 1) previousMac = genesisMac(deriveAuditKey(env.ctx.masterKey), chain, row.day);
        if (eventMacOfContent(textMac, previousMac, row.contentJson) !== row.mac) unmatched.push(`${row.day}#${row.seq}: ${row.contentJson}`);
        previousMac = row.mac;
      }
      assert.deepEqual(unmatched, [], "every event's database-spelt content should give its stored MAC");
      assert.deepEqual(
        rows.map((row) => row.day),
        DAY_SIZES.flatMap((size, index) => Array<string>(size).fill(days[index]!)),
        'the page should hold the chain in day order',
      );
    });

    test('a modified event in a later page is named as modified, and the events read so far are counted', async () => {
      const { chain, days } = await seedChain();
      const victim = await eventId(chain, days[1]!, 17);
      await raw().updateTable('audit_events').set({ resource_id: 'someone-else' }).where('id', '=', victim).execute();
      const verdict = await verdictOf(chain);
      assert.deepEqual(
        verdict.firstBreak,
        { kind: 'modified', chain, day: days[1], seq: 17, eventId: victim },
        "the modified event (day 2, seq 17, the chain's sixth page) should be named as modified",
      );
      assert.equal(verdict.events, 12 + 23, 'the events of the first day and of the broken day should be counted, as before');
    });

    test('the last event of the chain, in its last page, modified, is named', async () => {
      const { chain, days } = await seedChain();
      const victim = await eventId(chain, days[2]!, 7);
      await raw().updateTable('audit_events').set({ action: 'case.updated' }).where('id', '=', victim).execute();
      assert.deepEqual(
        (await verdictOf(chain)).firstBreak,
        { kind: 'modified', chain, day: days[2], seq: 7, eventId: victim },
        "the modified last event of the chain's last page should be named as modified",
      );
    });

    test('a deleted event in a later page is named as missing, in the middle of a day and at its end', async () => {
      const middle = await seedChain();
      await raw()
        .deleteFrom('audit_events')
        .where('id', '=', await eventId(middle.chain, middle.days[1]!, 17))
        .execute();
      assert.deepEqual(
        (await verdictOf(middle.chain)).firstBreak,
        { kind: 'missing', chain: middle.chain, day: middle.days[1], seq: 17, eventId: null },
        'the deleted event (day 2, seq 17) should be named as missing',
      );
      const end = await seedChain();
      await raw()
        .deleteFrom('audit_events')
        .where('id', '=', await eventId(end.chain, end.days[1]!, 23))
        .execute();
      assert.deepEqual(
        (await verdictOf(end.chain)).firstBreak,
        { kind: 'missing', chain: end.chain, day: end.days[1], seq: 23, eventId: null },
        'the deleted last event of day 2 (a page that goes on with day 3) should be named as missing',
      );
    });

    test('an inserted event in a later page is named as inserted, appended to a day or slipped in with the rest renumbered', async () => {
      const forged = async (chain: string, day: string, seq: number, id: string) => {
        const draft = draftOf(env.ctx, caseReadEvent(chain, 'forged', { note: `forged ${AWKWARD}` }));
        await raw()
          .insertInto('audit_events')
          .values({
            id,
            chain,
            day,
            seq,
            occurred_at: draft.occurredAt,
            tenant_id: chain,
            actor_roles: draft.actorRoles,
            action: draft.action,
            resource_type: draft.resourceType,
            resource_id: 'forged',
            decision: 'permit',
            mac: 'bm90IGEgcmVhbCBtYWM',
          })
          .execute();
      };
      const appended = await seedChain();
      await forged(appended.chain, appended.days[1]!, 24, 'forged-appended');
      assert.deepEqual(
        (await verdictOf(appended.chain)).firstBreak,
        { kind: 'inserted', chain: appended.chain, day: appended.days[1], seq: 24, eventId: 'forged-appended' },
        'an event appended to day 2 past its head should be named as inserted',
      );
      const slipped = await seedChain();
      const day = slipped.days[1]!;
      const later = raw().updateTable('audit_events').where('chain', '=', slipped.chain).where('day', '=', day);
      await later
        .set((eb) => ({ seq: eb('seq', '+', 1000) }))
        .where('seq', '>=', 17)
        .execute();
      await later
        .set((eb) => ({ seq: eb('seq', '-', 999) }))
        .where('seq', '>', 1000)
        .execute();
      await forged(slipped.chain, day, 17, 'forged-slipped');
      assert.deepEqual(
        (await verdictOf(slipped.chain)).firstBreak,
        { kind: 'inserted', chain: slipped.chain, day, seq: 17, eventId: 'forged-slipped' },
        'an event slipped in at day 2, seq 17 with the rest renumbered should be named as inserted',
      );
    });

    test('an event renumbered past a gap in a later page, its MAC and place intact, is named as missing', async () => {
      const { chain, days } = await seedChain();
      // The seq is not MACed (order is, through the predecessor's MAC): only the seq check sees the gap.
      await raw().updateTable('audit_events').set({ seq: 30 }).where('chain', '=', chain).where('day', '=', days[1]!).where('seq', '=', 23).execute();
      assert.deepEqual(
        (await verdictOf(chain)).firstBreak,
        { kind: 'missing', chain, day: days[1], seq: 23, eventId: null },
        "day 2's last event renumbered from 23 to 30 should be named as seq 23 missing",
      );
    });

    test('two swapped events in a later page are named as reordered', async () => {
      const { chain, days } = await seedChain();
      const day = days[1]!;
      const moved = await eventId(chain, day, 17);
      const bySeq = (seq: number) => raw().updateTable('audit_events').where('chain', '=', chain).where('day', '=', day).where('seq', '=', seq);
      await bySeq(16).set({ seq: -1 }).execute();
      await bySeq(17).set({ seq: 16 }).execute();
      await bySeq(-1).set({ seq: 17 }).execute();
      assert.deepEqual(
        (await verdictOf(chain)).firstBreak,
        { kind: 'reordered', chain, day, seq: 16, eventId: moved },
        'the event moved from seq 17 to 16 should be named as reordered',
      );
    });
  });
}
