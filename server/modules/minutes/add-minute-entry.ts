import { authorize, can } from '../../access/authorize.ts';
import { hasRole, type Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { accessPurpose, addItem, openCaseInMeeting, type CaseAccess } from '../cases/index.ts';
import { openMeetingForActor, requireAttestation } from '../meetings/index.ts';
import { minutesFacts } from './minutes-access.ts';
import { insertEntry } from './minutes.queries.ts';
import type { MinuteEntryCreate } from './minutes.schemas.ts';
import type { MinuteEntryKind } from './minutes.vocabulary.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Where an entry goes in: the case as the meeting opens it, and whether it is an addendum. */
interface EntryPassage {
  readonly access: CaseAccess;
  readonly addendum: boolean;
}

/**
 * Opens a case of a meeting for a minutes entry. 404 for who does not see the meeting; 403 (audited)
 * for a member who does not take minutes; 403 `attestation_required` until attested. While the
 * meeting runs: the minutes door (`openCaseInMeeting(…, 'minutes')`). After it closed: the
 * coordinator's addendum, through the meeting's briefing door (the coordinator's own relation to the
 * case, the case on the agenda) — asked for with `addendum: true`. Otherwise the coordinator gets 409
 * (not running, or an addendum asked of a running meeting) and a minute taker the door's 404
 * (audited): the meeting opens them nothing.
 */
async function openForEntry(ctx: AppContext, actor: Actor, meetingId: string, caseId: string, asAddendum: boolean): Promise<EntryPassage> {
  const opened = await openMeetingForActor(ctx, actor, meetingId);
  const facts = minutesFacts(opened);
  authorize(actor, 'minutes.write', facts);
  await requireAttestation(ctx, actor, opened.row.id);
  const running = opened.row.status === 'in_progress';
  // An addendum is asked for explicitly, and only of a closed meeting's minutes.
  if (running && asAddendum) throw new AppError('conflict');
  if (running) return { access: await openCaseInMeeting(ctx, actor, caseId, opened.row.id, 'minutes'), addendum: false };
  if (asAddendum && can(actor, 'minutes.addAddendum', facts))
    return { access: await openCaseInMeeting(ctx, actor, caseId, opened.row.id, 'meeting'), addendum: true };
  if (hasRole(actor, 'coordinator')) throw new AppError('conflict');
  return { access: await openCaseInMeeting(ctx, actor, caseId, opened.row.id, 'minutes'), addendum: false };
}

/** The entry's row and its audit event, in the transaction of the change. */
async function recordEntry(
  trx: Transaction<Database>,
  ctx: AppContext,
  actor: Actor,
  entry: { id: string; meetingId: string; kind: MinuteEntryKind; itemId: string | null; textSealed: string | null; passage: EntryPassage },
): Promise<void> {
  const { access, addendum } = entry.passage;
  await insertEntry(trx, {
    id: entry.id,
    tenant_id: actor.tenantId,
    meeting_id: entry.meetingId,
    case_id: access.row.id,
    kind: entry.kind,
    item_id: entry.itemId,
    text_sealed: entry.textSealed,
    addendum: addendum ? 1 : 0,
    created_by: actor.userId,
    created_at: isoNow(ctx.clock),
  });
  await recordAuditEvent(trx, ctx, {
    subject: subjectOf(actor),
    action: entry.kind === 'note' ? 'minutes.note_added' : 'minutes.decision_added',
    resource: { type: 'minute_entry', id: entry.id },
    caseId: access.row.id,
    personPseudonym: access.row.reference,
    purpose: addendum ? accessPurpose(access.relation) : 'minutes',
    legalBasis: 'art_458ter',
    details: { meetingId: entry.meetingId, addendum, ...(entry.itemId !== null && { itemId: entry.itemId }) },
    requestId: actor.requestId ?? null,
  });
}

/**
 * A note of the minutes: a case item of the table's audience on art. 458ter (the organised case
 * consultation), written through the cases module's `addItem` with the case as the meeting opened it
 * (so its rules — the case open, the basis for the author's organisation — hold as for every item),
 * and the minutes entry with its `minutes.note_added` event in the item's transaction.
 */
export async function addMinuteNote(
  options: { meetingId: string; caseId: string; input: MinuteEntryCreate },
  actor: Actor,
  ctx: AppContext,
): Promise<{ id: string; itemId: string; addendum: boolean }> {
  const passage = await openForEntry(ctx, actor, options.meetingId, options.caseId, options.input.addendum === true);
  const id = newId();
  const { id: itemId } = await addItem(
    {
      caseId: passage.access.row.id,
      input: { body: options.input.text, audience: 'table', legalBasis: 'art_458ter' },
      through: passage.access,
      alongside: (trx, itemId) => recordEntry(trx, ctx, actor, { id, meetingId: options.meetingId, kind: 'note', itemId, textSealed: null, passage }),
    },
    actor,
    ctx,
  );
  return { id, itemId, addendum: passage.addendum };
}

/**
 * A decision of the minutes: its text sealed in the minutes (not a case item), for every reader the
 * meeting opens the case to. A closed case takes no decisions (409), as it takes no items.
 */
export async function addMinuteDecision(
  options: { meetingId: string; caseId: string; input: MinuteEntryCreate },
  actor: Actor,
  ctx: AppContext,
): Promise<{ id: string; addendum: boolean }> {
  const passage = await openForEntry(ctx, actor, options.meetingId, options.caseId, options.input.addendum === true);
  if (passage.access.facts.status !== 'open') throw new AppError('conflict');
  const id = newId();
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const textSealed = sealer.seal('meeting_minute_entries', id, 'text', options.input.text);
  await ctx.db
    .transaction()
    .execute((trx) => recordEntry(trx, ctx, actor, { id, meetingId: options.meetingId, kind: 'decision', itemId: null, textSealed, passage }));
  return { id, addendum: passage.addendum };
}
