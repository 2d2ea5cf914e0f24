import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { HOME_PANEL_SIZE, type HomePanel, type HomeViewContext } from '../module-manifest.ts';
import { readCaseReference } from '../cases/index.ts';
import { formatMeetingTime, openInventoriesOf } from '../meetings/index.ts';
import { networkToday } from './plan-dates.ts';
import { overdueAgreements } from './plans.queries.ts';

/** The coordinator's panel of overdue agreements: case reference, organisation id left out, due date — never the description. */
export async function plansHomePanels(actor: Actor, ctx: AppContext, view: HomeViewContext): Promise<HomePanel[]> {
  if (!can(actor, 'plans.overseeOverdue')) return inventoryPanels(actor, ctx, view);
  const rows = await overdueAgreements(ctx.db, actor.tenantId, await networkToday(ctx, actor.tenantId), HOME_PANEL_SIZE);
  const entries = await Promise.all(
    rows.map(async (row) => ({
      label: (await readCaseReference(ctx.db, actor.tenantId, row.case_id)) ?? '',
      href: `/cases/${row.case_id}/plan`,
      details: [view.t('plans.due_on', { date: row.due_date })],
    })),
  );
  return [{ id: 'home-plans-overdue', order: 150, heading: view.t('plans.home.overdue'), entries, empty: view.t('plans.home.overdue_empty') }];
}

/** A professional's panel of their organisation's open pre-meeting inventories (meetings of tables they sit at); none when there is none. */
async function inventoryPanels(actor: Actor, ctx: AppContext, view: HomeViewContext): Promise<HomePanel[]> {
  if (!can(actor, 'plans.listOwn')) return [];
  const open = await openInventoriesOf(ctx, actor, HOME_PANEL_SIZE);
  if (open.length === 0) return [];
  const timeZone = (await ctx.system.tenantById(actor.tenantId))?.time_zone ?? 'Europe/Brussels';
  const entries = open.map((entry) => ({
    label: view.t('plans.home.inventory_entry', { date: formatMeetingTime(entry.startsAt, view.locale, timeZone) }),
    href: `/meetings/${entry.meetingId}/inventory`,
    details: [],
  }));
  return [{ id: 'home-plans-inventory', order: 140, heading: view.t('plans.home.inventory'), entries, empty: '' }];
}
