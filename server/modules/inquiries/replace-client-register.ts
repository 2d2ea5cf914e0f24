import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { today, yearsBetween } from '../../platform/calendar-days.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { personBlindIndex } from '../../platform/field-crypto.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import type { ClientRegisterInput } from './client-register.schemas.ts';

/** No one in a register was born more than this many years ago (the cases module's rule too). */
const OLDEST_PLAUSIBLE_AGE = 120;

/** Rows written per insert statement (well under either database's parameter limit). */
const INSERT_BATCH = 500;

/** Birth dates that cannot be right, each named by its row: `persons.<n>.birthDate`. */
function birthDateIssues(input: ClientRegisterInput, day: string): FieldIssue[] {
  return input.persons.flatMap((person, index): FieldIssue[] => {
    const path = `persons.${index}.birthDate`;
    if (person.birthDate > day) return [{ path, messageKey: 'validation.date.birth_in_future' }];
    if (yearsBetween(person.birthDate, day) > OLDEST_PLAUSIBLE_AGE)
      return [{ path, messageKey: 'validation.date.birth_too_old', values: { years: OLDEST_PLAUSIBLE_AGE } }];
    return [];
  });
}

/**
 * A professional replaces their organisation's client register in one transaction: every row is
 * checked first (one bad row and nothing changes); each person becomes the blind index the cases
 * module keeps for case persons (the network's `blind_index` key: the same as `blindIndexOf`, made
 * with one key fetch for the whole upload), duplicates collapse, and the names and birth dates are
 * discarded — they reach no table, log line or audit event. An empty list clears the register.
 */
export async function replaceClientRegister(options: { input: ClientRegisterInput }, actor: Actor, ctx: AppContext): Promise<{ count: number }> {
  authorize(actor, 'clientRegister.replace');
  const issues = birthDateIssues(options.input, today(ctx.clock));
  if (issues.length > 0) throw new AppError('validation_failed', issues);
  // The key is fetched before the transaction: on SQLite the keyring's query would wait behind it.
  const { version, key } = await ctx.keyring.current(actor.tenantId, 'blind_index');
  const indexes = [...new Set(options.input.persons.map((person) => personBlindIndex(key, person.familyName, person.birthDate)))];
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('client_register_entries')
      .where('tenant_id', '=', actor.tenantId)
      .where('organisation_id', '=', actor.organisationId)
      .execute();
    for (let start = 0; start < indexes.length; start += INSERT_BATCH) {
      await trx
        .insertInto('client_register_entries')
        .values(
          indexes.slice(start, start + INSERT_BATCH).map((value) => ({
            id: newId(),
            tenant_id: actor.tenantId,
            organisation_id: actor.organisationId,
            blind_index: value,
            blind_index_version: version,
          })),
        )
        .execute();
    }
    await trx
      .deleteFrom('client_register_uploads')
      .where('tenant_id', '=', actor.tenantId)
      .where('organisation_id', '=', actor.organisationId)
      .execute();
    await trx
      .insertInto('client_register_uploads')
      .values({
        id: newId(),
        tenant_id: actor.tenantId,
        organisation_id: actor.organisationId,
        entries: indexes.length,
        uploaded_by: actor.userId,
        uploaded_at: now,
      })
      .execute();
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'client_register.replaced',
      resource: { type: 'client_register', id: actor.organisationId },
      requestId: actor.requestId ?? null,
      details: { count: indexes.length },
    });
  });
  return { count: indexes.length };
}
