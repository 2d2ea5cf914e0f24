import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/config.ts';
import type { Me } from './accounts.schemas.ts';
import { presentMe } from './accounts.presenter.ts';
import { findOrganisation, findUser } from './accounts.queries.ts';

/** The signed-in user's own profile, as `GET /api/v1/me` shows it. */
export async function getMe(options: { locale: Locale }, actor: Actor, ctx: AppContext): Promise<Me> {
  authorize(actor, 'me.read');
  const [user, organisation, tenant] = await Promise.all([
    findUser(ctx.db, actor, actor.userId),
    findOrganisation(ctx.db, actor, actor.organisationId),
    ctx.system.tenantById(actor.tenantId),
  ]);
  if (!user || !organisation || !tenant) throw new AppError('unauthenticated');
  return presentMe(user, organisation, tenant, options.locale);
}
