import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { tableNameTaken } from './create-table.ts';
import { getTable } from './get-table.ts';
import { recordTableRevision, type TableChanges } from './table-revisions.ts';
import { findTable, findTableByName, type PartnerTableRow } from './tables.queries.ts';
import { TABLE_FIELDS, type PartnerTableDetail, type TableField, type TablePatch } from './tables.schemas.ts';

const COLUMNS = {
  name: 'name',
  audience: 'audience',
  purpose: 'purpose',
  legalFramework: 'legal_framework',
  modalities: 'modalities',
} as const satisfies Record<TableField, keyof PartnerTableRow>;

/** Someone changed the table since `expectedVersion` was read: nothing is written. */
const staleVersion = () => new AppError('conflict');

/**
 * A coordinator changes a table's name, audience, purpose, legal framework or modalities.
 * `expectedVersion` is the version the change was made against (If-Match, or the edit form's hidden
 * field): a stale one answers 409 `conflict` and changes nothing, so of two parallel edits of the
 * same version exactly one wins (finding 11). Only fields whose value differs are written; a change
 * adds one to the version, records a revision (old and new values) and the audit event
 * `table.updated` with the names of the changed fields, all in one transaction. A patch that changes
 * nothing writes nothing. A change of the modalities text also adds one to `modalities_version`
 * (which the members confirm); other fields leave it alone.
 */
export async function updateTable(
  options: { id: string; expectedVersion: number; input: TablePatch },
  actor: Actor,
  ctx: AppContext,
): Promise<PartnerTableDetail> {
  authorize(actor, 'tables.update');
  const { id, input, expectedVersion } = options;
  const existing = await findTable(ctx.db, actor, id);
  if (!existing) throw new AppError('not_found');
  if (Number(existing.version) !== expectedVersion) throw staleVersion();
  const fields = TABLE_FIELDS.filter((field) => input[field] !== undefined && input[field] !== existing[COLUMNS[field]]);
  if (fields.length === 0) return getTable({ id }, actor, ctx);
  const renamed = input.name !== undefined && fields.includes('name');
  if (renamed && (await findTableByName(ctx.db, actor, input.name!))) throw tableNameTaken;
  const changes: TableChanges = Object.fromEntries(fields.map((field) => [field, { from: existing[COLUMNS[field]], to: input[field]! }]));
  const version = expectedVersion + 1;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      // The version condition makes the update a compare-and-set: on PostgreSQL a parallel writer
      // waits for this row's lock, then finds the version moved on and updates nothing.
      const result = await trx
        .updateTable('partner_tables')
        .set({
          ...Object.fromEntries(fields.map((field) => [COLUMNS[field], input[field]])),
          // The modalities have their own version, which members confirm: only a change of their text moves it.
          ...(fields.includes('modalities') && { modalities_version: Number(existing.modalities_version) + 1 }),
          version,
          updated_at: isoNow(ctx.clock),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw staleVersion();
      await recordTableRevision(trx, ctx, actor, { tableId: id, version, changes });
      await recordAuditEvent(trx, ctx, {
        subject: subjectOf(actor),
        action: 'table.updated',
        resource: { type: 'partner_table', id },
        requestId: actor.requestId ?? null,
        details: { fields: [...fields].sort(), version },
      });
    });
  } catch (error) {
    if (isAppError(error)) throw error;
    // A unique key decided a race: the name (another table took it) or the revision's version.
    if (renamed) {
      const holder = await findTableByName(ctx.db, actor, input.name!);
      if (holder && holder.id !== id) throw tableNameTaken;
    }
    if (Number((await findTable(ctx.db, actor, id))?.version) !== expectedVersion) throw staleVersion();
    throw error;
  }
  return getTable({ id }, actor, ctx);
}
