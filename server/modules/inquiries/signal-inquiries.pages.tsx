import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { asList, requirePageActor } from '../../http/page-helpers.ts';
import { fieldErrors, formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { isAppError } from '../../platform/errors.ts';
import type { FormState } from '../../ui/form-controls.tsx';
import type { FormValues } from '../../ui/view.ts';
import { readSignal, requireSignalTab, SignalPage, signalSubject } from '../signals/index.ts';
import { createInquiry } from './create-inquiry.ts';
import { organisationChoices } from './inquiries.queries.ts';
import { inquiryCreateSchema } from './inquiries.schemas.ts';
import { SignalInquiriesTab } from './inquiries.views.tsx';
import { listInquiries } from './list-inquiries.ts';
import { viewInquiry } from './view-inquiry.ts';

/** The start form's values as the API's input: empty fields are "not given"; the organisations a list. */
export function inquiryFromForm(values: FormValues, signalId: string): Record<string, unknown> {
  const single = (name: string) => {
    const value = values[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined || first === '' ? undefined : first;
  };
  const organisationIds = asList(values.organisationIds).filter((id) => id !== '');
  return Object.fromEntries(
    Object.entries({
      signalId,
      mode: single('mode'),
      organisationIds: organisationIds.length > 0 ? organisationIds : undefined,
      purpose: single('purpose'),
      legalBasis: single('legalBasis'),
      deadline: single('deadline'),
    }).filter(([, value]) => value !== undefined),
  );
}

/**
 * The signal's inquiries tab (`/signals/:id/inquiries`, the coordinator's): every inquiry about the
 * signal with the answers, and the form to start a named or blind inquiry once the signal is a shared
 * concern naming the person. Reading the tab is a read of the signal (part `inquiries`) and of each
 * inquiry shown, each audited.
 */
export function registerSignalInquiryPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  const drawTab = async (request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) => {
    const actor = requirePageActor(request);
    const read = await readSignal(ctx, actor, pathParam(request), 'inquiries');
    requireSignalTab(read, 'inquiries');
    const summaries = await listInquiries({ signalId: read.row.id }, actor, ctx);
    const inquiries = [];
    for (const summary of summaries) inquiries.push((await viewInquiry({ id: summary.id }, actor, ctx)).detail);
    const subject = await signalSubject(ctx, read);
    const mayStart =
      can(actor, 'inquiries.create') && read.row.outcome === 'shared_concern' && Boolean(subject?.familyName) && Boolean(subject?.birthDate);
    const view = viewFor(request, reply, cookies);
    return sendPage(
      reply,
      SignalPage({
        view,
        signal: read,
        tab: 'inquiries',
        children: SignalInquiriesTab({
          view,
          signalId: read.row.id,
          inquiries,
          organisations: await organisationChoices(ctx.db, actor),
          form,
          mayStart,
        }),
      }),
      status,
    );
  };

  app.get('/signals/:id/inquiries', async (request, reply) => drawTab(request, reply, { values: {}, errors: {} }));

  app.post('/signals/:id/inquiries', async (request, reply) => {
    const actor = requirePageActor(request);
    const signalId = pathParam(request);
    const values = formValues(request.body);
    try {
      const created = await createInquiry({ input: parseInput(inquiryCreateSchema, inquiryFromForm(values, signalId)) }, actor, ctx);
      return redirectWithFlash(
        reply,
        cookies,
        `/signals/${signalId}/inquiries`,
        created.questions === 0 ? 'flash.inquiry_no_match' : 'flash.inquiry_started',
        request,
      );
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      return drawTab(request, reply, { values, errors: fieldErrors(request, error) }, 400);
    }
  });
}
