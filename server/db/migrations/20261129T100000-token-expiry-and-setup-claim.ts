import type { Kysely } from 'kysely';

/** Existing API tokens get the default lifetime, counted from their creation. */
const DEFAULT_TOKEN_LIFETIME_MS = 90 * 24 * 3600 * 1000;

/**
 * API tokens expire (`api_tokens.expires_at`; rows made before this migration: created_at + 90
 * days), and the one-time first-run setup is claimed by inserting a row with a fixed key into
 * `installation_claims`, so two parallel submissions of the setup link cannot both create a network.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'varchar(30)').execute();
  const raw = db as unknown as Kysely<{ api_tokens: { id: string; created_at: string; expires_at: string | null } }>;
  const rows = await raw.selectFrom('api_tokens').select(['id', 'created_at']).execute();
  for (const row of rows) {
    const expiresAt = new Date(Date.parse(row.created_at) + DEFAULT_TOKEN_LIFETIME_MS).toISOString();
    await raw.updateTable('api_tokens').set({ expires_at: expiresAt }).where('id', '=', row.id).execute();
  }

  await db.schema
    .createTable('installation_claims')
    .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('claimed_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}
