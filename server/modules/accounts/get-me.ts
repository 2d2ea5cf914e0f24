import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/config.ts';
import type { Me } from './accounts.schemas.ts';
import { presentMe } from './accounts.presenter.ts';
import { findMe } from './accounts.queries.ts';

/**
 * The signed-in user's own profile, as `GET /api/v1/me` shows it: one statement (the user and their
 * organisation), the network from the tenant cache, the roles this request is decided by.
 */
export async function getMe(options: { locale: Locale }, actor: Actor, ctx: AppContext): Promise<Me> {
  authorize(actor, 'me.read');
  const [me, tenant] = await Promise.all([findMe(ctx.db, actor), ctx.system.tenantById(actor.tenantId)]);
  if (!me || !tenant) throw new AppError('unauthenticated');
  return presentMe(me, [...actor.roles].sort(), tenant, options.locale);
}
