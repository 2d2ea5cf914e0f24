import type { FastifyReply, FastifyRequest } from 'fastify';
import { pick, requirePageActor, type PageDeps } from '../../http/page-helpers.ts';
import { fieldErrors, formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { AppError } from '../../platform/errors.ts';
import { pathParam } from '../../http/route-config.ts';
import { EMPTY_FORM, type FormState } from '../../ui/form-controls.tsx';
import type { ModuleRegistration } from '../module-manifest.ts';
import { answerDisclosure } from './answer-disclosure.ts';
import { registerConsultFormPages } from './consult-form.pages.tsx';
import { listSignalMessages } from './list-signal-messages.ts';
import { registerPublicConsultPages } from './public-consult.pages.tsx';
import { requestDisclosure } from './request-disclosure.ts';
import { sendSignalMessage } from './send-signal-message.ts';
import { registerSignalMessageRoutes } from './signal-messages.routes.ts';
import { MessagesTab } from './signal-messages.views.tsx';
import { requireSignalTab } from './signal-tabs.ts';

type TabForms = { message: FormState; disclosure: FormState; answer: FormState };
const NO_FORMS: TabForms = { message: EMPTY_FORM, disclosure: EMPTY_FORM, answer: EMPTY_FORM };

/**
 * The messages tab of a signal (`/signals/:id/messages`) and its forms, which post to their own
 * addresses and come back to the tab (post-redirect-get; a refused form redraws the tab with its
 * errors, status 400). Plus the reply channel's API, the consult form setting and the public pages.
 */
export function registerSignalChannel({ app, ctx, cookies, apiRoutes }: Pick<ModuleRegistration, 'app' | 'ctx' | 'cookies' | 'apiRoutes'>): void {
  const deps: PageDeps = { ctx, cookies };
  registerSignalMessageRoutes(app, ctx, apiRoutes);
  registerConsultFormPages(app, deps);
  registerPublicConsultPages(app, deps);

  const tabPage = async (request: FastifyRequest, reply: FastifyReply, forms: TabForms, status = 200) => {
    const actor = requirePageActor(request);
    const thread = await listSignalMessages({ signalId: pathParam(request) }, actor, ctx);
    requireSignalTab(thread.read, 'messages');
    return sendPage(reply, MessagesTab({ view: viewFor(request, reply, cookies), thread, forms }), status);
  };
  const tabAddress = (signalId: string, anchor: string) => `/signals/${signalId}/messages#${anchor}`;

  app.get('/signals/:id/messages', async (request, reply) => tabPage(request, reply, NO_FORMS));

  app.post('/signals/:id/messages', async (request, reply) => {
    const actor = requirePageActor(request);
    const signalId = pathParam(request);
    try {
      await sendSignalMessage({ signalId, input: pick(formOf(request), ['body']) }, actor, ctx);
    } catch (error) {
      return redrawOr(error, request, reply, 'message');
    }
    return redirectWithFlash(reply, cookies, tabAddress(signalId, 'thread'), 'flash.signal_message_sent', request);
  });

  app.post('/signals/:id/disclosure-request', async (request, reply) => {
    const actor = requirePageActor(request);
    const signalId = pathParam(request);
    try {
      await requestDisclosure({ signalId, input: pick(formOf(request), ['reason']) }, actor, ctx);
    } catch (error) {
      return redrawOr(error, request, reply, 'disclosure');
    }
    return redirectWithFlash(reply, cookies, tabAddress(signalId, 'thread'), 'flash.signal_disclosure_requested', request);
  });

  app.post('/signals/:id/disclosure', async (request, reply) => {
    const actor = requirePageActor(request);
    const signalId = pathParam(request);
    const values = formOf(request);
    const input = { ...pick(values, ['decision']), ...(values.decision === 'make_known' && { agreeToSeat: values.agreeToSeat === 'yes' }) };
    try {
      const answered = await answerDisclosure({ signalId, input }, actor, ctx);
      const flash = answered.decision === 'make_known' ? 'flash.signal_made_known' : 'flash.signal_stayed_anonymous';
      return redirectWithFlash(reply, cookies, tabAddress(signalId, 'thread'), flash, request);
    } catch (error) {
      return redrawOr(error, request, reply, 'answer');
    }
  });

  /** A validation error redraws the tab with the form's errors (400); anything else goes to the error handler. */
  async function redrawOr(error: unknown, request: FastifyRequest, reply: FastifyReply, form: keyof TabForms): Promise<FastifyReply> {
    if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
    const forms = { ...NO_FORMS, [form]: { values: formOf(request), errors: fieldErrors(request, error) } };
    return tabPage(request, reply, forms, 400);
  }
}

function formOf(request: FastifyRequest) {
  return formValues(request.body);
}
