import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { issueToFieldIssues } from '../../http/validation.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { UUID_PATTERN } from '../../platform/strings.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { changeSignalRow, markInConsultation, openSignal, requireOnSignal, signalAuditEvent, signalPurpose } from '../signals/index.ts';
import { parseAnswers, type ScreeningAnswers } from './screening-answers.ts';
import { screeningCategory, type ScreeningCategory } from './screening-category.ts';
import { requireScreeningsVisible } from './screening-read.ts';
import { instrumentById, insertScreening } from './screening.queries.ts';
import { instrumentContentSchema, screeningCreateSchema, type ScreeningCreate } from './screening.schemas.ts';

/**
 * Checks a screening's body whole: its shape, that the instrument is a version in use (an older
 * version is refused: a new screening uses what the network uses now), and the answers against that
 * version's items. Every problem is reported at once, under the API's paths.
 */
async function validScreening(
  ctx: AppContext,
  body: unknown,
): Promise<{ input: ScreeningCreate; answers: ScreeningAnswers; instrument: { key: string; version: number } }> {
  const parsed = screeningCreateSchema.safeParse(body ?? {}, { reportInput: true });
  // The answers are checked against the version below; the general shape only says they are an object.
  const issues: FieldIssue[] = parsed.success
    ? []
    : parsed.error.issues.flatMap(issueToFieldIssues).filter((issue) => !issue.path.startsWith('answers.'));
  const raw = (typeof body === 'object' && body !== null ? body : {}) as { instrumentId?: unknown; answers?: unknown };
  const instrumentId = typeof raw.instrumentId === 'string' ? raw.instrumentId.trim() : '';
  const found = UUID_PATTERN.test(instrumentId) ? await instrumentById(ctx.db, instrumentId) : undefined;
  const instrument = found && Number(found.active) === 1 ? found : undefined;
  if (UUID_PATTERN.test(instrumentId) && !instrument) issues.push({ path: 'instrumentId', messageKey: 'validation.screening.instrument_not_active' });
  let answers: ScreeningAnswers = {};
  if (instrument && typeof raw.answers === 'object' && raw.answers !== null && !Array.isArray(raw.answers)) {
    const checked = parseAnswers(instrumentContentSchema.parse(JSON.parse(instrument.content)), raw.answers);
    if (checked.success) answers = checked.answers;
    else issues.push(...checked.issues);
  }
  if (!parsed.success && issues.length === 0) issues.push({ path: 'answers', messageKey: 'validation.invalid' });
  if (!parsed.success || !instrument || issues.length > 0) throw new AppError('validation_failed', issues);
  return { input: parsed.data, answers, instrument: { key: instrument.key, version: instrument.version } };
}

/**
 * The coordinator records a screening of a signal (`signals.screen`): the instrument version used,
 * the answers and the rationale sealed, the judgement in clear with its category — computed from the
 * two axes of the judgement alone, never from the answers. The signal takes the urgency and category
 * of this, its latest, screening and is now in consultation. Audited as `screening.recorded`.
 *
 * The reporter and everyone else who may not see the screenings get the 404 of a missing signal.
 */
export async function recordScreening(
  options: { signalId: string; body: unknown },
  actor: Actor,
  ctx: AppContext,
): Promise<{ id: string; category: ScreeningCategory }> {
  const access = await openSignal(ctx, actor, options.signalId, 'signals.screen');
  await requireScreeningsVisible(ctx, actor, access, 'signals.screen');
  requireOnSignal(actor, access, 'screen');
  const { input, answers, instrument } = await validScreening(ctx, options.body);
  const category = screeningCategory(input.judgement);
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const id = newId();
  const row = {
    id,
    tenant_id: access.row.tenant_id,
    signal_id: access.row.id,
    instrument_id: input.instrumentId,
    answers_sealed: sealer.seal('screenings', id, 'answers', JSON.stringify(answers)),
    wellbeing_vulnerable: input.judgement.wellbeingVulnerable ? 1 : 0,
    radicalisation_vulnerable: input.judgement.radicalisationVulnerable ? 1 : 0,
    urgency: input.judgement.urgency,
    category,
    rationale_sealed: sealer.seal('screenings', id, 'rationale', input.judgement.rationale),
    screened_by: actor.userId,
    created_at: isoNow(ctx.clock),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertScreening(trx, row);
    await markInConsultation(trx, ctx, access);
    await changeSignalRow(trx, ctx, access.row.tenant_id, access.row.id, null, { urgency: input.judgement.urgency, category });
    await recordAuditEvent(
      trx,
      ctx,
      signalAuditEvent(actor, access, 'screening.recorded', {
        resource: { type: 'screening', id },
        purpose: signalPurpose(access.relation),
        details: { signalId: access.row.id, instrumentKey: instrument.key, version: instrument.version, category },
      }),
    );
  });
  return { id, category };
}
