import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from './case-crypto.ts';
import { readCase, type AuditedCaseRead } from './case-door.ts';
import { organisationsById, readableItems, usersByIds } from './cases.queries.ts';
import { presentItem } from './cases.presenter.ts';
import type { ItemView } from './cases.schemas.ts';

/**
 * The information items of a case the viewer may read: audience includes them and the legal basis
 * still holds, or they are on the author's side. The door decides which and audits the read first.
 */
export async function listItems(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<ItemView[]> {
  return presentItems(ctx, actor, await readCase(ctx, actor, options.caseId, 'items'));
}

/** The readable items of an audited read, decrypted and attributed. */
export async function presentItems(ctx: AppContext, actor: Actor, read: AuditedCaseRead): Promise<ItemView[]> {
  const items = await readableItems(ctx.db, actor, read);
  const [organisations, authors] = await Promise.all([
    organisationsById(ctx.db, actor),
    usersByIds(
      ctx.db,
      actor,
      items.map((item) => item.author_user_id),
    ),
  ]);
  const opener = fieldOpener(ctx, actor.tenantId);
  return Promise.all(items.map((item) => presentItem(item, organisations, authors, opener)));
}
