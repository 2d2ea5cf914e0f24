import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { consultFormIsOpen } from './public-consult.queries.ts';
import { networkSlug } from './signals.queries.ts';

/** The coordinator's view of the public consult form setting: open or not, and the form's address. */
export async function viewConsultForm(actor: Actor, ctx: AppContext): Promise<{ open: boolean; path: string }> {
  authorize(actor, 'signals.manageConsultForm');
  const open = await consultFormIsOpen(ctx.db, actor.tenantId);
  return { open, path: `/consult/${await networkSlug(ctx.db, actor)}` };
}
