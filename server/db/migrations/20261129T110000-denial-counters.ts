import type { Kysely } from 'kysely';

/**
 * Denials of unauthenticated clients, counted per keyed hash of the client address, minute and
 * route: the first of a minute is an audit event of its own, the rest are added up here and written
 * as one `access.denied_aggregated` event when the minute is over (modules/audit/record-denial.ts).
 * Rows live for about a minute; the address is never stored in clear.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('denial_counters')
    .addColumn('address_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('minute', 'varchar(16)', (c) => c.notNull())
    .addColumn('route', 'varchar(300)', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('denial_counters_pk', ['address_hash', 'minute', 'route'])
    .execute();
  await db.schema.createIndex('denial_counters_minute').on('denial_counters').column('minute').execute();
}
