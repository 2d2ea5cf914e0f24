import { createHmac } from 'node:crypto';
import type { AppContext } from '../../context.ts';

/**
 * How a reporter finds their own signals without any clear column naming them: the reporter lookup,
 * an HMAC of the user id under the tenant's blind-index key. It tells nobody who reported — it only
 * answers "is this the signal of the user asking?" for that user.
 */

function lookupWith(key: Buffer, userId: string): string {
  return createHmac('sha256', key).update(`reporter-v1\u0000${userId}`).digest('base64url');
}

/** The lookup stored with a new signal: HMAC-SHA256 with the tenant's current blind-index key, base64url. */
export async function reporterLookupOf(ctx: AppContext, tenantId: string, userId: string): Promise<string> {
  const { key } = await ctx.keyring.current(tenantId, 'blind_index');
  return lookupWith(key, userId);
}

/**
 * Every lookup the user's signals may carry: one per blind-index key version up to the current one,
 * so a signal reported before a key rotation still counts as the reporter's own. Fetch it before
 * opening a transaction (the keyring reads its own table).
 */
export async function reporterLookupsOf(ctx: AppContext, tenantId: string, userId: string): Promise<string[]> {
  const { version, key } = await ctx.keyring.current(tenantId, 'blind_index');
  const lookups = [lookupWith(key, userId)];
  for (let older = version - 1; older >= 1; older -= 1) {
    try {
      lookups.push(lookupWith(await ctx.keyring.version(tenantId, 'blind_index', older), userId));
    } catch {
      // A version that was never made (or removed) holds no signals.
    }
  }
  return lookups;
}
