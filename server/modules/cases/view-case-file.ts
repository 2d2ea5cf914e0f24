import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { auditCaseRead, openCase } from './case-journal.ts';
import type { CaseView, ConsentView, ItemView, ParticipantView, TimelineEntry } from './cases.schemas.ts';
import { presentItems, readableItems } from './list-items.ts';
import { consentViews, participantViews } from './view-case-people.ts';
import { caseWithAbilities, type CaseAbilities } from './view-case.ts';
import { presentTimeline, visibleEvents } from './view-timeline.ts';

export interface CaseFile {
  readonly case: CaseView;
  readonly abilities: CaseAbilities;
  readonly participants: readonly ParticipantView[];
  readonly consents: readonly ConsentView[];
  readonly items: readonly ItemView[];
  readonly timeline: readonly TimelineEntry[];
}

/**
 * Everything the case page shows, read as one: the case, its participants, consents, the items the
 * viewer may read and the timeline filtered alike. One audited read (`case.viewed`, part `file`,
 * with the number of items) is recorded before anything is decrypted or answered.
 */
export async function viewCaseFile(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<CaseFile> {
  const access = await openCase(ctx, actor, options.caseId, 'case.read');
  const readable = await readableItems(ctx, actor, access);
  const events = await visibleEvents(ctx, actor, access, readable);
  await auditCaseRead(ctx, actor, access, 'case.viewed', { part: 'file', items: readable.length, timeline: events.length });
  const [viewed, participants, consents, items, timeline] = await Promise.all([
    caseWithAbilities(ctx, actor, access),
    participantViews(ctx, actor, access),
    consentViews(ctx, actor, access),
    presentItems(ctx, actor, readable),
    presentTimeline(ctx, actor, events),
  ]);
  return { case: viewed.data, abilities: viewed.abilities, participants, consents, items, timeline };
}
