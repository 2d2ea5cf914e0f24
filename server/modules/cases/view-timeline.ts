import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { readCase, type AuditedCaseRead } from './case-door.ts';
import { organisationsById } from './case-directory.queries.ts';
import { listTablesForSelect } from '../tables/index.ts';
import { visibleEvents } from './cases.queries.ts';
import type { TimelineEntry } from './cases.schemas.ts';

/**
 * The case's history as the viewer may see it: every step of the case, but an added item only when
 * the viewer may read that item — the timeline never betrays a piece of information kept from them.
 */
export async function viewTimeline(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<TimelineEntry[]> {
  return presentTimeline(ctx, actor, await readCase(ctx, actor, options.caseId, 'timeline'));
}

/** The visible timeline of an audited read, with its sealed texts opened. */
export async function presentTimeline(ctx: AppContext, actor: Actor, read: AuditedCaseRead): Promise<TimelineEntry[]> {
  const [visible, organisations] = await Promise.all([visibleEvents(ctx.db, actor, read), organisationsById(ctx.db, actor)]);
  const opener = fieldOpener(ctx, actor.tenantId);
  const moves = visible.some((event) => event.kind === 'moved');
  const tableNames = moves ? new Map((await listTablesForSelect(ctx.db, actor)).map((table) => [table.id, table.name])) : new Map<string, string>();
  const moveOf = (detail: string | null) => {
    const [from, to] = (detail ?? '').split('>');
    return { fromTable: tableNames.get(from ?? '') ?? '—', toTable: tableNames.get(to ?? '') ?? '—' };
  };
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
      ...(event.kind === 'moved' && { move: moveOf(event.detail) }),
    })),
  );
}
