import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompiledQuery, createQueryId, type Kysely, type KyselyPlugin, type RootOperationNode } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, seedTenant, seedUser, type SeededTenant, type TestEnvironment } from '../../test/harness.ts';
import { loadServices, serviceSearchQuery, type ServiceFilters } from './directory.queries.ts';
import { importHsds } from './import-hsds.ts';

/**
 * The search and the loading of a page keep their indexes (issue 13: a page of results in a few
 * milliseconds at 10 000 services; figures in bench/directory-search.bench.ts, never here). Each
 * statement is EXPLAINed on both engines; a test fails when the words or a filter would be answered
 * by reading all of directory_services (or a child table), or a page's relations by reading the
 * whole network instead of the page's ids.
 *
 * SQLite: EXPLAIN QUERY PLAN on a map of 300 services, without statistics (as in production: nothing
 * runs ANALYZE). No line may be a `SCAN` other than the full-text index answering a MATCH; the
 * services are walked through the order index (no sort of every match); the loads name the ids.
 *
 * PostgreSQL: with 300 rows a sequential scan is honestly the cheapest plan, so the test asks
 * whether an index CAN answer each statement: `SET LOCAL enable_seqscan = off` in a transaction
 * (rolled back) makes the planner avoid a sequential scan whenever any index path exists, so a
 * `Seq Scan` left in the plan means no index fits. Statistics are gathered first (ANALYZE, as
 * autovacuum would). The full-text path must use the GIN index for a rare word: the planner prefers
 * it once the match is selective, so a GIN index that no longer fits the expression fails here.
 */

const THEMES = ['drugs', 'gangs', 'school_dropout', 'other'];

function mapOf(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    id: `plan-service-${index}`,
    name: `Aanbod ${String(index).padStart(3, '0')} ${index % 2 === 0 ? 'crèche' : 'école des devoirs'}`,
    description: `Fictief aanbod nummer ${index} in Rivierstede${index === 7 ? ', zeldzaamwoord' : ''}.`,
    status: 'active',
    minimum_age: index % 18,
    maximum_age: (index % 18) + 10,
    languages: [{ id: `plan-language-${index}`, code: index % 3 === 0 ? 'fr' : 'nl' }],
    organization: { id: `plan-organisation-${index % 40}`, name: `Fictieve aanbieder ${index % 40}`, description: 'Fictief.' },
    service_at_locations: [
      { id: `plan-sal-${index}`, location: { id: `plan-location-${index % 60}`, location_type: 'physical', name: `Plek ${index % 60}` } },
    ],
    x_partnertafel: { themes: [THEMES[index % THEMES.length]], no_waiting_list: index % 5 === 0 },
  }));
}

const SEARCHES: Record<string, ServiceFilters> = {
  words: { q: 'creche' },
  'two words, the last a prefix': { q: 'ecole devo' },
  'a rare word': { q: 'zeldzaamwoord' },
  'words, language and age': { q: 'rivierstede', language: 'fr', age: 15 },
  'language and age': { language: 'fr', age: 15 },
  'theme and no waiting list': { theme: 'drugs', noWaitingList: true },
  'every filter': { q: 'aanbod', theme: 'gangs', language: 'nl', age: 12, noWaitingList: true },
};

/** Collects the statements a piece of code runs (as operation trees, compiled afterwards). */
class StatementRecorder implements KyselyPlugin {
  readonly nodes: RootOperationNode[] = [];
  transformQuery(args: { node: RootOperationNode }): RootOperationNode {
    this.nodes.push(args.node);
    return args.node;
  }
  async transformResult<T>(args: { result: T }): Promise<T> {
    return args.result;
  }
}

