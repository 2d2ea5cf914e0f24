import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { listServiceIds, loadServices, type ServiceFilters } from './directory.queries.ts';
import { presentService } from './directory.presenter.ts';
import type { DirectoryService } from './directory.schemas.ts';

export const DEFAULT_PAGE_SIZE = 50;

/**
 * The map's list and search: words (full text, accent-insensitive, the last word as a prefix),
 * theme, language, age, "no waiting list"; by name, a page at a time.
 */
export async function listServices(
  options: { filters: ServiceFilters; limit?: number | undefined; cursor?: string | undefined },
  actor: Actor,
  ctx: AppContext,
): Promise<{ data: DirectoryService[]; nextCursor: string | null }> {
  authorize(actor, 'directory.read');
  // The engine decides the full-text dialect; the handle knows it (test contexts keep a default config).
  const { ids, nextCursor } = await listServiceIds(ctx.db, ctx.handle.kind, actor, options.filters, {
    limit: options.limit ?? DEFAULT_PAGE_SIZE,
    cursor: options.cursor,
  });
  const now = ctx.clock.now();
  return { data: (await loadServices(ctx.db, actor.tenantId, ids)).map((stored) => presentService(stored, now)), nextCursor };
}
