import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { HOME_PANEL_SIZE, type HomePanel, type HomeViewContext } from '../module-manifest.ts';
import { tablesAwaitingConfirmation } from './modalities.queries.ts';
import { modalitiesPlace } from './table-modalities.views.tsx';

/** A member's panel: the tables whose current modalities they have not confirmed yet (none: no panel). */
export async function tablesHomePanels(actor: Actor, ctx: AppContext, view: HomeViewContext): Promise<HomePanel[]> {
  const tables = await tablesAwaitingConfirmation(ctx.db, actor, HOME_PANEL_SIZE);
  if (tables.length === 0) return [];
  const entries = tables.map((table) => ({
    label: view.t('tables.home.confirm_modalities', { table: table.name }),
    href: modalitiesPlace(table.id),
  }));
  return [{ id: 'home-table-modalities', order: 40, heading: view.t('tables.home.modalities_heading'), entries }];
}