for (const target of databaseTargets()) {
  describe(`the social map's search plan on ${target.kind}`, () => {
    let env: TestEnvironment;
    let tenant: SeededTenant;
    const raw = (): Kysely<Database> => env.database.handle.db;

    /** The plan of a compiled statement, one line per step. */
    async function plan(query: CompiledQuery): Promise<string[]> {
      if (target.kind === 'sqlite') {
        const result = await raw().executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
        return result.rows.map((row) => row.detail);
      }
      return raw()
        .transaction()
        .execute(async (trx) => {
          await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
          const result = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
          return result.rows.map((row) => row['QUERY PLAN']);
        });
    }

    const scans = (lines: readonly string[]) =>
      target.kind === 'sqlite'
        ? lines.filter((line) => /^SCAN /.test(line) && !/^SCAN directory_search VIRTUAL TABLE INDEX \d+:M/.test(line))
        : lines.filter((line) => /Seq Scan/.test(line));

    before(async () => {
      env = await createTestEnvironment(target);
      tenant = await seedTenant(env.ctx);
      const coordinator = await seedUser(env.ctx, tenant, ['coordinator']);
      await importHsds({ document: mapOf(300) }, coordinator.actor, env.ctx);
      if (target.kind === 'postgres') await raw().executeQuery(CompiledQuery.raw('analyze'));
    });
    after(async () => {
      await env.dispose();
    });

    for (const [name, filters] of Object.entries(SEARCHES)) {
      test(`search by ${name}: no full scan, the order from the index`, async () => {
        const query = serviceSearchQuery(raw(), target.kind, tenant.tenantId, filters, { limit: 51 }).compile();
        const lines = await plan(query);
        assert.deepEqual(scans(lines), [], `no step should read a whole table: ${lines.join(' | ')}`);
        if (target.kind === 'sqlite') {
          assert.ok(
            lines.some((line) => /^SEARCH s USING (COVERING )?INDEX directory_services_by_name \(tenant_id=\?/.test(line)),
            `the services should be walked in name order through directory_services_by_name: ${lines.join(' | ')}`,
          );
          assert.ok(!lines.some((line) => /TEMP B-TREE FOR ORDER BY/.test(line)), `no sort of every match should be needed: ${lines.join(' | ')}`);
          if (filters.q !== undefined)
            assert.ok(
              lines.some((line) => /^SCAN directory_search VIRTUAL TABLE INDEX \d+:M/.test(line)),
              `the words should be matched by the FTS5 index: ${lines.join(' | ')}`,
            );
        }
        const rows = await serviceSearchQuery(raw(), target.kind, tenant.tenantId, filters, { limit: 51 }).execute();
        assert.ok(rows.length > 0, `the search by ${name} should find services of the fictional map`);
      });
    }

    test('a rare word is answered by the full-text index, not by checking every service', async () => {
      const lines = await plan(serviceSearchQuery(raw(), target.kind, tenant.tenantId, { q: 'zeldzaamwoord' }, { limit: 51 }).compile());
      const index = target.kind === 'sqlite' ? /^SCAN directory_search VIRTUAL TABLE INDEX \d+:M/ : /directory_services_search/;
      assert.ok(
        lines.some((line) => index.test(line)),
        `the full-text index should answer the match: ${lines.join(' | ')}`,
      );
      const rows = await serviceSearchQuery(raw(), target.kind, tenant.tenantId, { q: 'zeldzaamwoord' }, { limit: 51 }).execute();
      assert.equal(rows.length, 1, 'the rare word should find its one service');
    });

    test("a page's relations are loaded by the page's ids, one statement per relation", async () => {
      const recorder = new StatementRecorder();
      const ids = (await serviceSearchQuery(raw(), target.kind, tenant.tenantId, { q: 'creche' }, { limit: 50 }).execute()).map((row) => row.id);
      const loaded = await loadServices(raw().withPlugin(recorder), tenant.tenantId, ids);
      assert.equal(loaded.length, 50, 'the whole page should be loaded');
      assert.ok(
        loaded.every((entry) => entry.rows.themes.length === 1 && entry.rows.languages.length === 1 && entry.rows.locations.length === 1),
        'every service should come with its theme, language and place',
      );
      const statements = recorder.nodes.map((node) => raw().getExecutor().compileQuery(node, createQueryId()));
      assert.equal(statements.length, 6, 'services, themes, languages, place links, organisations and places: one statement each');
      for (const statement of statements) {
        const lines = await plan(statement);
        assert.deepEqual(scans(lines), [], `no load should read a whole table: ${statement.sql.slice(0, 80)} → ${lines.join(' | ')}`);
        if (target.kind === 'sqlite')
          assert.ok(
            lines.every((line) => !/^SEARCH/.test(line) || /\b(id|service_id)=\?/.test(line)),
            `every load should look rows up by the ids it names, not by the network alone: ${lines.join(' | ')}`,
          );
      }
    });
  });
}
