import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { readCase } from './case-door.ts';
import type { CaseView, ConsentView, ItemView, ParticipantView, TimelineEntry } from './cases.schemas.ts';
import { presentItems } from './list-items.ts';
import { consentViews, participantViews } from './view-case-people.ts';
import { caseWithAbilities, type CaseAbilities } from './view-case.ts';
import { presentTimeline } from './view-timeline.ts';

export interface CaseFile {
  readonly case: CaseView;
  readonly abilities: CaseAbilities;
  readonly participants: readonly ParticipantView[];
  readonly consents: readonly ConsentView[];
  readonly items: readonly ItemView[];
  readonly timeline: readonly TimelineEntry[];
}

/**
 * Everything the case page shows, read as one through the door: one audited read (`case.viewed`,
 * part `file`, with the number of items and timeline steps) before anything is decrypted.
 */
export async function viewCaseFile(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<CaseFile> {
  const read = await readCase(ctx, actor, options.caseId, 'file');
  const [viewed, participants, consents, items, timeline] = await Promise.all([
    caseWithAbilities(ctx, actor, read),
    participantViews(ctx, actor, read),
    consentViews(ctx, actor, read),
    presentItems(ctx, actor, read),
    presentTimeline(ctx, actor, read),
  ]);
  return { case: viewed.data, abilities: viewed.abilities, participants, consents, items, timeline };
}
