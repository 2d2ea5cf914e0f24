import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import type { Locale } from '../../platform/config.ts';
import { isoNow } from '../../platform/clock.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { addItem, addParticipant } from '../cases/index.ts';
import { openSignal, readSignal, requireOnSignal, signalAuditEvent, signalDescription } from './signal-door.ts';
import { changeSignalRow } from './signals.queries.ts';
import { seatRefusal, knownReporterUser, requireReferable } from './referral-rules.ts';
import { inquiriesSummaryText } from './referral-inquiries.ts';
import { referralSummaries } from './referral-summaries.ts';
import { claimForReferral, releaseReferralClaim } from './referral.queries.ts';
import type { AddToCase } from './referral.schemas.ts';

/** The role the reporter takes on a known case: a guest joins for that one case only (DOMAIN.md, "Actors"). */
export const SEATED_REPORTER_ROLE = 'guest';

/**
 * "Known dossier at the table" (issue 11, "Already known?"): instead of opening a new case, the
 * coordinator adds the signal's information — what the reporter wrote, the screening and the inquiry
 * summaries if any — to a case of the same person as one item, with the audience and legal basis they choose,
 * through the cases module (`addItem` checks the case, the audience and the basis). The reporter joins
 * the case as a guest only when they made themself known and the coordinator seats them. The signal
 * becomes `referred` with the case's id and the moment it was added; recorded as `signal.added_to_case`.
 */
export async function addSignalToCase(
  options: { signalId: string; input: AddToCase; locale: Locale },
  actor: Actor,
  ctx: AppContext,
): Promise<{ itemId: string }> {
  const { input } = options;
  const access = await openSignal(ctx, actor, options.signalId, 'signals.refer');
  requireOnSignal(actor, access, 'refer');
  requireReferable(access.row);
  const reporterUserId = knownReporterUser(access.row);
  if (input.seatReporterOrganisation === true && reporterUserId === null)
    throw new AppError('validation_failed', [
      { path: 'seatReporterOrganisation', messageKey: seatRefusal(access.row) ?? 'validation.referral.reporter_not_known' },
    ]);
  const read = await readSignal(ctx, actor, options.signalId, 'referral');
  const { screening, inquiries } = await referralSummaries(ctx, actor, read, options.locale);
  const body = [await signalDescription(ctx, read), screening, inquiries && inquiriesSummaryText(inquiries, options.locale)]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join('\n\n');
  const claim = { id: access.row.id, version: access.row.version };
  if (!(await claimForReferral(ctx.db, actor, claim)))
    throw new AppError('conflict', [{ path: 'signal', messageKey: 'validation.referral.already_referred' }]);
  let item: { id: string };
  try {
    item = await addItem(
      {
        caseId: input.caseId,
        input: { body, audience: input.audience, legalBasis: input.legalBasis, ...(input.itemClasses && { classes: input.itemClasses }) },
      },
      actor,
      ctx,
    );
  } catch (error) {
    await releaseReferralClaim(ctx.db, actor, claim);
    throw error;
  }
  let seated = false;
  if (input.seatReporterOrganisation === true && reporterUserId !== null) {
    try {
      await addParticipant({ caseId: input.caseId, input: { userId: reporterUserId, role: SEATED_REPORTER_ROLE } }, actor, ctx);
      seated = true;
    } catch (error) {
      // Already on the case: nothing to add.
      if (!(isAppError(error) && error.code === 'conflict')) throw error;
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    await changeSignalRow(trx, ctx, access.row.tenant_id, access.row.id, null, {
      status: 'referred',
      case_id: input.caseId,
      // Tells an added signal from a referred one (its referral form says "added to the case" on this day).
      added_to_case_at: isoNow(ctx.clock),
    });
    await recordAuditEvent(
      trx,
      ctx,
      signalAuditEvent(actor, access, 'signal.added_to_case', {
        purpose: 'consult_point',
        legalBasis: input.legalBasis,
        details: { caseId: input.caseId, itemId: item.id, audience: input.audience, reporterSeated: seated },
      }),
    );
  });
  return { itemId: item.id };
}
