import type { Kysely } from 'kysely';

/**
 * What an asked organisation sees of the person a network inquiry is about: the minimal identity
 * (given name, family name, birth date), sealed, copied from the signal when the inquiry starts. The
 * asked organisations never open the signal itself; the copy is erased with the answers when they
 * expire (unless the signal became a case).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inquiries').addColumn('subject_sealed', 'text').execute();
}
