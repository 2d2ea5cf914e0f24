import { can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { isAppError } from '../../platform/errors.ts';
import { readCaseInMeeting } from '../cases/index.ts';
import { viewMeetingInventory } from '../meetings/index.ts';
import { agreementFacts } from './plan-access.ts';
import { isOverdue, networkToday } from './plan-dates.ts';
import { openAgreementsOfOrganisation } from './plans.queries.ts';
import type { Inventory } from './plans.schemas.ts';

/**
 * The pre-meeting inventory of the caller's organisation: past the meeting's gate (404 without a case
 * of the organisation on the agenda, then 403 `attestation_required`), per agenda case of the
 * organisation its pseudonym and the organisation's own open agreements on it. Each case is read
 * through the cases door as one audited `briefing` read for the meeting; a case the caller may not
 * read through the meeting is shown by pseudonym only, without agreements.
 */
export async function viewInventory(options: { meetingId: string }, actor: Actor, ctx: AppContext): Promise<Inventory> {
  const inventory = await viewMeetingInventory(options, actor, ctx);
  const onCases = new Set(inventory.cases.map((entry) => entry.id));
  const rows = (await openAgreementsOfOrganisation(ctx.db, actor.tenantId, inventory.organisationId)).filter((row) => onCases.has(row.case_id));
  const today = await networkToday(ctx, actor.tenantId);
  const opener = fieldOpener(ctx, actor.tenantId);
  const cases: Inventory['cases'] = [];
  for (const entry of inventory.cases) {
    let read;
    try {
      read = await readCaseInMeeting(ctx, actor, entry.id, inventory.meeting.id, 'meeting');
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'not_found' && error.code !== 'forbidden')) throw error;
      cases.push({ caseId: entry.id, reference: entry.reference, readable: false, agreements: [] });
      continue;
    }
    const agreements = [];
    for (const row of rows.filter((candidate) => candidate.case_id === entry.id)) {
      const on = agreementFacts(actor, read, row);
      if (!can(actor, 'plans.readAgreement', on)) continue;
      agreements.push({
        id: row.id,
        description: await opener.open('plan_agreements', row.id, 'description', row.description_sealed),
        dueDate: row.due_date,
        overdue: isOverdue(row, today),
        version: Number(row.version),
        canUpdate: read.facts.status === 'open' && can(actor, 'plans.updateAgreement', on),
      });
    }
    cases.push({ caseId: entry.id, reference: entry.reference, readable: true, agreements });
  }
  return {
    meetingId: inventory.meeting.id,
    tableName: inventory.meeting.tableName,
    startsAt: inventory.meeting.startsAt,
    timeZone: inventory.meeting.timeZone,
    doneAt: inventory.doneAt,
    canComplete: inventory.canComplete,
    cases,
  };
}
