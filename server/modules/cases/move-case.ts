import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener, fieldSealer } from '../../db/sealing.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { today as networkToday } from '../../platform/calendar-days.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { appendCaseEvent, caseAuditEvent, changeCaseRow } from './case-journal.ts';
import { openCase, requireOnCase, requireOpen } from './case-door.ts';
import { tableAudience } from './case-directory.queries.ts';
import { subjectFacts } from './cases.queries.ts';
import type { CaseMove, HandoverKeep } from './cases.schemas.ts';
import type { AgeBand } from './cases.vocabulary.ts';
import { ageMisfits, type TableAudience } from './date-rules.ts';
import { openHandoverTask, resolveHandoverTask, subjectBirthDateSealed } from './handover.queries.ts';

/** The subject's age facts today: the birth date when stored (opened here), else the age band. */
async function subjectAge(ctx: AppContext, actor: Actor, caseId: string, ageBand: string | null): Promise<{ birthDate?: string; ageBand?: AgeBand }> {
  const stored = await subjectBirthDateSealed(ctx.db, actor, caseId);
  const birthDate = stored ? await fieldOpener(ctx, actor.tenantId).openOptional('case_persons', stored.id, 'birth_date', stored.sealed) : null;
  if (birthDate) return { birthDate };
  return ageBand ? { ageBand: ageBand as AgeBand } : {};
}

/**
 * The coordinator moves an open case to another table of the network (the age hand-over, or any
 * other reason): the case keeps its id, reference and history; its table changes, its version moves
 * on (If-Match), its timeline gets a `moved` step naming both tables (and the reason, sealed, when
 * one is given) and the audit event `case.moved`; an open hand-over task of the case is resolved
 * `moved`. A target whose audience does not fit the subject's age today needs a reason, like the
 * age exception of a new case (it becomes the case's age exception; a fitting move clears it).
 * Who sees the case follows at once: key figures of the old table lose it, those of the new gain it.
 */
export async function moveCase(
  options: { caseId: string; input: CaseMove; expectedVersion: number | null },
  actor: Actor,
  ctx: AppContext,
): Promise<void> {
  const { input } = options;
  const access = await openCase(ctx, actor, options.caseId, 'case.move');
  requireOpen(access);
  requireOnCase(actor, access, 'move');
  const target = await tableAudience(ctx.db, actor, input.tableId);
  if (!target) throw new AppError('validation_failed', [{ path: 'tableId', messageKey: 'validation.choice' }]);
  const fromTableId = access.row.table_id;
  if (input.tableId === fromTableId) throw new AppError('validation_failed', [{ path: 'tableId', messageKey: 'validation.case.move_same_table' }]);
  const subject = await subjectFacts(ctx.db, actor, access);
  const age = await subjectAge(ctx, actor, access.row.id, subject?.age_band ?? null);
  const audience = target.audience as TableAudience;
  const ageException = ageMisfits(age, { audience }, networkToday(ctx.clock));
  const reason = input.reason ?? '';
  if (ageException && reason === '')
    throw new AppError('validation_failed', [{ path: 'reason', messageKey: `validation.case.move_age_outside_table_${audience}` }]);
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const eventId = newId();
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    await changeCaseRow(trx, ctx, actor, access.row.id, options.expectedVersion, {
      table_id: input.tableId,
      age_exception_reason_sealed: ageException ? sealer.seal('cases', access.row.id, 'age_exception_reason', reason) : null,
    });
    await appendCaseEvent(trx, ctx, actor, {
      id: eventId,
      caseId: access.row.id,
      kind: 'moved',
      detail: `${fromTableId}>${input.tableId}`,
      textSealed: sealer.sealOptional('case_events', eventId, 'text', reason),
    });
    const handover = await resolveHandoverTask(trx, actor, access.row.id, { resolution: 'moved', targetTableId: input.tableId, at: now });
    await recordAuditEvent(
      trx,
      ctx,
      caseAuditEvent(actor, access.row, 'case.moved', {
        purpose: 'coordination',
        details: { fromTableId, toTableId: input.tableId, ageException, handoverResolved: handover },
      }),
    );
  });
}

/**
 * The coordinator keeps a case at its table after the subject turned 18, with a reason (sealed, on
 * the timeline as `handover_kept`): the open hand-over task is resolved `kept`. Without an open task
 * there is nothing to keep: 409.
 */
export async function keepCaseAtTable(options: { caseId: string; input: HandoverKeep }, actor: Actor, ctx: AppContext): Promise<void> {
  const access = await openCase(ctx, actor, options.caseId, 'case.keepAtTable');
  requireOpen(access);
  requireOnCase(actor, access, 'keepAtTable');
  if (!(await openHandoverTask(ctx.db, actor.tenantId, access.row.id))) throw new AppError('conflict');
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const eventId = newId();
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    // The task first: of two parallel answers only one resolves it, the other changes nothing.
    if (!(await resolveHandoverTask(trx, actor, access.row.id, { resolution: 'kept', targetTableId: null, at: now }))) throw new AppError('conflict');
    await changeCaseRow(trx, ctx, actor, access.row.id, null, {});
    await appendCaseEvent(trx, ctx, actor, {
      id: eventId,
      caseId: access.row.id,
      kind: 'handover_kept',
      textSealed: sealer.seal('case_events', eventId, 'text', options.input.reason),
    });
    await recordAuditEvent(trx, ctx, caseAuditEvent(actor, access.row, 'case.handover_kept', { purpose: 'coordination' }));
  });
}
