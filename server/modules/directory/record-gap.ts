import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { parseInput } from '../../http/validation.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { visibleCaseIds } from '../cases/index.ts';
import { gapCreateSchema } from './directory-gaps.schemas.ts';
import { insertGap } from './directory-gaps.queries.ts';

export interface RecordedGap {
  readonly id: string;
  readonly theme: string;
  readonly ageGroup: string;
  readonly language: string | null;
  readonly reason: string;
  readonly recordedAt: string;
}

/**
 * A gap may name a case only when the recorder may record gaps and sees that case: otherwise 404,
 * the same as a case that does not exist (the gap form `?caseId=` asks this too, before it is drawn).
 */
export async function requireGapCase(caseId: string, actor: Actor, ctx: AppContext): Promise<void> {
  authorize(actor, 'directory.recordGap');
  if (!(await visibleCaseIds(ctx.db, actor, [caseId])).has(caseId)) throw new AppError('not_found');
}

/**
 * Records a gap: no suitable offer was found. Fixed words only (the schema is strict: a field of
 * free text is refused). A named case must be one the recorder sees — otherwise 404, the same as a
 * case that does not exist, and nothing is stored. Audited `directory.gap_recorded` in the same
 * transaction (with the case, when one is named, so the case's access report shows it).
 */
export async function recordGap(options: { input: unknown }, actor: Actor, ctx: AppContext): Promise<RecordedGap> {
  authorize(actor, 'directory.recordGap');
  const input = parseInput(gapCreateSchema, options.input);
  const caseId = input.caseId ?? null;
  if (caseId !== null) await requireGapCase(caseId, actor, ctx);
  const gap: RecordedGap = {
    id: newId(),
    theme: input.theme,
    ageGroup: input.ageGroup,
    language: input.language ?? null,
    reason: input.reason,
    recordedAt: isoNow(ctx.clock),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertGap(trx, { ...gap, tenantId: actor.tenantId, caseId, organisationId: actor.organisationId });
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'directory.gap_recorded',
      resource: { type: 'directory_gap', id: gap.id },
      caseId,
      requestId: actor.requestId ?? null,
      details: { reason: gap.reason, fromCase: caseId !== null },
    });
  });
  return gap;
}
