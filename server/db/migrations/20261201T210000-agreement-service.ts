import type { Kysely } from 'kysely';

/**
 * An agreement of a plan of approach may link to a service of the social map (issue 13): the plan
 * shows the service's name, contact and conditions. Nullable; the plans module owns the column and
 * checks on every write that the service is one of the network's map.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('plan_agreements').addColumn('directory_service_id', 'varchar(36)').execute();
}
