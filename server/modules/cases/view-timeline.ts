import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from './case-crypto.ts';
import { auditCaseRead, openCase } from './case-journal.ts';
import { caseEvents, organisationsById } from './cases.queries.ts';
import type { TimelineEntry } from './cases.schemas.ts';
import { readableItems } from './list-items.ts';

/**
 * The case's history as the viewer may see it: every step of the case, but an added item only when
 * the viewer may read that item — the timeline never betrays a piece of information kept from them.
 */
export async function viewTimeline(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<TimelineEntry[]> {
  const access = await openCase(ctx, actor, options.caseId, 'case.readTimeline');
  const [events, readable, organisations] = await Promise.all([
    caseEvents(ctx.db, actor, access.row.id),
    readableItems(ctx, actor, access),
    organisationsById(ctx.db, actor),
  ]);
  const readableIds = new Set(readable.map((item) => item.id));
  const visible = events.filter((event) => event.item_id === null || readableIds.has(event.item_id));
  await auditCaseRead(ctx, actor, access, 'case.timeline_viewed', { count: visible.length });
  const opener = fieldOpener(ctx, actor.tenantId);
  return Promise.all(
    visible.map(async (event) => ({
      id: event.id,
      kind: event.kind,
      occurredAt: event.occurred_at,
      organisation: organisations.get(event.actor_organisation_id) ?? { id: event.actor_organisation_id, name: '—' },
      detail: event.detail,
      text: await opener.openOptional('case_events', event.id, 'text', event.text_sealed),
      itemId: event.item_id,
      consentId: event.consent_id,
    })),
  );
}
