import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { formatLocalTime } from '../../ui/local-time.ts';
import { HOME_PANEL_SIZE, type HomeEntry, type HomePanel, type HomeViewContext } from '../module-manifest.ts';
import { lastVisitsOf, stepsSinceVisit } from './case-home.queries.ts';
import { listVisibleCases } from './case-list.queries.ts';
import { canReadItem } from './cases.policy.ts';
import { consentFactsOf, itemFactsOf, type CaseStanding } from './cases.queries.ts';
import { openHandoverTasks } from './handover.queries.ts';

/** A case the coordinator has not changed, nor anyone else, for this long needs a look. */
export const UNTOUCHED_DAYS = 60;
/** How many of the most recently changed cases the "new information" panel looks into. */
const NEW_INFORMATION_SCAN = 200;

const ALL_OPEN = '/cases?status=open';

/**
 * The cases module's part of the home page. Every list comes from the case list's query, so it holds
 * only cases the actor may open, and shows references, tables and dates — never content; reading the
 * home page is not a read of a case and is not audited as one.
 *
 * "New information" counts the timeline steps others added since the actor's last read of the case
 * (`case_visits`), and of the steps about an item only those whose item the actor may read (the
 * sharing rule, on the items' facts): the count never betrays an item kept from them, exactly as the
 * case's timeline does not.
 */
export async function casesHomePanels(actor: Actor, ctx: AppContext, view: HomeViewContext): Promise<HomePanel[]> {
  if (!can(actor, 'cases.list')) return [];
  const { t, locale } = view;
  const day = (iso: string) => formatLocalTime(iso, locale);
  const entry = (standing: CaseStanding, details: string[]): HomeEntry => ({
    label: standing.row.reference,
    href: `/cases/${standing.row.id}`,
    details: [standing.row.table_name, ...details],
  });
  const panels: HomePanel[] = [];

  // The age hand-over: pseudonym and 18th birthday only (no name), linking to the move form.
  const tasks = can(actor, 'cases.oversee') ? await openHandoverTasks(ctx.db, actor.tenantId, HOME_PANEL_SIZE) : [];
  if (tasks.length > 0) {
    panels.push({
      id: 'home-cases-handover',
      order: 95,
      heading: t('home.cases_handover.heading'),
      intro: [t('home.cases_handover.intro')],
      entries: tasks.map((task) => ({
        label: task.reference,
        href: `/cases/${task.case_id}/manage#move-heading`,
        details: [t('home.cases_handover.turned_18', { date: task.due_on })],
      })),
    });
  }

  const newInformation = await casesWithNewInformation(actor, ctx);
  panels.push({
    id: 'home-cases-new',
    order: 100,
    heading: t('home.cases_new.heading'),
    intro: [t('home.cases_new.intro')],
    entries: newInformation
      .slice(0, HOME_PANEL_SIZE)
      .map((found) => entry(found.standing, [t('home.cases_new.count', { count: found.count }), t('home.latest', { date: day(found.latest) })])),
    empty: t('home.cases_new.empty'),
    ...(newInformation.length > HOME_PANEL_SIZE && { more: { href: '/cases', label: t('home.all_cases') } }),
  });

  const open = await listVisibleCases(ctx.db, actor, { status: 'open', limit: HOME_PANEL_SIZE });
  panels.push({
    id: 'home-cases-open',
    order: 110,
    heading: t('home.cases_open.heading'),
    entries: open.entries.map((standing) => entry(standing, [t('home.changed', { date: day(standing.row.updated_at) })])),
    empty: t('home.cases_open.empty'),
    more: { href: ALL_OPEN, label: t('home.all_open_cases') },
  });

  if (!can(actor, 'cases.oversee')) return panels;

  const ownerless = await listVisibleCases(ctx.db, actor, { status: 'open', limit: HOME_PANEL_SIZE }, undefined, { kind: 'withoutOwner' });
  panels.push({
    id: 'home-cases-ownerless',
    order: 120,
    heading: t('home.cases_ownerless.heading'),
    entries: ownerless.entries.map((standing) => entry(standing, [t('home.opened', { date: day(standing.row.created_at) })])),
    empty: t('home.cases_ownerless.empty'),
    ...(ownerless.nextCursor !== null && { more: { href: ALL_OPEN, label: t('home.all_open_cases') } }),
  });

  const cutoff = new Date(ctx.clock.now().getTime() - UNTOUCHED_DAYS * 24 * 3600 * 1000).toISOString();
  const untouched = await listVisibleCases(ctx.db, actor, { status: 'open', limit: NEW_INFORMATION_SCAN }, undefined, {
    kind: 'untouchedBefore',
    before: cutoff,
  });
  const oldestFirst = [...untouched.entries].sort((a, b) => a.row.updated_at.localeCompare(b.row.updated_at));
  panels.push({
    id: 'home-cases-untouched',
    order: 130,
    heading: t('home.cases_untouched.heading', { days: UNTOUCHED_DAYS }),
    entries: oldestFirst.slice(0, HOME_PANEL_SIZE).map((standing) => entry(standing, [t('home.changed', { date: day(standing.row.updated_at) })])),
    empty: t('home.cases_untouched.empty', { days: UNTOUCHED_DAYS }),
    ...(oldestFirst.length > HOME_PANEL_SIZE && { more: { href: ALL_OPEN, label: t('home.all_open_cases') } }),
  });
  return panels;
}

/** The visible cases with steps the actor may see added by others since their last read, latest first. */
async function casesWithNewInformation(actor: Actor, ctx: AppContext): Promise<{ standing: CaseStanding; count: number; latest: string }[]> {
  const { entries: visible } = await listVisibleCases(ctx.db, actor, { limit: NEW_INFORMATION_SCAN }, undefined, { kind: 'changedSinceVisit' });
  const lastVisits = await lastVisitsOf(
    ctx.db,
    actor,
    visible.map((standing) => standing.row.id),
  );
  const { steps, items, consents } = await stepsSinceVisit(ctx.db, actor, lastVisits);
  const itemsById = new Map(items.map((item) => [item.id, item]));
  const consentsById = new Map(consents.map((consent) => [consent.id, consent]));
  const byCase = new Map(visible.map((standing) => [standing.row.id, { standing, count: 0, latest: '' }]));
  for (const step of steps) {
    const found = byCase.get(step.case_id);
    if (!found) continue;
    if (step.item_id !== null) {
      const item = itemsById.get(step.item_id);
      const consent = item?.consent_id ? consentsById.get(item.consent_id) : undefined;
      if (!item || !canReadItem(found.standing.relation, itemFactsOf(item), consent ? consentFactsOf(consent) : null)) continue;
    }
    found.count += 1;
    if (step.occurred_at > found.latest) found.latest = step.occurred_at;
  }
  return [...byCase.values()].filter((found) => found.count > 0).sort((a, b) => b.latest.localeCompare(a.latest));
}
