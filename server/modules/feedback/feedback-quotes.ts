import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { presentItems, readCaseInMeeting, type ItemView } from '../cases/index.ts';
import { quoteRefusal } from './feedback.policy.ts';

/** One quoted item's text, copied into the form so that the form stands on its own. */
export interface Quote {
  readonly itemId: string;
  readonly body: string;
}

/** An item of the case as the drafter may choose it: quotable, or why not (its text only when quotable). */
export interface QuoteChoice {
  readonly itemId: string;
  readonly createdAt: string;
  readonly classes: readonly string[];
  readonly body: string | null;
  readonly refusal: ReturnType<typeof quoteRefusal>;
}

/**
 * The case read through the meeting for its briefing (`readCaseInMeeting`, audited): a case not on
 * the agenda, or a meeting the drafter did not attest, answers 404 there. Answers the items the
 * drafter may read.
 */
export async function readableItemsInMeeting(ctx: AppContext, actor: Actor, caseId: string, meetingId: string): Promise<ItemView[]> {
  const read = await readCaseInMeeting(ctx, actor, caseId, meetingId, 'meeting');
  return (await presentItems(ctx, actor, read)).filter((item) => read.readableItemIds.has(item.id));
}

/** What the drafter may choose to quote (the draft page): every readable item, secret ones without their text. */
export function quoteChoices(items: readonly ItemView[]): QuoteChoice[] {
  return items.map((item) => {
    const refusal = quoteRefusal(item);
    return { itemId: item.id, createdAt: item.createdAt, classes: item.classes, body: refusal === null ? item.body : null, refusal };
  });
}

/**
 * The quotes of a form: every id must be an item the drafter reads through the door, and none may be
 * secret (`mayQuoteInFeedback`). Otherwise 400 `validation_failed` with one issue on `quotedItemIds`
 * per item that cannot be quoted, naming it — and nothing is stored.
 */
export function resolveQuotes(items: readonly ItemView[], ids: readonly string[]): Quote[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const issues: FieldIssue[] = [];
  const quotes: Quote[] = [];
  for (const id of [...new Set(ids)]) {
    const item = byId.get(id);
    const refusal = item ? quoteRefusal(item) : 'unreadable';
    if (refusal !== null || !item)
      issues.push({ path: 'quotedItemIds', messageKey: `validation.feedback.quote_${refusal ?? 'unreadable'}`, values: { item: id } });
    else quotes.push({ itemId: item.id, body: item.body });
  }
  if (issues.length > 0) throw new AppError('validation_failed', issues);
  return quotes;
}
