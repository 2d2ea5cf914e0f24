import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { readCase, type AuditedCaseRead } from './case-door.ts';
import { namesForItems } from './case-directory.queries.ts';
import { parseIds, readableItems, readableItemsPage, type ItemRow } from './cases.queries.ts';
import { presentItem } from './cases.presenter.ts';
import type { ItemView } from './cases.schemas.ts';

/** Items per page of the API's item list when the caller names no limit. */
export const ITEM_PAGE_SIZE = 100;

/**
 * The information items of a case the viewer may read, one page at a time (oldest first): audience
 * includes them and the legal basis still holds, or they are on the author's side. The door decides
 * which and audits the read first; only the page is decrypted.
 */
export async function listItems(
  options: { caseId: string; limit?: number | undefined; cursor?: string | undefined },
  actor: Actor,
  ctx: AppContext,
): Promise<{ data: ItemView[]; nextCursor: string | null }> {
  const read = await readCase(ctx, actor, options.caseId, 'items');
  const page = await readableItemsPage(ctx.db, actor, read, { limit: options.limit ?? ITEM_PAGE_SIZE, cursor: options.cursor });
  return { data: await presentItemRows(ctx, actor, page.rows), nextCursor: page.nextCursor };
}

/** Every readable item of an audited read, decrypted and attributed (the case page). */
export async function presentItems(ctx: AppContext, actor: Actor, read: AuditedCaseRead): Promise<ItemView[]> {
  return presentItemRows(ctx, actor, await readableItems(ctx.db, actor, read));
}

async function presentItemRows(ctx: AppContext, actor: Actor, items: readonly ItemRow[]): Promise<ItemView[]> {
  const { users: authors, organisations } = await namesForItems(ctx.db, actor, {
    userIds: items.map((item) => item.author_user_id),
    organisationIds: items.flatMap((item) => [item.author_organisation_id, ...parseIds(item.organisation_ids)]),
  });
  const opener = fieldOpener(ctx, actor.tenantId);
  return Promise.all(items.map((item) => presentItem(item, organisations, authors, opener)));
}
