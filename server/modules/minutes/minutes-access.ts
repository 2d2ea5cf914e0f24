import { can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import type { AuditedCaseRead, ItemView, MeetingPurpose } from '../cases/index.ts';
import type { OpenedMeeting } from '../meetings/index.ts';
import type { MinutesFacts } from './minutes.policy.ts';
import type { MinuteEntryRow } from './minutes.queries.ts';
import type { MinuteEntry } from './minutes.schemas.ts';
import type { MinuteEntryKind } from './minutes.vocabulary.ts';

/** The minutes policy's facts of an opened meeting. */
export const minutesFacts = (opened: OpenedMeeting): MinutesFacts => ({
  tenantId: opened.table.facts.tenantId,
  seats: opened.table.facts.seats,
  status: opened.row.status,
});

/**
 * Why the actor reads a case of this meeting: `minutes` for who takes them (the coordinator and the
 * table's minute taker) while the meeting runs, `meeting` (the briefing) for everyone else and after.
 */
export function readingPurpose(actor: Actor, opened: OpenedMeeting): MeetingPurpose {
  return opened.row.status === 'in_progress' && can(actor, 'minutes.write', minutesFacts(opened)) ? 'minutes' : 'meeting';
}

/**
 * The entries of one case a reader may see: a note only when the door let them read its item (its
 * text is the item's), every decision of a case the door opened to them.
 */
export async function presentEntries(
  ctx: AppContext,
  actor: Actor,
  read: AuditedCaseRead,
  rows: readonly MinuteEntryRow[],
  items: readonly ItemView[],
): Promise<MinuteEntry[]> {
  const opener = fieldOpener(ctx, actor.tenantId);
  const itemText = new Map(items.map((item) => [item.id, item.body]));
  const entries: MinuteEntry[] = [];
  for (const row of rows) {
    if (row.case_id !== read.row.id) continue;
    const text =
      row.kind === 'note'
        ? row.item_id !== null && read.readableItemIds.has(row.item_id)
          ? (itemText.get(row.item_id) ?? null)
          : null
        : await opener.open('meeting_minute_entries', row.id, 'text', row.text_sealed!);
    if (text === null) continue;
    entries.push({
      id: row.id,
      caseId: row.case_id,
      kind: row.kind as MinuteEntryKind,
      itemId: row.item_id,
      text,
      addendum: Number(row.addendum) === 1,
      createdAt: row.created_at,
    });
  }
  return entries;
}
