import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { today } from '../../platform/calendar-days.ts';
import { birthDateProblems } from './date-rules.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { appendCaseEvent, caseAuditEvent, changeCaseRow } from './case-journal.ts';
import { openCase, requireOnCase, requireOpen } from './case-door.ts';
import { blindIndexFor, sealedPersonColumns } from './create-case.ts';
import { personProblems, personRecord } from './case-rules.ts';
import { subjectFacts } from './cases.queries.ts';
import type { CaseClose, CaseReopen, DisclosureRaise } from './cases.schemas.ts';
import { isRaise, type IdentityDisclosure } from './cases.vocabulary.ts';

/** The coordinator closes an open case with an outcome and a rationale (sealed, on the timeline). */
export async function closeCase(
  options: { caseId: string; input: CaseClose; expectedVersion: number | null },
  actor: Actor,
  ctx: AppContext,
): Promise<void> {
  const access = await openCase(ctx, actor, options.caseId, 'case.close');
  requireOpen(access);
  requireOnCase(actor, access, 'close');
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const eventId = newId();
  await ctx.db.transaction().execute(async (trx) => {
    await changeCaseRow(trx, ctx, actor, access.row.id, options.expectedVersion, {
      status: 'closed',
      outcome: options.input.outcome,
      closure_rationale_sealed: sealer.seal('cases', access.row.id, 'closure_rationale', options.input.rationale),
      closed_at: isoNow(ctx.clock),
    });
    await appendCaseEvent(trx, ctx, actor, {
      id: eventId,
      caseId: access.row.id,
      kind: 'closed',
      detail: options.input.outcome,
      textSealed: sealer.seal('case_events', eventId, 'text', options.input.rationale),
    });
    await recordAuditEvent(
      trx,
      ctx,
      caseAuditEvent(actor, access.row, 'case.closed', { purpose: 'coordination', details: { outcome: options.input.outcome } }),
    );
  });
}

/** The coordinator reopens a closed case, giving the reason (sealed, on the timeline). */
export async function reopenCase(
  options: { caseId: string; input: CaseReopen; expectedVersion: number | null },
  actor: Actor,
  ctx: AppContext,
): Promise<void> {
  const access = await openCase(ctx, actor, options.caseId, 'case.reopen');
  if (access.facts.status !== 'closed') throw new AppError('conflict');
  requireOnCase(actor, access, 'reopen');
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const eventId = newId();
  await ctx.db.transaction().execute(async (trx) => {
    await changeCaseRow(trx, ctx, actor, access.row.id, options.expectedVersion, {
      status: 'open',
      outcome: null,
      closure_rationale_sealed: null,
      closed_at: null,
    });
    await appendCaseEvent(trx, ctx, actor, {
      id: eventId,
      caseId: access.row.id,
      kind: 'reopened',
      textSealed: sealer.seal('case_events', eventId, 'text', options.input.reason),
    });
    await recordAuditEvent(trx, ctx, caseAuditEvent(actor, access.row, 'case.reopened', { purpose: 'coordination' }));
  });
}

/**
 * The coordinator raises the identity disclosure level with a rationale: anonymous → restricted →
 * table, never down. From anonymous, the subject's identity may be given in the same step (it was
 * never stored before). The rationale is sealed on the timeline; the audit event records both levels.
 */
export async function raiseDisclosure(
  options: { caseId: string; input: DisclosureRaise; expectedVersion: number | null },
  actor: Actor,
  ctx: AppContext,
): Promise<void> {
  const { input } = options;
  const access = await openCase(ctx, actor, options.caseId, 'case.raiseDisclosure');
  requireOpen(access);
  requireOnCase(actor, access, 'raiseDisclosure');
  const from = access.facts.identityDisclosure;
  if (!isRaise(from, input.level)) throw new AppError('validation_failed', [{ path: 'level', messageKey: 'validation.case.disclosure_not_higher' }]);
  const level: IdentityDisclosure = input.level;
  const subjectInput = input.subject;
  if (subjectInput && from !== 'anonymous')
    throw new AppError('validation_failed', [{ path: 'subject', messageKey: 'validation.case.identity_already_stored' }]);
  const problems = subjectInput
    ? [...personProblems('subject', subjectInput, level), ...birthDateProblems('subject.birthDate', subjectInput.birthDate, today(ctx.clock))]
    : [];
  if (problems.length > 0) throw new AppError('validation_failed', problems);
  const subjectRow = await subjectFacts(ctx.db, actor, access);
  const now = isoNow(ctx.clock);
  const record = subjectInput ? personRecord(subjectInput, level, today(ctx.clock)) : null;
  const blindIndex = record ? await blindIndexFor(ctx, actor.tenantId, record) : null;
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const eventId = newId();
  await ctx.db.transaction().execute(async (trx) => {
    await changeCaseRow(trx, ctx, actor, access.row.id, options.expectedVersion, { identity_disclosure: level });
    if (record && subjectRow) {
      await trx
        .updateTable('case_persons')
        .set({
          ...sealedPersonColumns(sealer, { id: subjectRow.id, record }),
          age_band: record.ageBand ?? subjectRow.age_band,
          gender: record.gender ?? subjectRow.gender,
          blind_index: blindIndex?.value ?? null,
          blind_index_version: blindIndex?.version ?? null,
          updated_at: now,
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', subjectRow.id)
        .execute();
    }
    await appendCaseEvent(trx, ctx, actor, {
      id: eventId,
      caseId: access.row.id,
      kind: 'disclosure_raised',
      detail: `${from}>${level}`,
      textSealed: sealer.seal('case_events', eventId, 'text', input.rationale),
    });
    await recordAuditEvent(
      trx,
      ctx,
      caseAuditEvent(actor, access.row, 'case.disclosure_raised', {
        purpose: 'coordination',
        details: { from, to: level, identityAdded: record !== null },
      }),
    );
  });
}
