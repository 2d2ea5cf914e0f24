import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { pick, requirePageActor } from '../../http/page-helpers.ts';
import { fieldErrors, formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { isAppError } from '../../platform/errors.ts';
import { attestationStatement } from '../meetings/index.ts';
import { addMinuteDecision, addMinuteNote } from './add-minute-entry.ts';
import { minuteEntryCreateSchema } from './minutes.schemas.ts';
import { AttestationNeededPage, MeetingCasePage, MinutesPage } from './minutes.views.tsx';
import { viewCaseInMeeting } from './view-case-in-meeting.ts';
import { viewMinutes } from './view-minutes.ts';

/** Meeting mode and the minutes as pages; until the reader attested, the page asks for it (403). */
export function registerMinutesPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  /** Draws a page, or — when the meeting's statement is not confirmed yet — the page asking for it. */
  const orAttestation = async (request: FastifyRequest, reply: FastifyReply, meetingId: string, draw: () => Promise<JSX.Element>) => {
    try {
      return sendPage(reply, await draw());
    } catch (error) {
      if (!isAppError(error) || error.code !== 'attestation_required') throw error;
      const view = viewFor(request, reply, cookies);
      return sendPage(reply, AttestationNeededPage({ view, meetingId, statement: attestationStatement(view.t) }), 403);
    }
  };

  app.get('/meetings/:id/cases/:caseId', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    const caseId = pathParam(request, 'caseId');
    return orAttestation(request, reply, meetingId, async () =>
      MeetingCasePage({ view: viewFor(request, reply, cookies), data: await viewCaseInMeeting({ meetingId, caseId, part: 'page' }, actor, ctx) }),
    );
  });

  app.get('/meetings/:id/minutes', async (request, reply) => {
    const actor = requirePageActor(request);
    const meetingId = pathParam(request);
    return orAttestation(request, reply, meetingId, async () =>
      MinutesPage({ view: viewFor(request, reply, cookies), minutes: await viewMinutes({ meetingId, part: 'page' }, actor, ctx) }),
    );
  });

  /**
   * A note or a decision from meeting mode (post, redirect, get). Bad input draws meeting mode again —
   * read through the door as on a GET — with the typed text and the errors at the field and the top.
   */
  const entryForm = (kind: 'note' | 'decision', add: typeof addMinuteNote | typeof addMinuteDecision) =>
    app.post(`/meetings/:id/cases/:caseId/${kind}s`, async (request, reply) => {
      const actor = requirePageActor(request);
      const meetingId = pathParam(request);
      const caseId = pathParam(request, 'caseId');
      const values = formValues(request.body);
      try {
        // The addendum form carries `addendum=true` (a hidden field); the running meeting's forms do not.
        const input = parseInput(minuteEntryCreateSchema, { ...pick(values, ['text']), ...(values.addendum === 'true' && { addendum: true }) });
        await add({ meetingId, caseId, input }, actor, ctx);
        return redirectWithFlash(reply, cookies, `/meetings/${meetingId}/cases/${caseId}`, `flash.minutes_${kind}_added`);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'validation_failed') throw error;
        const data = await viewCaseInMeeting({ meetingId, caseId, part: 'page' }, actor, ctx);
        const view = viewFor(request, reply, cookies);
        return sendPage(reply, MeetingCasePage({ view, data, form: { kind, state: { values, errors: fieldErrors(request, error) } } }), 400);
      }
    });
  entryForm('note', addMinuteNote);
  entryForm('decision', addMinuteDecision);
}
