import type { Kysely } from 'kysely';

/**
 * A signal reaches a case in one of two ways (issue 11, "Referral" and "Already known?"): referred,
 * which opens a new case, or added to a case already at the table. Both leave the signal `referred`
 * with the case's id; this column tells them apart and keeps the day of the adding, so the referral
 * form of an added signal says "added to the case" on that day instead of showing the known case's
 * summary and opening day as reason and referral date. NULL: not added (referred, or not yet).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('signals').addColumn('added_to_case_at', 'varchar(30)').execute();
}
