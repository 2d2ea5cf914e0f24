import type { Kysely } from 'kysely';

/**
 * Making oneself known (issue 11, source §5.4 note 148): when the reporter of an anonymous signal
 * makes themself known, they also say whether their organisation may be seated on the case a
 * referral opens. 1 = agrees, 0 = does not, NULL = never asked (a signal made by a named reporter, or
 * one that stays anonymous). The referral reads it before seating the reporter's organisation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('signals').addColumn('reporter_agrees_to_seat', 'integer').execute();
}
