import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { loadServices, type StoredService } from './directory.queries.ts';
import { presentService } from './directory.presenter.ts';
import type { DirectoryService } from './directory.schemas.ts';

/** One stored service of the actor's network, or 404 (absent and other networks alike). */
export async function loadService(ctx: AppContext, actor: Actor, id: string): Promise<StoredService> {
  const [stored] = await loadServices(ctx.db, actor.tenantId, [id]);
  if (!stored) throw new AppError('not_found');
  return stored;
}

/** Every user of the network reads an entry of the map (no read audit: it holds no personal data). */
export async function getService(options: { id: string }, actor: Actor, ctx: AppContext): Promise<DirectoryService> {
  authorize(actor, 'directory.read');
  return presentService(await loadService(ctx, actor, options.id), ctx.clock.now());
}
