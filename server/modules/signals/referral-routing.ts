import { isMinor, type TableAudience } from '../cases/index.ts';

/**
 * Which partner table a referral goes to (issue 11, "Referral"): the table whose audience fits the
 * person's age on the referral day — under 18 the minors table, from the 18th birthday itself the
 * adults table (the cases module's date rules; born on 29 February, one turns 18 on 1 March in a
 * year without that day). Pure: the caller passes the referral day (today in Brussels) and the tables.
 */

/** A table the referral may go to. */
export interface RoutableTable {
  readonly id: string;
  readonly name: string;
  readonly audience: string;
}

/** The audience that fits the person on the referral day; null when the age is unknown (no birth date). */
export function audienceOn(birthDate: string | null | undefined, referralDay: string): TableAudience | null {
  if (!birthDate) return null;
  return isMinor({ birthDate }, referralDay) ? 'minors' : 'adults';
}

/** The routed table: the first (by name) of the fitting audience; null when the age is unknown or no such table exists. */
export function routedTable<T extends RoutableTable>(tables: readonly T[], audience: TableAudience | null): T | null {
  if (audience === null) return null;
  return [...tables].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)).find((table) => table.audience === audience) ?? null;
}

/** The outcome of routing one referral: the table it goes to, or why it cannot go. */
export type Routing =
  | { readonly ok: true; readonly table: RoutableTable; readonly override: boolean }
  | { readonly ok: false; readonly path: string; readonly messageKey: string };

/**
 * Chooses the table: the one the coordinator names, else the routed one. Naming a table whose audience
 * does not fit the person's age is an override and needs a reason (`ageExceptionReason`).
 */
export function routeReferral(input: {
  readonly tables: readonly RoutableTable[];
  readonly birthDate: string | null | undefined;
  readonly referralDay: string;
  readonly tableId?: string | undefined;
  readonly ageExceptionReason?: string | undefined;
}): Routing {
  const audience = audienceOn(input.birthDate, input.referralDay);
  if (input.tableId === undefined || input.tableId === '') {
    const table = routedTable(input.tables, audience);
    if (table) return { ok: true, table, override: false };
    return {
      ok: false,
      path: 'tableId',
      messageKey: audience === null ? 'validation.referral.table_needed' : `validation.referral.no_table_${audience}`,
    };
  }
  const table = input.tables.find((candidate) => candidate.id === input.tableId);
  if (!table) return { ok: false, path: 'tableId', messageKey: 'validation.choice' };
  const override = audience !== null && table.audience !== audience;
  if (override && !input.ageExceptionReason?.trim())
    return {
      ok: false,
      path: 'ageExceptionReason',
      messageKey: `validation.referral.override_reason_${table.audience === 'minors' ? 'minors' : 'adults'}`,
    };
  return { ok: true, table, override };
}
