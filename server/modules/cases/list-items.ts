import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from './case-crypto.ts';
import { auditCaseRead, openCase } from './case-journal.ts';
import { canReadItem } from './cases.policy.ts';
import {
  caseConsents,
  caseItems,
  consentFactsOf,
  itemFactsOf,
  organisationsById,
  usersByIds,
  type CaseAccess,
  type ItemRow,
} from './cases.queries.ts';
import { presentItem } from './cases.presenter.ts';
import type { ItemView } from './cases.schemas.ts';

/** The items of a case the actor may read under the sharing rules; the others are not even counted. */
export async function readableItems(ctx: AppContext, actor: Actor, access: CaseAccess): Promise<ItemRow[]> {
  const [items, consents] = await Promise.all([caseItems(ctx.db, actor, access.row.id), caseConsents(ctx.db, actor, access.row.id)]);
  const consentById = new Map(consents.map((consent) => [consent.id, consentFactsOf(consent)]));
  return items.filter((item) => canReadItem(access.relation, itemFactsOf(item), item.consent_id ? (consentById.get(item.consent_id) ?? null) : null));
}

/**
 * The information items of a case the viewer may read: audience includes them and the legal basis
 * still holds, or their organisation wrote it. Only those are decrypted; the read is audited first.
 */
export async function listItems(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<ItemView[]> {
  const access = await openCase(ctx, actor, options.caseId, 'case.readItems');
  const items = await readableItems(ctx, actor, access);
  await auditCaseRead(ctx, actor, access, 'case.items_viewed', { count: items.length });
  return presentItems(ctx, actor, items);
}

/** Readable items, decrypted and attributed; the caller has audited the read. */
export async function presentItems(ctx: AppContext, actor: Actor, items: readonly ItemRow[]): Promise<ItemView[]> {
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
