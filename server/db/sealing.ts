import type { AppContext } from '../context.ts';
import { fieldContext, openField, personBlindIndex, sealField, sealedVersion } from '../platform/field-crypto.ts';
import type { SealedField, SealedTable } from './sealed-columns.ts';

export interface FieldSealer {
  seal<Table extends SealedTable>(table: Table, recordId: string, field: SealedField<Table>, plaintext: string): string;
  sealOptional<Table extends SealedTable>(
    table: Table,
    recordId: string,
    field: SealedField<Table>,
    plaintext: string | undefined | null,
  ): string | null;
}

export interface FieldOpener {
  open<Table extends SealedTable>(table: Table, recordId: string, field: SealedField<Table>, sealed: string): Promise<string>;
  openOptional<Table extends SealedTable>(table: Table, recordId: string, field: SealedField<Table>, sealed: string | null): Promise<string | null>;
}

/**
 * A sealer with the tenant's current field key. Fetch it before opening a transaction: on SQLite
 * the keyring's own query would otherwise wait behind the transaction that holds the connection.
 */
export async function fieldSealer(ctx: AppContext, tenantId: string): Promise<FieldSealer> {
  const { version, key } = await ctx.keyring.current(tenantId, 'fields');
  const seal: FieldSealer['seal'] = (table, recordId, field, plaintext) => sealField(key, version, plaintext, fieldContext(table, recordId, field));
  return {
    seal,
    sealOptional: (table, recordId, field, plaintext) =>
      plaintext === undefined || plaintext === null || plaintext === '' ? null : seal(table, recordId, field, plaintext),
  };
}

/** Opens sealed values of one tenant, whatever key version they were written with. */
export function fieldOpener(ctx: AppContext, tenantId: string): FieldOpener {
  const open: FieldOpener['open'] = async (table, recordId, field, sealed) => {
    const key = await ctx.keyring.version(tenantId, 'fields', sealedVersion(sealed));
    return openField(key, sealed, fieldContext(table, recordId, field));
  };
  return { open, openOptional: async (table, recordId, field, sealed) => (sealed === null ? null : open(table, recordId, field, sealed)) };
}

/** The blind index of a person for exact-match search, with the key version it was made with. */
export async function blindIndexOf(
  ctx: AppContext,
  tenantId: string,
  familyName: string,
  birthDate: string,
): Promise<{ value: string; version: number }> {
  const { version, key } = await ctx.keyring.current(tenantId, 'blind_index');
  return { value: personBlindIndex(key, familyName, birthDate), version };
}
