import type { Kysely, Transaction } from 'kysely';
import { OPERATOR_USER_ID } from '../../access/system-access.ts';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { fieldContext, openField, sealField, sealedVersion } from '../../platform/field-crypto.ts';
import type { TenantKey } from '../../platform/tenant-keyring.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { SEALED_COLUMNS, type SealedTable } from '../../db/sealed-columns.ts';

/** Rows re-encrypted per transaction unless the operator says otherwise. */
export const DEFAULT_ROTATION_BATCH_SIZE = 500;
/** Batches in a row that changed nothing (every row edited meanwhile) before a table is left for the next run. */
const MAX_STALLED_BATCHES = 3;

export interface RotationProgress {
  readonly tenantId: string;
  readonly version: number;
  readonly table: SealedTable;
  /** Number of this batch in the run (1, 2 …). */
  readonly batch: number;
  /** Values re-encrypted by this batch, and by the run so far. */
  readonly reencrypted: number;
  readonly total: number;
}

export interface FieldKeyRotation {
  readonly tenantId: string;
  /** The field key version every value is sealed with once `remaining` is 0. */
  readonly version: number;
  /** False when an interrupted rotation was resumed with the key it had already made. */
  readonly keyCreated: boolean;
  readonly reencrypted: number;
  readonly batches: number;
  /** Values still sealed with an older version (a stopped or contended run): run again to finish. */
  readonly remaining: number;
}

interface TableColumns {
  readonly table: SealedTable;
  readonly columns: readonly { readonly column: string; readonly field: string }[];
}

/** The sealed columns by table: a batch re-encrypts whole rows, one UPDATE per row. */
const SEALED_TABLES: readonly TableColumns[] = [...new Set(SEALED_COLUMNS.map((entry) => entry.table))].map((table) => ({
  table,
  columns: SEALED_COLUMNS.filter((entry) => entry.table === table).map(({ column, field }) => ({ column, field })),
}));

/** Table and column names come from SEALED_COLUMNS, so the rows are handled without their types. */
type SealedRow = Record<string, string | null>;
type LooseDatabase = Record<SealedTable, SealedRow>;
const loose = (db: Kysely<Database> | Transaction<Database>) => db as unknown as Kysely<LooseDatabase>;

const currentPrefix = (version: number) => `k${version}.%`;

/** Values of the tenant sealed with another version than `version`, over every sealed column. */
async function countOlder(ctx: AppContext, tenantId: string, version: number): Promise<number> {
  let count = 0;
  for (const { table, column } of SEALED_COLUMNS) {
    const row = await loose(ctx.db)
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where(column, 'not like', currentPrefix(version))
      .executeTakeFirstOrThrow();
    count += Number(row.n);
  }
  return count;
}

/**
 * The key to re-encrypt with: the newest one when a rotation is under way (it is unretired and older
 * values remain), so running again after an interruption makes no second key; otherwise a new one.
 */
async function rotationKey(ctx: AppContext, tenantId: string): Promise<{ key: TenantKey; keyCreated: boolean }> {
  const newest = await ctx.db
    .selectFrom('tenant_keys')
    .select(['version', 'retired_at'])
    .where('tenant_id', '=', tenantId)
    .where('purpose', '=', 'fields')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (newest && newest.retired_at === null) {
    const current = await ctx.keyring.current(tenantId, 'fields');
    if ((await countOlder(ctx, tenantId, current.version)) > 0) return { key: current, keyCreated: false };
  }
  return { key: await ctx.keyring.rotate(tenantId, 'fields'), keyCreated: true };
}

interface RowChange {
  readonly id: string;
  readonly read: SealedRow;
  readonly written: SealedRow;
}

/** Opens each older value with its own version's key and seals it with `key`, same associated data. */
async function reseal(ctx: AppContext, tenantId: string, key: TenantKey, spec: TableColumns, rows: readonly SealedRow[]): Promise<RowChange[]> {
  const keys = new Map<number, Buffer>();
  const changes: RowChange[] = [];
  for (const row of rows) {
    const id = String(row.id);
    const read: SealedRow = {};
    const written: SealedRow = {};
    for (const { column, field } of spec.columns) {
      const sealed = row[column];
      if (sealed === null || sealed === undefined || sealed.startsWith(`k${key.version}.`)) continue;
      const version = sealedVersion(sealed);
      // Keys are fetched here, before the batch's transaction: on SQLite the keyring's query would wait behind it.
      if (!keys.has(version)) keys.set(version, await ctx.keyring.version(tenantId, 'fields', version));
      const context = fieldContext(spec.table, id, field);
      read[column] = sealed;
      written[column] = sealField(key.key, key.version, openField(keys.get(version)!, sealed, context), context);
    }
    if (Object.keys(written).length > 0) changes.push({ id, read, written });
  }
  return changes;
}

