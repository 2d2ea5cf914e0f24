import type { Kysely } from 'kysely';

/**
 * A withdrawal of a consent records the day the person withdrew it (`withdrawn_on`, a calendar day,
 * not in the future and not before the consent was given) and the reason they gave, sealed like the
 * consent's purpose (`withdrawal_reason_sealed`, associated data `case_consents:<id>:withdrawal_reason`).
 * `withdrawn_at` stays the instant it was recorded. Withdrawals recorded before this migration keep
 * both new columns empty.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case_consents').addColumn('withdrawn_on', 'varchar(10)').execute();
  await db.schema.alterTable('case_consents').addColumn('withdrawal_reason_sealed', 'text').execute();
}
