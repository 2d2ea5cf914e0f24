import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from './case-crypto.ts';
import { auditCaseRead, openCase } from './case-journal.ts';
import { caseEvents, organisationsById, type CaseAccess, type ItemRow } from './cases.queries.ts';
import type { TimelineEntry } from './cases.schemas.ts';
import { readableItems } from './list-items.ts';

/**
 * The case's history as the viewer may see it: every step of the case, but an added item only when
 * the viewer may read that item — the timeline never betrays a piece of information kept from them.
 */
export async function viewTimeline(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<TimelineEntry[]> {
  const access = await openCase(ctx, actor, options.caseId, 'case.readTimeline');
  const visible = await visibleEvents(ctx, actor, access, await readableItems(ctx, actor, access));
  await auditCaseRead(ctx, actor, access, 'case.timeline_viewed', { count: visible.length });
  return presentTimeline(ctx, actor, visible);
}

/** The case's timeline rows, without the steps that would betray an item the viewer may not read. */
export async function visibleEvents(ctx: AppContext, actor: Actor, access: CaseAccess, readable: readonly ItemRow[]) {
  const events = await caseEvents(ctx.db, actor, access.row.id);
  const readableIds = new Set(readable.map((item) => item.id));
  return events.filter((event) => event.item_id === null || readableIds.has(event.item_id));
}

/** Timeline rows as entries with their sealed texts opened; the caller has audited the read. */
export async function presentTimeline(ctx: AppContext, actor: Actor, visible: Awaited<ReturnType<typeof visibleEvents>>): Promise<TimelineEntry[]> {
  const organisations = await organisationsById(ctx.db, actor);
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
