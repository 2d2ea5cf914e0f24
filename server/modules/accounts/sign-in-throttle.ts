import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { sha256 } from '../../platform/crypto.ts';

/** How many failures are free, how the wait grows after that, and its ceiling. */
export interface BackoffPolicy {
  readonly freeFailures: number;
  readonly firstDelaySeconds: number;
  readonly maxDelaySeconds: number;
  /** Failures older than this are forgotten. */
  readonly forgetAfterSeconds: number;
}

/**
 * Per account: five free tries, then 30 s doubling to at most 15 minutes — slows guessing to a crawl
 * but never locks the real user out for long. Per address: more room (offices share one address),
 * then up to 30 minutes. Second factor codes: like the account.
 */
export const ACCOUNT_POLICY: BackoffPolicy = { freeFailures: 5, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 24 * 3600 };
export const ADDRESS_POLICY: BackoffPolicy = { freeFailures: 20, firstDelaySeconds: 60, maxDelaySeconds: 30 * 60, forgetAfterSeconds: 3600 };
export const SECOND_FACTOR_POLICY = ACCOUNT_POLICY;

/** Pure rule: the wait after `failures` consecutive failures. */
export function backoffSeconds(failures: number, policy: BackoffPolicy): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min(policy.firstDelaySeconds * 2 ** (failures - policy.freeFailures - 1), policy.maxDelaySeconds);
}

export interface ThrottleKey {
  readonly key: string;
  readonly policy: BackoffPolicy;
}

/** Keys carry no personal data in clear: the account is the SHA-256 of its normalised email. */
export const accountKey = (email: string): ThrottleKey => ({ key: `account:${sha256(email.trim().toLowerCase())}`, policy: ACCOUNT_POLICY });
export const addressKey = (ip: string): ThrottleKey => ({ key: `ip:${ip}`, policy: ADDRESS_POLICY });
export const secondFactorKey = (userId: string): ThrottleKey => ({ key: `mfa:${userId}`, policy: SECOND_FACTOR_POLICY });

/** Refuses with `rate_limited` (and the seconds to wait) while any of the keys is blocked. */
export async function assertNotThrottled(db: Kysely<Database>, now: Date, keys: readonly ThrottleKey[]): Promise<void> {
  const rows = await db
    .selectFrom('sign_in_throttles')
    .selectAll()
    .where(
      'key',
      'in',
      keys.map((entry) => entry.key),
    )
    .execute();
  const waits = rows.map((row) => (row.blocked_until ? Math.ceil((Date.parse(row.blocked_until) - now.getTime()) / 1000) : 0));
  const wait = Math.max(0, ...waits);
  if (wait > 0) throw new AppError('rate_limited', [], { retryAfterSeconds: wait });
}

/**
 * Counts an attempt against a key before it is checked, refusing while the key is blocked; a success
 * clears the count afterwards (clearFailures). Counting first, under a row lock on PostgreSQL and the
 * single writer of SQLite, means attempts fired in parallel cannot all slip past the limit.
 */
export async function claimAttempt(ctx: AppContext, { key, policy }: ThrottleKey): Promise<void> {
  const now = ctx.clock.now();
  const wait = await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sign_in_throttles')
      .values({ key, failures: 0, last_failure_at: now.toISOString(), blocked_until: null })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
    let query = trx.selectFrom('sign_in_throttles').selectAll().where('key', '=', key);
    if (ctx.handle.kind === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirstOrThrow();
    const blockedFor = row.blocked_until ? Math.ceil((Date.parse(row.blocked_until) - now.getTime()) / 1000) : 0;
    if (blockedFor > 0) return blockedFor;
    const stale = now.getTime() - Date.parse(row.last_failure_at) > policy.forgetAfterSeconds * 1000;
    const failures = stale ? 1 : Number(row.failures) + 1;
    const next = backoffSeconds(failures, policy);
    await trx
      .updateTable('sign_in_throttles')
      .set({ failures, last_failure_at: now.toISOString(), blocked_until: next > 0 ? new Date(now.getTime() + next * 1000).toISOString() : null })
      .where('key', '=', key)
      .execute();
    return 0;
  });
  if (wait > 0) throw new AppError('rate_limited', [], { retryAfterSeconds: wait });
}

/** Counts one failure against each key and sets its next allowed time. */
export async function recordFailure(ctx: AppContext, keys: readonly ThrottleKey[]): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    for (const { key, policy } of keys) {
      const row = await trx.selectFrom('sign_in_throttles').selectAll().where('key', '=', key).executeTakeFirst();
      const stale = row && now.getTime() - Date.parse(row.last_failure_at) > policy.forgetAfterSeconds * 1000;
      const failures = !row || stale ? 1 : Number(row.failures) + 1;
      const wait = backoffSeconds(failures, policy);
      const values = {
        failures,
        last_failure_at: now.toISOString(),
        blocked_until: wait > 0 ? new Date(now.getTime() + wait * 1000).toISOString() : null,
      };
      if (row) await trx.updateTable('sign_in_throttles').set(values).where('key', '=', key).execute();
      else
        await trx
          .insertInto('sign_in_throttles')
          .values({ key, ...values })
          .onConflict((conflict) => conflict.column('key').doNothing())
          .execute();
    }
  });
}

/** A success clears the account's (or second factor's) count; the address count decays by itself. */
export async function clearFailures(ctx: AppContext, keys: readonly ThrottleKey[]): Promise<void> {
  if (keys.length === 0) return;
  await ctx.db
    .deleteFrom('sign_in_throttles')
    .where(
      'key',
      'in',
      keys.map((entry) => entry.key),
    )
    .execute();
}
