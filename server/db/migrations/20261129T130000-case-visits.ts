import type { Kysely } from 'kysely';

/**
 * When each user last read a case's information (its page, its items or its timeline), so the home
 * page can list the cases with entries added since. One row per user and case, overwritten on each
 * read; it says nothing about the content, only when the user looked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_visits')
    .addColumn('tenant_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('last_visited_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_visits_pk', ['tenant_id', 'user_id', 'case_id'])
    .addForeignKeyConstraint('case_visits_case_same_tenant', ['tenant_id', 'case_id'], 'cases', ['tenant_id', 'id'])
    .addForeignKeyConstraint('case_visits_user_same_tenant', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
    .execute();
}
