import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import { etagOf, versionFromIfMatch } from '../../http/if-match.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { changeFeedbackForm } from './change-feedback-form.ts';
import { decideFeedbackForm } from './decide-feedback-form.ts';
import { draftFeedbackForm } from './draft-feedback-form.ts';
import { feedbackCreateSchema, feedbackDecisionSchema, feedbackOutput, feedbackPatchSchema } from './feedback.schemas.ts';
import { readFeedbackPdf } from './read-feedback-pdf.ts';
import { sendFeedbackForm } from './send-feedback-form.ts';
import { viewFeedbackForm } from './view-feedback-form.ts';

/**
 * JSON API of the feedback form to the police. A form the caller may not read answers 404 like a
 * missing id; a reader who may not do the change gets 403 (audited).
 */
export function registerFeedbackRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);

  route(
    {
      method: 'POST',
      url: '/api/v1/meetings/:id/feedback-forms',
      summary: 'Draft a feedback form for a case on the meeting’s agenda (coordinator, attested); secret items cannot be quoted; audited',
      tag: 'feedback',
      body: feedbackCreateSchema,
      status: 201,
    },
    async (request) => {
      const input = parseInput(feedbackCreateSchema, request.body);
      const created = await draftFeedbackForm({ meetingId: pathParam(request), input }, requireActor(request), ctx);
      return { status: 201, body: { data: { id: created.id, version: 1 } }, headers: { etag: etagOf(1) } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/feedback-forms/:id',
      summary:
        'A feedback form with its approvals (coordinator and present attendees after attestation; the recipient’s seated users once sent); audited',
      tag: 'feedback',
      response: feedbackOutput,
    },
    async (request) => {
      const data = await viewFeedbackForm({ formId: pathParam(request), part: 'api' }, requireActor(request), ctx);
      return { body: { data }, headers: { etag: etagOf(data.version) } };
    },
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/feedback-forms/:id',
      summary: 'Edit a draft (coordinator; If-Match): a new version, earlier approvals void; audited',
      tag: 'feedback',
      body: feedbackPatchSchema,
    },
    async (request) => {
      const expectedVersion = versionFromIfMatch(request, true)!;
      const input = parseInput(feedbackPatchSchema, request.body);
      const changed = await changeFeedbackForm({ formId: pathParam(request), expectedVersion, input }, requireActor(request), ctx);
      return { body: { data: changed }, headers: { etag: etagOf(changed.version) } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/feedback-forms/:id/approval',
      summary: 'Approve or refuse the current version (attendees recorded present, after attestation); audited',
      tag: 'feedback',
      body: feedbackDecisionSchema,
    },
    async (request) => {
      const input = parseInput(feedbackDecisionSchema, request.body);
      return { body: { data: await decideFeedbackForm({ formId: pathParam(request), input }, requireActor(request), ctx) } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/feedback-forms/:id/send',
      summary: 'Send a form every present attendee approved (coordinator): PDF stored, recipient notified by a link; audited',
      tag: 'feedback',
    },
    async (request) => ({
      body: { data: await sendFeedbackForm({ formId: pathParam(request), locale: request.locale }, requireActor(request), ctx) },
    }),
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/feedback-forms/:id/pdf',
      summary: 'The sent form’s PDF, as generated when sent; audited',
      tag: 'feedback',
    },
    async (request) => {
      const printed = await readFeedbackPdf({ formId: pathParam(request) }, requireActor(request), ctx);
      return {
        body: printed.pdf,
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="feedback-${printed.reference}.pdf"`,
          'cache-control': 'no-store',
        },
      };
    },
  );
}
