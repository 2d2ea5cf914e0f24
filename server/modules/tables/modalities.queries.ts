import type { Kysely } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Database } from '../../db/schema.ts';

/* Confirmations of a table's modalities, always within the actor's tenant. */

/** The users who confirmed one version of a table's modalities. */
export async function confirmedUserIds(db: Kysely<Database>, actor: Actor, tableId: string, version: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('table_modality_confirmations')
    .select('user_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('table_id', '=', tableId)
    .where('modalities_version', '=', version)
    .execute();
  return new Set(rows.map((row) => row.user_id));
}

/** Whether a user (by default the actor) confirmed this version of a table's modalities. */
export async function hasConfirmed(db: Kysely<Database>, actor: Actor, tableId: string, version: number, userId = actor.userId): Promise<boolean> {
  const row = await db
    .selectFrom('table_modality_confirmations')
    .select('id')
    .where('tenant_id', '=', actor.tenantId)
    .where('table_id', '=', tableId)
    .where('user_id', '=', userId)
    .where('modalities_version', '=', version)
    .executeTakeFirst();
  return row !== undefined;
}

/** The tables where the actor sits and has not confirmed the current (non-empty) modalities, by name. */
export function tablesAwaitingConfirmation(db: Kysely<Database>, actor: Actor, limit: number): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('partner_tables')
    .select(['partner_tables.id', 'partner_tables.name'])
    .where('partner_tables.tenant_id', '=', actor.tenantId)
    .where('partner_tables.modalities_version', '>', 0)
    .where((eb) =>
      eb(
        'partner_tables.id',
        'in',
        eb
          .selectFrom('table_members')
          .select('table_members.table_id')
          .where('table_members.tenant_id', '=', actor.tenantId)
          .where('table_members.user_id', '=', actor.userId),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('table_modality_confirmations')
            .select('table_modality_confirmations.id')
            .where('table_modality_confirmations.tenant_id', '=', actor.tenantId)
            .where('table_modality_confirmations.user_id', '=', actor.userId)
            .whereRef('table_modality_confirmations.table_id', '=', 'partner_tables.id')
            .whereRef('table_modality_confirmations.modalities_version', '=', 'partner_tables.modalities_version'),
        ),
      ),
    )
    .orderBy('partner_tables.name')
    .limit(limit)
    .execute();
}
