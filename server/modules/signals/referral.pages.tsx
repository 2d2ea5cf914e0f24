import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { requirePageActor } from '../../http/page-helpers.ts';
import { fieldErrors, formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { isAppError, type AppError } from '../../platform/errors.ts';
import type { FieldErrors, FormValues } from '../../ui/view.ts';
import { addSignalToCase } from './add-signal-to-case.ts';
import { printReferral } from './print-referral.ts';
import { referSignal } from './refer-signal.ts';
import { addToCaseSchema, referralSchema } from './referral.schemas.ts';
import { ReferralTab, type ReferralTabForms } from './referral.views.tsx';
import { SignalPage } from './signal-page.views.tsx';
import { viewReferralTab } from './view-referral-tab.ts';

/** A filled-in text field, or nothing for an empty one (the form sends every field). */
function filled(values: FormValues, name: string): Record<string, string> {
  const value = values[name];
  return typeof value === 'string' && value.trim() !== '' ? { [name]: value } : {};
}
const ticked = (values: FormValues, name: string): boolean => {
  const value = values[name];
  return value === 'true' || (Array.isArray(value) && value.includes('true'));
};
const listOf = (values: FormValues, name: string): string[] => {
  const value = values[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

/** The add form's field of each problem the cases module names (its `classes` is `itemClasses` here). */
function addFormErrors(request: FastifyRequest, error: AppError): FieldErrors {
  const fields = ['audience', 'legalBasis', 'itemClasses', 'seatReporterOrganisation'];
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const head = issue.path.split('.')[0] ?? '';
    const key = head === 'classes' ? 'itemClasses' : fields.includes(head) ? head : 'form';
    errors[key] ??= request.t(issue.messageKey, issue.values);
  }
  return errors;
}

/**
 * The referral tab of a signal (`/signals/:id/referral`, coordinator only; 404 for anyone else, like
 * every tab they do not see): "already known?" with an add form per open case of the person, the
 * referral form, and after referral the links to the case and to the referral form as PDF.
 */
export function registerReferralPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  const drawTab = async (request: FastifyRequest, reply: FastifyReply, forms: ReferralTabForms, status = 200) => {
    const { access, data } = await viewReferralTab({ signalId: pathParam(request) }, requirePageActor(request), ctx);
    const view = viewFor(request, reply, cookies);
    return sendPage(reply, SignalPage({ view, signal: access, tab: 'referral', children: ReferralTab({ view, data, forms }) }), status);
  };
  /** Post-redirect-get; a validation error draws the tab again with the form's values and messages (400). */
  const handle = async (
    request: FastifyRequest,
    reply: FastifyReply,
    run: (values: FormValues) => Promise<FastifyReply>,
    forms: (values: FormValues, error: AppError) => ReferralTabForms,
  ) => {
    const values = formValues(request.body);
    try {
      return await run(values);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      return drawTab(request, reply, forms(values, error), 400);
    }
  };

  app.get('/signals/:id/referral', (request, reply) => drawTab(request, reply, {}));

  app.post('/signals/:id/referral', async (request, reply) => {
    const actor = requirePageActor(request);
    const signalId = pathParam(request);
    return handle(
      request,
      reply,
      async (values) => {
        const input = parseInput(referralSchema, {
          ...filled(values, 'tableId'),
          ...filled(values, 'ageExceptionReason'),
          ...filled(values, 'caseOwnerOrganisationId'),
          identityDisclosure: values.identityDisclosure,
          summary: values.summary,
          seatReporterOrganisation: ticked(values, 'seatReporterOrganisation'),
          // The "already known?" panel above the form has shown the cases of the same person.
          confirmDuplicate: true,
        });
        await referSignal({ signalId, input, locale: request.locale }, actor, ctx);
        return redirectWithFlash(reply, cookies, `/signals/${signalId}/referral`, 'flash.signal_referred');
      },
      (values, error) => ({ referral: { values, errors: fieldErrors(request, error) } }),
    );
  });

  app.post('/signals/:id/referral/add-to-case', async (request, reply) => {
    const actor = requirePageActor(request);
    const signalId = pathParam(request);
    return handle(
      request,
      reply,
      async (values) => {
        const itemClasses = listOf(values, 'itemClasses');
        const input = parseInput(addToCaseSchema, {
          caseId: values.caseId,
          audience: values.audience,
          legalBasis: values.legalBasis,
          ...(itemClasses.length > 0 && { itemClasses }),
          seatReporterOrganisation: ticked(values, 'seatReporterOrganisation'),
        });
        await addSignalToCase({ signalId, input, locale: request.locale }, actor, ctx);
        return redirectWithFlash(reply, cookies, `/signals/${signalId}/referral`, 'flash.signal_added_to_case');
      },
      (values, error) => ({
        addToCase: { caseId: typeof values.caseId === 'string' ? values.caseId : '', form: { values, errors: addFormErrors(request, error) } },
      }),
    );
  });

  app.get('/signals/:id/referral.pdf', async (request, reply) => {
    const printed = await printReferral({ signalId: pathParam(request), locale: request.locale }, requirePageActor(request), ctx);
    return reply
      .headers({
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${printed.reference}.pdf"`,
        'cache-control': 'no-store',
      })
      .send(printed.pdf);
  });
}
