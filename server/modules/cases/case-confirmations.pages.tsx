import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { pick, requirePageActor } from '../../http/page-helpers.ts';
import { fieldErrors, formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { TextField } from '../../ui/components.tsx';
import { ConfirmPage } from '../../ui/confirm.tsx';
import { TextArea } from '../../ui/form-controls.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import { readCase, requireOpen } from './case-door.ts';
import { displayDay } from './cases.components.tsx';
import { consentWithdrawSchema, type ConsentView, type ParticipantView } from './cases.schemas.ts';
import { withdrawConsent, withdrawalFactsOf } from './manage-consents.ts';
import { removeParticipant } from './manage-participants.ts';
import { consentsPlace, participantsPlace, removeParticipantPath, withdrawConsentPath } from './case-places.ts';
import { consentViews, participantViews } from './view-case-people.ts';

/*
 * Confirmation pages for the case steps that cannot be undone (server/ui/confirm.tsx): withdrawing a
 * consent (which asks the day and the reason the person gave) and removing a participant. The case
 * page links here instead of posting at once; each page posts with the CSRF token and sends the user
 * back, with a flash message, to the section of the case page they came from.
 */

interface WithdrawalState {
  readonly values: FormValues;
  readonly errors: FieldErrors;
  readonly refusal?: string;
}

function WithdrawConsentPage({ view, caseId, consent, state }: { view: View; caseId: string; consent: ConsentView; state: WithdrawalState }) {
  const giver = view.t(`cases.consent.given_by.${consent.givenBy}`);
  return (
    <ConfirmPage
      view={view}
      title={view.t('confirm.withdraw_consent.title')}
      summary={[
        [view.t('cases.consent.given_by_legend'), giver],
        [view.t('cases.consent.given_on'), displayDay(consent.givenOn, view.locale)],
        [view.t('cases.consent.organisations'), consent.organisations.map((organisation) => organisation.name).join(', ')],
        [view.t('cases.consent.purpose'), <span class="text-block">{consent.purpose}</span>],
        [view.t('cases.consent.recorded_by'), consent.recordedByOrganisation.name],
      ]}
      consequences={[view.t('confirm.withdraw_consent.hides_items'), view.t('confirm.withdraw_consent.keeps_record')]}
      irreversible={view.t('confirm.withdraw_consent.irreversible')}
      action={withdrawConsentPath(caseId, consent.id)}
      confirmLabel={view.t('confirm.withdraw_consent.confirm')}
      cancelHref={consentsPlace(caseId)}
      errors={state.errors}
      {...(state.refusal !== undefined && { refusal: state.refusal })}
    >
      <TextField
        name="withdrawnOn"
        type="date"
        label={view.t('confirm.withdraw_consent.withdrawn_on')}
        hint={view.t('confirm.withdraw_consent.withdrawn_on_hint', { date: displayDay(consent.givenOn, view.locale) })}
        values={state.values}
        errors={state.errors}
        required
        autocomplete="off"
      />
      <TextArea
        name="reason"
        label={view.t('confirm.withdraw_consent.reason')}
        hint={view.t('confirm.withdraw_consent.reason_hint')}
        form={{ values: state.values, errors: state.errors }}
        maxLength={1000}
        required
      />
    </ConfirmPage>
  );
}

function RemoveParticipantPage({ view, caseId, participant }: { view: View; caseId: string; participant: ParticipantView }) {
  return (
    <ConfirmPage
      view={view}
      title={view.t('confirm.remove_participant.title', { name: participant.name })}
      summary={[
        [view.t('field.name'), participant.name],
        [view.t('field.organisation'), participant.organisation.name],
        [view.t('cases.field.participant_role'), view.t(`cases.role.${participant.role}`)],
      ]}
      consequences={[view.t('confirm.remove_participant.access_ends'), view.t('confirm.remove_participant.contributions_stay')]}
      irreversible={view.t('confirm.remove_participant.irreversible')}
      action={removeParticipantPath(caseId, participant.userId)}
      confirmLabel={view.t('confirm.remove_participant.confirm')}
      cancelHref={participantsPlace(caseId)}
    />
  );
}

export function registerCaseConfirmationPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  /**
   * The consent to withdraw, read through the door (an audited read of the consents), and the rule
   * `cases.withdrawConsent` applied to it: a consent the actor may not withdraw is refused with 403
   * (the case itself is 404 to whoever may not see it, as every case page).
   */
  const consentToWithdraw = async (actor: Actor, caseId: string, consentId: string): Promise<ConsentView> => {
    const read = await readCase(ctx, actor, caseId, 'consents');
    const consent = (await consentViews(ctx, actor, read)).find((candidate) => candidate.id === consentId);
    if (!consent) throw new AppError('not_found');
    if (consent.withdrawnAt === null)
      authorize(actor, 'cases.withdrawConsent', {
        relation: read.relation,
        consent: withdrawalFactsOf({ recorded_by_organisation_id: consent.recordedByOrganisation.id, withdrawn_at: consent.withdrawnAt }),
      });
    return consent;
  };

  const sendWithdrawal = async (request: FastifyRequest, reply: FastifyReply, actor: Actor, state: WithdrawalState, status: number) => {
    const caseId = pathParam(request);
    const consent = await consentToWithdraw(actor, caseId, pathParam(request, 'consentId'));
    const refusal = consent.withdrawnAt === null ? state.refusal : request.t('cases.conflict.consent_already_withdrawn');
    const page = WithdrawConsentPage({
      view: viewFor(request, reply, cookies),
      caseId,
      consent,
      state: { ...state, ...(refusal !== undefined && { refusal }) },
    });
    return sendPage(reply, page, refusal !== undefined && status === 200 ? 409 : status);
  };

  app.get('/cases/:id/consents/:consentId/withdraw', async (request, reply) =>
    sendWithdrawal(request, reply, requirePageActor(request), { values: {}, errors: {} }, 200),
  );

  app.post('/cases/:id/consents/:consentId/withdraw', async (request, reply) => {
    const actor = requirePageActor(request);
    const caseId = pathParam(request);
    const values = formValues(request.body);
    try {
      const input = parseInput(consentWithdrawSchema, pick(values, ['withdrawnOn', 'reason']));
      await withdrawConsent({ caseId, consentId: pathParam(request, 'consentId'), input }, actor, ctx);
      return redirectWithFlash(reply, cookies, consentsPlace(caseId), 'flash.case_consent_withdrawn');
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'validation_failed' && error.code !== 'conflict')) throw error;
      if (error.code === 'conflict') return sendWithdrawal(request, reply, actor, { values, errors: {} }, 409);
      return sendWithdrawal(request, reply, actor, { values, errors: fieldErrors(request, error) }, 400);
    }
  });

  /** The participant to remove, read through the door; removing is the coordinator's, on an open case. */
  const participantToRemove = async (actor: Actor, caseId: string, userId: string): Promise<ParticipantView> => {
    const read = await readCase(ctx, actor, caseId, 'participants');
    authorize(actor, 'cases.manageParticipants', read);
    requireOpen(read);
    const participant = (await participantViews(ctx, actor, read)).find((candidate) => candidate.userId === userId && !candidate.fromTable);
    if (!participant) throw new AppError('not_found');
    return participant;
  };

  app.get('/cases/:id/participants/:userId/remove', async (request, reply) => {
    const actor = requirePageActor(request);
    const caseId = pathParam(request);
    const participant = await participantToRemove(actor, caseId, pathParam(request, 'userId'));
    return sendPage(reply, RemoveParticipantPage({ view: viewFor(request, reply, cookies), caseId, participant }));
  });

  app.post('/cases/:id/participants/:userId/remove', async (request, reply) => {
    const actor = requirePageActor(request);
    const caseId = pathParam(request);
    await removeParticipant({ caseId, userId: pathParam(request, 'userId') }, actor, ctx);
    return redirectWithFlash(reply, cookies, participantsPlace(caseId), 'flash.case_participant_removed');
  });
}
