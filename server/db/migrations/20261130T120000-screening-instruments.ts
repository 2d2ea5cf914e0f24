import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import shipped from './20261130T120000-screening-instruments.json' with { type: 'json' };

/**
 * Screening instruments (modules/screening): versioned data, installation-wide. Every network uses
 * the same shipped content, and a screening records the id of the version it used, so a version is
 * never edited in place — loading changed content adds the next version and deactivates the old one
 * (at most one active version per key). `content` is JSON: title, description, judgement and sections
 * with their items, every text in nl, fr and en. No `tenant_id`: the rows hold no network's data.
 * Ships version 1 of the observation instrument and of the factors checklist (the JSON next to this file).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('screening_instruments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('key', 'varchar(100)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('loaded_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('screening_instruments_key_version', ['key', 'version'])
    .execute();
  const loadedAt = new Date().toISOString();
  const rows = shipped.map(({ key, ...content }) => ({
    id: randomUUID(),
    key,
    version: 1,
    content: JSON.stringify(content),
    active: 1,
    loaded_at: loadedAt,
  }));
  await (db as Kysely<{ screening_instruments: (typeof rows)[number] }>).insertInto('screening_instruments').values(rows).execute();
}
