import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { recordCaseChange } from './case-journal.ts';
import { openCase, requireOnCase, requireOpen } from './case-door.ts';
import { accessPurpose } from './cases.policy.ts';
import { existingOrganisationIds } from './case-directory.queries.ts';
import { findConsentFacts } from './cases.queries.ts';
import type { ConsentCreate, ConsentWithdraw } from './cases.schemas.ts';

/**
 * The coordinator or the case owner records a consent: who gave it, which organisations the
 * information may reach, for what purpose, with or without feedback, when, and where the signed
 * document is kept. Purpose and document reference are sealed.
 */
export async function recordConsent(options: { caseId: string; input: ConsentCreate }, actor: Actor, ctx: AppContext): Promise<{ id: string }> {
  const { input } = options;
  const access = await openCase(ctx, actor, options.caseId, 'case.recordConsent');
  requireOpen(access);
  requireOnCase(actor, access, 'recordConsent');
  const organisationIds = [...new Set(input.organisationIds)].sort();
  const known = await existingOrganisationIds(ctx.db, actor, organisationIds);
  if (organisationIds.some((id) => !known.has(id)))
    throw new AppError('validation_failed', [{ path: 'organisationIds', messageKey: 'validation.choice' }]);
  const now = isoNow(ctx.clock);
  if (input.givenOn !== undefined && input.givenOn > now.slice(0, 10))
    throw new AppError('validation_failed', [{ path: 'givenOn', messageKey: 'validation.case.date_in_future' }]);
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('case_consents')
      .values({
        id,
        tenant_id: actor.tenantId,
        case_id: access.row.id,
        given_by: input.givenBy,
        organisation_ids: JSON.stringify(organisationIds),
        purpose_sealed: sealer.seal('case_consents', id, 'purpose', input.purpose),
        with_feedback: input.withFeedback ? 1 : 0,
        given_on: input.givenOn ?? now.slice(0, 10),
        document_reference_sealed: sealer.sealOptional('case_consents', id, 'document_reference', input.documentReference),
        recorded_by: actor.userId,
        recorded_by_organisation_id: actor.organisationId,
        recorded_at: now,
        withdrawn_at: null,
        withdrawn_by: null,
      })
      .execute();
    await recordCaseChange(trx, ctx, actor, access.row, {
      step: { kind: 'consent_recorded', consentId: id, detail: input.givenBy },
      action: 'case.consent_recorded',
      audit: {
        resource: { type: 'case_consent', id },
        purpose: accessPurpose(access.relation),
        legalBasis: 'consent',
        details: { givenBy: input.givenBy, organisations: organisationIds.length, withFeedback: input.withFeedback },
      },
    });
  });
  return { id };
}

/** The withdrawal facts of a consent row, as the policy's rule takes them. */
export const withdrawalFactsOf = (consent: { recorded_by_organisation_id: string; withdrawn_at: string | null }) => ({
  recordedByOrganisationId: consent.recorded_by_organisation_id,
  withdrawnAt: consent.withdrawn_at,
});

/**
 * A consent is withdrawn: from this request on, every item resting on it is hidden from everyone but
 * its author organisation (the read rule checks the consent on every read). Nothing is deleted. The
 * day the person withdrew it (not in the future, not before it was given) and the reason they gave
 * are kept with the consent, the reason sealed; the audit event says that a withdrawal happened and
 * never holds the reason.
 */
export async function withdrawConsent(
  options: { caseId: string; consentId: string; input: ConsentWithdraw },
  actor: Actor,
  ctx: AppContext,
): Promise<void> {
  const { input } = options;
  const access = await openCase(ctx, actor, options.caseId, 'case.withdrawConsent');
  const consent = await findConsentFacts(ctx.db, actor, access, options.consentId);
  if (!consent) throw new AppError('not_found');
  if (consent.withdrawn_at !== null) throw new AppError('conflict');
  authorize(actor, 'cases.withdrawConsent', { relation: access.relation, consent: withdrawalFactsOf(consent) });
  const now = isoNow(ctx.clock);
  if (input.withdrawnOn > now.slice(0, 10))
    throw new AppError('validation_failed', [{ path: 'withdrawnOn', messageKey: 'validation.case.date_in_future' }]);
  if (input.withdrawnOn < consent.given_on)
    throw new AppError('validation_failed', [
      { path: 'withdrawnOn', messageKey: 'validation.case.withdrawn_before_given', values: { date: consent.given_on } },
    ]);
  const sealer = await fieldSealer(ctx, actor.tenantId);
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('case_consents')
      .set({
        withdrawn_at: now,
        withdrawn_by: actor.userId,
        withdrawn_on: input.withdrawnOn,
        withdrawal_reason_sealed: sealer.seal('case_consents', consent.id, 'withdrawal_reason', input.reason),
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', consent.id)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('conflict');
    await recordCaseChange(trx, ctx, actor, access.row, {
      step: { kind: 'consent_withdrawn', consentId: consent.id },
      action: 'case.consent_withdrawn',
      audit: {
        resource: { type: 'case_consent', id: consent.id },
        purpose: accessPurpose(access.relation),
        legalBasis: 'consent',
        details: { reasonRecorded: true },
      },
    });
  });
}
