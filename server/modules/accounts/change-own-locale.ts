import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Locale } from '../../platform/config.ts';
import { isoNow } from '../../platform/clock.ts';

/** A signed-in user picks their interface language; remembered on their account. */
export async function changeOwnLocale(options: { locale: Locale }, actor: Actor, ctx: AppContext): Promise<void> {
  authorize(actor, 'me.update');
  await ctx.db
    .updateTable('users')
    .set({ locale: options.locale, updated_at: isoNow(ctx.clock) })
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', actor.userId)
    .execute();
  // The cached principal carries the language.
  ctx.system.principalsChanged();
}
