import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { requirePageActor } from '../../http/page-helpers.ts';
import { formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { openSignal } from '../signals/index.ts';
import type { FormState } from '../../ui/form-controls.tsx';
import type { FormValues, View } from '../../ui/view.ts';
import { listInstruments } from './list-instruments.ts';
import { openScreenings } from './list-screenings.ts';
import { recordScreening } from './record-screening.ts';
import { formRows, screeningInputFromForm, wantsAnotherRow } from './screening-form.ts';
import { readScreenings, requireScreeningsVisible } from './screening-read.ts';
import { ScreeningTabPage, type ScreeningTabData } from './screening-tab.views.tsx';

/** The screening tab of a signal: its address, and the form's. */
export const screeningTabPath = (signalId: string): string => `/signals/${signalId}/screening`;

/**
 * What the tab draws: the screenings recorded (an audited read, coordinator only — 404 for anyone
 * else, the reporter included), the instruments in use, the one chosen (by key, else the first),
 * and whether a screening may be recorded now (`signals.screen`: the signal is still open).
 */
async function loadTab(ctx: AppContext, actor: Actor, request: FastifyRequest, chosenKey: string | undefined): Promise<ScreeningTabData> {
  const read = await readScreenings(ctx, actor, pathParam(request), 'screening');
  const { screenings, instruments: used } = await openScreenings(ctx, read, request.locale);
  const instruments = await listInstruments(actor, ctx, request.locale);
  const chosen =
    instruments.find((instrument) => instrument.key === chosenKey) ??
    instruments.find((instrument) => instrument.id === chosenKey) ??
    instruments[0] ??
    null;
  return {
    signal: read.access,
    screenings,
    used,
    instruments,
    chosen,
    mayRecord: can(actor, 'signals.screen', read.access.facts),
  };
}

const queryValue = (request: FastifyRequest, name: string): string | undefined => {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * The form cycle of `handleForm` (server/http/page-helpers.ts), except that an error is kept under
 * its whole path: the screening form's fields are the API's paths (`answers.behaviour.observation.2.fact`),
 * and one area holds many rows, so the error must land on its row, not on the first path segment.
 */
async function handleScreeningForm(
  request: FastifyRequest,
  reply: FastifyReply,
  cookies: CookiePolicy,
  options: { run: (values: FormValues) => Promise<FastifyReply>; redraw: (view: View, form: FormState) => Promise<JSX.Element> },
): Promise<FastifyReply> {
  const values = formValues(request.body);
  try {
    return await options.run(values);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'validation_failed') throw error;
    const errors: Record<string, string> = {};
    for (const issue of error.issues) errors[issue.path === '' ? 'form' : issue.path] ??= request.t(issue.messageKey, issue.values);
    return sendPage(reply, await options.redraw(viewFor(request, reply, cookies), { values, errors }), 400);
  }
}

/** Pages of the screening tab, `/signals/:id/screening`: the list of screenings and the form. */
export function registerScreeningTabPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  app.get('/signals/:id/screening', async (request, reply) => {
    const actor = requirePageActor(request);
    const data = await loadTab(ctx, actor, request, queryValue(request, 'instrument'));
    const form: FormState = { values: {}, errors: {} };
    return sendPage(
      reply,
      ScreeningTabPage({ view: viewFor(request, reply, cookies), data, form, rows: data.chosen ? formRows(data.chosen, {}) : {} }),
    );
  });

  app.post('/signals/:id/screening', async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = requirePageActor(request);
    const signalId = pathParam(request);
    // The screenings are the coordinator's: anyone else gets the 404 of a missing signal before anything else.
    await requireScreeningsVisible(ctx, actor, await openSignal(ctx, actor, signalId, 'signals.screen'), 'signals.screen');
    const posted = (request.body ?? {}) as Record<string, unknown>;
    const chosenId = typeof posted.instrumentId === 'string' ? posted.instrumentId : undefined;
    const instruments = await listInstruments(actor, ctx, request.locale);
    const chosen = instruments.find((instrument) => instrument.id === chosenId) ?? instruments[0] ?? null;
    // The tab is read (and the read audited) only when it is drawn again, not for a recording that redirects.
    const draw = async (view: View, form: FormState) => {
      const data = await loadTab(ctx, actor, request, chosen?.id);
      return ScreeningTabPage({ view, data, form, rows: data.chosen ? formRows(data.chosen, form.values) : {} });
    };
    return handleScreeningForm(request, reply, cookies, {
      run: async (values) => {
        // "Add an observation": the same form again with one row more; nothing is recorded.
        if (wantsAnotherRow(values)) return sendPage(reply, await draw(viewFor(request, reply, cookies), { values, errors: {} }));
        if (!chosen) throw new AppError('validation_failed', [{ path: 'instrumentId', messageKey: 'validation.screening.instrument_not_active' }]);
        const { body, remap } = screeningInputFromForm(chosen, values);
        try {
          await recordScreening({ signalId, body }, actor, ctx);
        } catch (error) {
          if (isAppError(error) && error.code === 'validation_failed') throw new AppError('validation_failed', error.issues.map(remap));
          throw error;
        }
        return redirectWithFlash(reply, cookies, screeningTabPath(signalId), 'flash.screening_recorded', request);
      },
      redraw: draw,
    });
  });
}
