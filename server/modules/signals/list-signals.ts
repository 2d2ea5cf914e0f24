import type { Actor } from '../../access/actor.ts';
import { authorize, can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { appendAuditEvent, subjectOf } from '../audit/index.ts';
import { reporterLookupsOf } from './signal-crypto.ts';
import { presentListEntry } from './signals.presenter.ts';
import type { SignalListEntry, SignalListQuery } from './signals.schemas.ts';
import { listNetworkSignals, listOwnSignals } from './signals.queries.ts';

/**
 * The signals the actor may list: every signal of the network for the coordinator (filters status,
 * theme, urgency, kind; the longest waiting first), one's own signals for a professional (newest
 * first). A list shows no content and never who reported. The coordinator's list is recorded with
 * how many it showed; a reporter's own list is recorded without a count (it would tell how many
 * signals — anonymous ones included — they reported).
 */
export async function listSignals(
  options: { query: SignalListQuery; openOnly?: boolean },
  actor: Actor,
  ctx: AppContext,
): Promise<{ entries: SignalListEntry[]; nextCursor: string | null; scope: 'network' | 'own' }> {
  authorize(actor, 'signals.list');
  const { query } = options;
  const offset = query.cursor ? Number(query.cursor) : 0;
  const page = { limit: query.limit + 1, offset };
  const network = can(actor, 'signals.registerOnBehalf');
  const rows = network
    ? await listNetworkSignals(ctx.db, actor, { ...query, openOnly: options.openOnly }, page)
    : await listOwnSignals(ctx.db, actor, await reporterLookupsOf(ctx, actor.tenantId, actor.userId), page);
  const shown = rows.slice(0, query.limit);
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: 'signal.listed',
    resource: { type: 'signal' },
    purpose: network ? 'consult_point' : 'own_report',
    requestId: actor.requestId ?? null,
    details: network ? { count: shown.length } : { scope: 'own' },
  });
  return {
    entries: shown.map((row) => presentListEntry(row, ctx.clock, network)),
    nextCursor: rows.length > query.limit ? String(offset + query.limit) : null,
    scope: network ? 'network' : 'own',
  };
}