/** Writes one batch in one transaction; a row changes only while it still holds what was read. */
async function writeBatch(ctx: AppContext, tenantId: string, table: SealedTable, changes: readonly RowChange[]): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    let values = 0;
    for (const change of changes) {
      let update = loose(trx).updateTable(table).set(change.written).where('tenant_id', '=', tenantId).where('id', '=', change.id);
      for (const [column, sealed] of Object.entries(change.read)) update = update.where(column, '=', sealed);
      const result = await update.executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) values += Object.keys(change.written).length;
    }
    return values;
  });
}

interface RunState {
  batches: number;
  reencrypted: number;
}

/** Re-encrypts one table batch by batch; false when the run must stop (maxBatches reached). */
async function rotateTable(
  ctx: AppContext,
  options: RotateFieldKeysOptions & { batchSize: number },
  key: TenantKey,
  spec: TableColumns,
  state: RunState,
): Promise<boolean> {
  let stalled = 0;
  while (stalled < MAX_STALLED_BATCHES) {
    if (options.maxBatches !== undefined && state.batches >= options.maxBatches) return false;
    // Another rotation made a newer key meanwhile: stop rather than seal its values back with ours.
    if ((await ctx.keyring.current(options.tenantId, 'fields')).version !== key.version) throw new AppError('conflict');
    const rows = await loose(ctx.db)
      .selectFrom(spec.table)
      .select(['id', ...spec.columns.map((entry) => entry.column)])
      .where('tenant_id', '=', options.tenantId)
      .where((eb) => eb.or(spec.columns.map((entry) => eb(entry.column, 'not like', currentPrefix(key.version)))))
      .orderBy('id')
      .limit(options.batchSize)
      .execute();
    if (rows.length === 0) return true;
    const written = await writeBatch(ctx, options.tenantId, spec.table, await reseal(ctx, options.tenantId, key, spec, rows));
    state.batches += 1;
    state.reencrypted += written;
    stalled = written === 0 ? stalled + 1 : 0;
    options.onBatch?.({
      tenantId: options.tenantId,
      version: key.version,
      table: spec.table,
      batch: state.batches,
      reencrypted: written,
      total: state.reencrypted,
    });
  }
  return true;
}

export interface RotateFieldKeysOptions {
  readonly tenantId: string;
  /** Rows per transaction (default 500). */
  readonly batchSize?: number;
  /** Stop after this many batches (tests simulate an interrupted run with it); the next run resumes. */
  readonly maxBatches?: number;
  readonly onBatch?: (progress: RotationProgress) => void;
}

/**
 * The operator rotates a tenant's field key (`partnertafel keys rotate`): a new key version, then
 * every sealed value of an older version is opened with its own key and sealed again with the new
 * one, batch by batch, each batch in its own transaction and each row written only if it still
 * holds the value read (a concurrent edit wins). Resumable: an interrupted rotation is finished with
 * the key it made. Content does not change, so case versions and `updated_at` stay as they are. The
 * run is audited as `keys.rotated` (counts only), also when it fails halfway.
 */
export async function rotateFieldKeys(options: RotateFieldKeysOptions, ctx: AppContext): Promise<FieldKeyRotation> {
  const batchSize = options.batchSize ?? DEFAULT_ROTATION_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  const { key, keyCreated } = await rotationKey(ctx, options.tenantId);
  const state: RunState = { batches: 0, reencrypted: 0 };
  const audit = (details: Record<string, number | boolean>) =>
    appendAuditEvent(ctx, {
      subject: { tenantId: options.tenantId, userId: OPERATOR_USER_ID, organisationId: null, roles: ['operator'] },
      action: 'keys.rotated',
      resource: { type: 'tenant_key', id: `fields:${key.version}` },
      details: { purpose: 'fields', version: key.version, keyCreated, reencrypted: state.reencrypted, batches: state.batches, ...details },
    });
  try {
    for (const spec of SEALED_TABLES) {
      if (!(await rotateTable(ctx, { ...options, batchSize }, key, spec, state))) break;
    }
  } catch (error) {
    await audit({ failed: true }).catch(() => undefined);
    throw error;
  }
  const remaining = await countOlder(ctx, options.tenantId, key.version);
  await audit({ remaining });
  return { tenantId: options.tenantId, version: key.version, keyCreated, reencrypted: state.reencrypted, batches: state.batches, remaining };
}
