/**
 * Denials in the audit trail, complete but bounded. An authenticated denial is one `access.denied`
 * event, as always. Denials of unauthenticated clients (anyone can send them, e.g. CSRF-less posts
 * to the sign-in) are throttled: per client address, minute and route the first one is an
 * `access.denied` event and every further one only adds to a counter (`denial_counters`); when the
 * minute is over the counters become one `access.denied_aggregated` event per route and minute with
 * `{count, route, minute, addresses}`. Nothing is dropped: the `access.denied` events plus the
 * `count`s of the aggregated events add up to every denial. The address is stored only as a keyed
 * hash, and only until its minute is flushed; the aggregated event keeps just the number of addresses.
 */
import { createHmac } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { ANONYMOUS, recordAuditEvent, appendAuditEvent, type AuditSubject } from './record-audit-event.ts';

export interface DenialInput {
  /** The signed-in actor's subject, or null for an unauthenticated client. */
  readonly subject: AuditSubject | null;
  /** `METHOD /route/pattern` of the matched route. */
  readonly route: string;
  /** The client address (socket, or the trusted proxy's header). */
  readonly address: string;
  readonly requestId: string;
  readonly deniedAction: string;
}

const addressKeys = new WeakMap<Buffer, Buffer>();
function addressHash(masterKey: Buffer, address: string): string {
  let key = addressKeys.get(masterKey);
  if (!key) {
    key = createHmac('sha256', masterKey).update('partnertafel/denial-address/v1').digest();
    addressKeys.set(masterKey, key);
  }
  return createHmac('sha256', key).update(address).digest('hex');
}

/** UTC minute `YYYY-MM-DDTHH:MM`. */
const minuteOf = (date: Date): string => date.toISOString().slice(0, 16);

/** The last minute whose earlier counters this process flushed, per context. */
const flushedBefore = new WeakMap<AppContext, string>();

/** Writes a denial: one event, or (anonymous, not the first of the minute) one more on the counter. */
export async function recordDenial(ctx: AppContext, input: DenialInput): Promise<void> {
  const event = {
    action: 'access.denied',
    resource: { type: 'route', id: input.route },
    decision: 'deny',
    requestId: input.requestId,
    details: { deniedAction: input.deniedAction },
  } as const;
  if (input.subject) {
    await appendAuditEvent(ctx, { ...event, subject: input.subject! });
    return;
  }
  const minute = minuteOf(ctx.clock.now());
  if (flushedBefore.get(ctx) !== minute) {
    await flushDenialCounters(ctx);
    flushedBefore.set(ctx, minute);
  }
  const key = { address_hash: addressHash(ctx.masterKey, input.address), minute, route: input.route.slice(0, 300) };
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('denial_counters')
      .values({ ...key, count: 0 })
      .onConflict((conflict) => conflict.columns(['address_hash', 'minute', 'route']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
      await recordAuditEvent(trx, ctx, { ...event, subject: ANONYMOUS });
      return;
    }
    const counted = await trx
      .updateTable('denial_counters')
      .set((eb) => ({ count: eb('count', '+', 1) }))
      .where('address_hash', '=', key.address_hash)
      .where('minute', '=', key.minute)
      .where('route', '=', key.route)
      .executeTakeFirst();
    // The row was flushed between the two statements: this denial is written on its own.
    if (Number(counted.numUpdatedRows) === 0) await recordAuditEvent(trx, ctx, { ...event, subject: ANONYMOUS });
  });
}

/**
 * Turns the counters of finished minutes (all of them with `everything`, at shutdown) into
 * `access.denied_aggregated` events, one per route and minute, and deletes them in the same
 * transaction. Answers the number of denials written.
 */
export async function flushDenialCounters(ctx: AppContext, options: { everything?: boolean } = {}): Promise<number> {
  const cutoff = options.everything ? '9999' : minuteOf(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx.deleteFrom('denial_counters').where('minute', '<', cutoff).returning(['minute', 'route', 'count']).execute();
    const groups = new Map<string, { minute: string; route: string; count: number; addresses: number }>();
    for (const row of rows) {
      if (Number(row.count) === 0) continue;
      const id = `${row.minute} ${row.route}`;
      const group = groups.get(id) ?? { minute: row.minute, route: row.route, count: 0, addresses: 0 };
      group.count += Number(row.count);
      group.addresses += 1;
      groups.set(id, group);
    }
    let written = 0;
    for (const group of [...groups.values()].sort((a, b) => (a.minute + a.route).localeCompare(b.minute + b.route))) {
      await recordAuditEvent(trx, ctx, {
        subject: ANONYMOUS,
        action: 'access.denied_aggregated',
        resource: { type: 'route', id: group.route },
        decision: 'deny',
        details: { count: group.count, route: group.route, minute: group.minute, addresses: group.addresses },
      });
      written += group.count;
    }
    return written;
  });
}
