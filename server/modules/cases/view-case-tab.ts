import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { readCase } from './case-door.ts';
import { readOpens, type CaseTab } from './case-read-parts.ts';
import { presentItems } from './list-items.ts';
import { consentViews, participantViews } from './view-case-people.ts';
import type { CaseView, ConsentView, ItemView, ParticipantView, TimelineEntry } from './cases.schemas.ts';
import { caseWithAbilities, type CaseAbilities } from './view-case.ts';
import { presentTimeline } from './view-timeline.ts';

/** What the case page can show: the case, the viewer's abilities and the parts of the case. */
export interface CaseFile {
  readonly case: CaseView;
  readonly abilities: CaseAbilities;
  readonly participants: readonly ParticipantView[];
  readonly consents: readonly ConsentView[];
  readonly items: readonly ItemView[];
  readonly timeline: readonly TimelineEntry[];
}

/** One tab of the case page: the case with the viewer's abilities and only the parts that tab shows (the others empty). */
export interface CaseTabFile extends CaseFile {
  readonly tab: CaseTab;
}

/**
 * What one tab of the case page shows, read through the door as one audited read of the tab's kind
 * (`case.viewed` with `part` = the tab, and the number of items or timeline steps where it shows
 * them): a tab never opens a part it does not draw.
 */
export async function viewCaseTab(options: { caseId: string; tab: CaseTab }, actor: Actor, ctx: AppContext): Promise<CaseTabFile> {
  const { tab } = options;
  const read = await readCase(ctx, actor, options.caseId, tab);
  const [viewed, participants, consents, items, timeline] = await Promise.all([
    caseWithAbilities(ctx, actor, read),
    readOpens(tab, 'participants') ? participantViews(ctx, actor, read) : [],
    readOpens(tab, 'consents') ? consentViews(ctx, actor, read) : [],
    readOpens(tab, 'items') ? presentItems(ctx, actor, read) : [],
    readOpens(tab, 'timeline') ? presentTimeline(ctx, actor, read) : [],
  ]);
  return { tab, case: viewed.data, abilities: viewed.abilities, participants, consents, items, timeline };
}
