import type { FastifyInstance } from 'fastify';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { handleForm, requirePageActor } from '../../http/page-helpers.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { isAppError } from '../../platform/errors.ts';
import type { FormValues } from '../../ui/view.ts';
import { answerInquiry } from './answer-inquiry.ts';
import { activeMembers } from './inquiries.queries.ts';
import { inquiryAnswerSchema } from './inquiries.schemas.ts';
import { InquiryCoordinatorPage, InquiryListPage, InquiryQuestionPage } from './inquiries.views.tsx';
import { listInquiries } from './list-inquiries.ts';
import { viewInquiry } from './view-inquiry.ts';

const single = (value: string | string[] | undefined): string | undefined => {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
};

/** The answer form's values as the API's input: empty fields are "not given", the yes/no radio a boolean. */
export function answerFromForm(values: FormValues): Record<string, unknown> {
  const guidance = single(values.guidanceRunning);
  return Object.fromEntries(
    Object.entries({
      known: single(values.known),
      guidanceRunning: guidance === undefined ? undefined : guidance === 'true' ? true : guidance === 'false' ? false : guidance,
      contactUserId: single(values.contactUserId),
      note: single(values.note),
    }).filter(([, value]) => value !== undefined),
  );
}

/**
 * The inquiry screens outside a signal: `/inquiries` (a professional: the questions to their
 * organisation, open first; the coordinator: every inquiry, linking to the signal's tab) and
 * `/inquiries/:id` (an asked organisation's question with the answer form; the coordinator's answers).
 */
export function registerInquiryPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  const questionPage = async (request: Parameters<typeof viewFor>[0], id: string) => {
    const actor = requirePageActor(request);
    const { access, detail } = await viewInquiry({ id }, actor, ctx);
    return { actor, access, detail };
  };

  app.get('/inquiries', async (request, reply) => {
    const actor = requirePageActor(request);
    const rows = await listInquiries({}, actor, ctx);
    return sendPage(reply, InquiryListPage({ view: viewFor(request, reply, cookies), rows, coordinator: can(actor, 'inquiries.create') }));
  });

  app.get('/inquiries/:id', async (request, reply) => {
    const { actor, access, detail } = await questionPage(request, pathParam(request));
    const view = viewFor(request, reply, cookies);
    if (access.purpose === 'consult_point') return sendPage(reply, InquiryCoordinatorPage({ view, detail }));
    const own = detail.asked[0];
    const values: FormValues = own?.answer.known
      ? {
          known: own.answer.known,
          guidanceRunning: own.answer.guidanceRunning === null ? undefined : String(own.answer.guidanceRunning),
          contactUserId: own.answer.contactUserId ?? undefined,
          note: own.answer.note ?? undefined,
        }
      : {};
    return sendPage(
      reply,
      InquiryQuestionPage({
        view,
        detail,
        form: { values, errors: {} },
        contacts: await activeMembers(ctx.db, actor.tenantId, actor.organisationId),
        mayAnswer: can(actor, 'inquiries.answer', access.facts),
      }),
    );
  });

  app.post('/inquiries/:id', async (request, reply) => {
    const actor = requirePageActor(request);
    const id = pathParam(request);
    // The answer's own checks decide first; on a field error the form is drawn again (a second audited read).
    let redraw: { detail: Awaited<ReturnType<typeof viewInquiry>>['detail']; contacts: { id: string; name: string }[] } | null = null;
    return handleForm(
      request,
      reply,
      { ctx, cookies },
      {
        run: async (values) => {
          try {
            await answerInquiry({ id, input: parseInput(inquiryAnswerSchema, answerFromForm(values)) }, actor, ctx);
          } catch (error) {
            if (!isAppError(error) || error.code !== 'validation_failed') throw error;
            const { detail } = await viewInquiry({ id }, actor, ctx);
            redraw = { detail, contacts: await activeMembers(ctx.db, actor.tenantId, actor.organisationId) };
            throw error;
          }
          return redirectWithFlash(reply, cookies, `/inquiries/${id}`, 'flash.inquiry_answered');
        },
        redraw: (view, values, errors) =>
          InquiryQuestionPage({ view, detail: redraw!.detail, form: { values, errors }, contacts: redraw!.contacts, mayAnswer: true }),
      },
    );
  });
}
