import type { Kysely } from 'kysely';

/**
 * A case whose subject's age does not fit the table's audience (a young adult on the minors table …)
 * is opened only with the coordinator's reason for the exception, kept sealed like the summary
 * (issue 10, "dates that make sense"). Null for every case whose age fits, including existing ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('age_exception_reason_sealed', 'text').execute();
}
