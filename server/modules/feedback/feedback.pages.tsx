import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { asList, pick, requirePageActor } from '../../http/page-helpers.ts';
import { fieldErrors, formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { isAppError } from '../../platform/errors.ts';
import { UUID_PATTERN } from '../../platform/strings.ts';
import { EMPTY_FORM } from '../../ui/form-controls.tsx';
import { decideFeedbackForm } from './decide-feedback-form.ts';
import { draftFeedbackForm } from './draft-feedback-form.ts';
import { feedbackDraftChoices } from './feedback-draft-choices.ts';
import { feedbackCreateSchema, feedbackDecisionSchema } from './feedback.schemas.ts';
import { FeedbackDraftPage, FeedbackFormPage, FeedbackSendConfirmPage, MeetingFeedbackFormsPage } from './feedback.views.tsx';
import { listMeetingFeedbackForms } from './list-meeting-feedback-forms.ts';
import { sendFeedbackForm } from './send-feedback-form.ts';
import { viewFeedbackForm } from './view-feedback-form.ts';

/** The pages of the feedback form: a meeting's forms, the draft form, one form, the send confirmation. */
export function registerFeedbackPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  app.get('/meetings/:id/feedback-forms', async (request, reply) => {
    const actor = requirePageActor(request);
    const listed = await listMeetingFeedbackForms({ meetingId: pathParam(request) }, actor, ctx);
    return sendPage(
      reply,
      MeetingFeedbackFormsPage({
        view: viewFor(request, reply, cookies),
        meetingId: listed.meeting.row.id,
        forms: listed.forms,
        mayDraft: listed.mayDraft,
      }),
    );
  });

  const chosenCase = (query: unknown): string | null => {
    const value = (query as Record<string, unknown> | undefined)?.caseId;
    return typeof value === 'string' && UUID_PATTERN.test(value) ? value : null;
  };
  app.get('/meetings/:id/feedback-forms/new', async (request, reply) => {
    const actor = requirePageActor(request);
    const choices = await feedbackDraftChoices({ meetingId: pathParam(request), caseId: chosenCase(request.query) }, actor, ctx);
    return sendPage(reply, FeedbackDraftPage({ view: viewFor(request, reply, cookies), choices, form: EMPTY_FORM }));
  });
  app.post('/meetings/:id/feedback-forms', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    const values = formValues(request.body);
    try {
      const input = parseInput(feedbackCreateSchema, {
        ...pick(values, ['caseId', 'recipientOrganisationId', 'body']),
        quotedItemIds: asList(values.quotedItemIds),
      });
      const created = await draftFeedbackForm({ meetingId, input }, actor, ctx);
      return redirectWithFlash(reply, cookies, `/feedback-forms/${created.id}`, 'flash.feedback_drafted');
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      const caseId = typeof values.caseId === 'string' && UUID_PATTERN.test(values.caseId) ? values.caseId : null;
      const choices = await feedbackDraftChoices({ meetingId, caseId }, actor, ctx);
      const form = { values, errors: fieldErrors(request, error) };
      return sendPage(reply, FeedbackDraftPage({ view: viewFor(request, reply, cookies), choices, form }), 400);
    }
  });

  app.get('/feedback-forms/:id', async (request, reply) => {
    const actor = requirePageActor(request);
    const form = await viewFeedbackForm({ formId: pathParam(request), part: 'page' }, actor, ctx);
    return sendPage(reply, FeedbackFormPage({ view: viewFor(request, reply, cookies), form }));
  });
  app.post('/feedback-forms/:id/approval', async (request, reply) => {
    const actor = requirePageActor(request);
    const formId = pathParam(request);
    const values = formValues(request.body);
    try {
      const raw = pick(values, ['decision', 'reason']);
      if (raw.reason === '') delete raw.reason;
      await decideFeedbackForm({ formId, input: parseInput(feedbackDecisionSchema, raw) }, actor, ctx);
      return redirectWithFlash(reply, cookies, `/feedback-forms/${formId}#approvals`, 'flash.feedback_decided');
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      const form = await viewFeedbackForm({ formId, part: 'page' }, actor, ctx);
      return sendPage(
        reply,
        FeedbackFormPage({ view: viewFor(request, reply, cookies), form, decision: { values, errors: fieldErrors(request, error) } }),
        400,
      );
    }
  });
  app.get('/feedback-forms/:id/send', async (request, reply) => {
    const actor = requirePageActor(request);
    const form = await viewFeedbackForm({ formId: pathParam(request), part: 'page' }, actor, ctx);
    return sendPage(reply, FeedbackSendConfirmPage({ view: viewFor(request, reply, cookies), form }));
  });
  app.post('/feedback-forms/:id/send', async (request, reply) => {
    const actor = requirePageActor(request);
    const formId = pathParam(request);
    try {
      await sendFeedbackForm({ formId, locale: request.locale }, actor, ctx);
    } catch (error) {
      // A missing or refused approval is told on the form's page, with what is missing.
      if (!isAppError(error) || error.code !== 'conflict' || typeof error.details?.message !== 'string') throw error;
      const form = await viewFeedbackForm({ formId, part: 'page' }, actor, ctx);
      return sendPage(reply, FeedbackFormPage({ view: viewFor(request, reply, cookies), form, problem: error.details.message }), 409);
    }
    return redirectWithFlash(reply, cookies, `/feedback-forms/${formId}`, 'flash.feedback_sent');
  });
}
