import { authorize, can } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { participatingOrganisations, readCase, type AuditedCaseRead } from '../cases/index.ts';
import { meetingsDiscussingCase, meetingStarts } from '../meetings/index.ts';
import { agreementFacts, planFacts } from './plan-access.ts';
import { isOverdue, networkDay, networkToday } from './plan-dates.ts';
import { linkedServices, serviceChoices } from '../directory/index.ts';
import { agreementsOfCase, evaluationsOfCase, objectivesOfCase, organisationNames } from './plans.queries.ts';
import type { Agreement, Plan } from './plans.schemas.ts';
import type { AgreementStatus, NotDoneReason, ObjectiveStatus } from './plans.vocabulary.ts';

/**
 * A case's plan of approach, read through the case door as one audited `plan` read (purpose from the
 * actor's relation to the case). Everyone who sees the case sees the objectives and agreements; the
 * evaluation notes and the agreement descriptions are opened only for their audience (plans.policy.ts).
 */
export async function viewPlan(options: { caseId: string }, actor: Actor, ctx: AppContext): Promise<Plan> {
  return planOfRead(await readCase(ctx, actor, options.caseId, 'plan'), actor, ctx);
}

/**
 * The plan of a case already read through the door: a `plan` read, or a meeting's `briefing` read
 * (meeting mode shows the plan next to the briefing; the read was audited with the meeting's purpose).
 */
export async function planOfRead(read: AuditedCaseRead, actor: Actor, ctx: AppContext): Promise<Plan> {
  if (read.kind !== 'plan' && read.kind !== 'briefing') throw new Error(`planOfRead: a ${read.kind} read does not open the plan`);
  const facts = planFacts(actor, read);
  authorize(actor, 'plans.read', facts);
  const tenantId = actor.tenantId;
  const [objectives, evaluations, agreements, today] = await Promise.all([
    objectivesOfCase(ctx.db, tenantId, read.row.id),
    evaluationsOfCase(ctx.db, tenantId, read.row.id),
    agreementsOfCase(ctx.db, tenantId, read.row.id),
    networkToday(ctx, tenantId),
  ]);
  const opener = fieldOpener(ctx, tenantId);
  const starts = await meetingStarts(ctx.db, tenantId, [...new Set(evaluations.flatMap((evaluation) => evaluation.meeting_id ?? []))]);
  const meetingDayOf = async (meetingId: string | null) => {
    const start = meetingId ? starts.get(meetingId) : undefined;
    return start ? networkDay(ctx, tenantId, start) : null;
  };
  const readsNotes = can(actor, 'plans.readNotes', facts);
  const services = await linkedServices(
    ctx.db,
    tenantId,
    agreements.flatMap((row) => row.directory_service_id ?? []),
    ctx.clock.now(),
  );
  const presentAgreement = async (row: (typeof agreements)[number]): Promise<Agreement> => {
    const on = agreementFacts(actor, read, row);
    return {
      id: row.id,
      caseId: row.case_id,
      objectiveId: row.objective_id,
      organisationId: row.organisation_id,
      organisationName: row.organisation_name,
      description: can(actor, 'plans.readAgreement', on) ? await opener.open('plan_agreements', row.id, 'description', row.description_sealed) : null,
      dueDate: row.due_date,
      status: row.status as AgreementStatus,
      reason: row.reason as NotDoneReason | null,
      overdue: isOverdue(row, today),
      remindedAt: row.reminded_at,
      service: row.directory_service_id ? (services.get(row.directory_service_id) ?? null) : null,
      version: Number(row.version),
      abilities: { update: read.facts.status === 'open' && can(actor, 'plans.updateAgreement', on) },
    };
  };
  const manages = read.facts.status === 'open' && can(actor, 'plans.manage', facts);
  return {
    caseId: read.row.id,
    reference: read.row.reference,
    objectives: await Promise.all(
      objectives.map(async (row) => ({
        id: row.id,
        caseId: row.case_id,
        title: await opener.open('plan_objectives', row.id, 'title', row.title_sealed),
        dueDate: row.due_date,
        status: row.status as ObjectiveStatus,
        version: Number(row.version),
        createdAt: row.created_at,
        evaluations: readsNotes
          ? await Promise.all(
              evaluations
                .filter((evaluation) => evaluation.objective_id === row.id)
                .map(async (evaluation) => ({
                  id: evaluation.id,
                  note: await opener.open('plan_evaluations', evaluation.id, 'note', evaluation.note_sealed),
                  authorName: evaluation.author_name,
                  organisationName: evaluation.organisation_name,
                  createdAt: evaluation.created_at,
                  meetingId: evaluation.meeting_id,
                  meetingDate: await meetingDayOf(evaluation.meeting_id),
                })),
            )
          : null,
      })),
    ),
    agreements: await Promise.all(agreements.map(presentAgreement)),
    abilities: { manage: manages, recordGap: can(actor, 'directory.recordGap') },
    meetingChoices: manages
      ? await Promise.all(
          (await meetingsDiscussingCase(ctx.db, tenantId, read.row.table_id, read.row.id)).map(async (meeting) => ({
            id: meeting.id,
            date: await networkDay(ctx, tenantId, meeting.starts_at),
          })),
        )
      : null,
    organisationChoices: manages ? await organisationNames(ctx.db, tenantId, [...(await participatingOrganisations(ctx.db, actor, read))]) : null,
    serviceChoices: manages ? await serviceChoices(ctx.db, tenantId) : null,
  };
}
