import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasConfirmed } from './modalities.queries.ts';
import { mayReadTableGovernance } from './tables.policy.ts';
import { findTable, memberRoles } from './tables.queries.ts';
import type { LegalFramework } from './tables.schemas.ts';

/** A table's modalities as a member reads them, with whether the reader confirmed the current version. */
export interface TableModalities {
  readonly tableId: string;
  readonly tableName: string;
  readonly purpose: string;
  readonly legalFramework: LegalFramework;
  readonly modalities: string;
  readonly modalitiesVersion: number;
  /** Whether the reader sits at the table (only members confirm). */
  readonly member: boolean;
  /** The reader confirmed the current version; true when there is nothing to confirm (no modalities yet). */
  readonly modalitiesConfirmed: boolean;
}

/**
 * The modalities of a table for the coordinator and whoever sits at it; anyone else gets
 * `not_found`, like a missing table (they do not learn that it exists).
 */
export async function viewTableModalities(options: { id: string }, actor: Actor, ctx: AppContext): Promise<TableModalities> {
  const table = await findTable(ctx.db, actor, options.id);
  if (!table) throw new AppError('not_found');
  const seats = await memberRoles(ctx.db, actor, table.id, actor.userId);
  if (!mayReadTableGovernance(actor, seats)) throw new AppError('not_found');
  const version = Number(table.modalities_version);
  return {
    tableId: table.id,
    tableName: table.name,
    purpose: table.purpose,
    legalFramework: table.legal_framework as LegalFramework,
    modalities: table.modalities,
    modalitiesVersion: version,
    member: seats.length > 0,
    modalitiesConfirmed: version === 0 || (await hasConfirmed(ctx.db, actor, table.id, version)),
  };
}

/**
 * For other modules (the meeting's attestation form): whether a user confirmed the current
 * modalities of a table they sit at; true when the table has none. No access check: the caller
 * already decided the actor may see the table's meeting.
 */
export async function modalitiesConfirmedBy(ctx: AppContext, actor: Actor, tableId: string): Promise<{ confirmed: boolean; version: number }> {
  const table = await findTable(ctx.db, actor, tableId);
  const version = Number(table?.modalities_version ?? 0);
  return { version, confirmed: version === 0 || (await hasConfirmed(ctx.db, actor, tableId, version)) };
}
