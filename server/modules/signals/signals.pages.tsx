import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../access/actor.ts';
import { authorize, can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { handleForm, pick, requirePageActor } from '../../http/page-helpers.ts';
import { formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import type { AppError } from '../../platform/errors.ts';
import { isAppError } from '../../platform/errors.ts';
import { EMPTY_FORM, type FormState } from '../../ui/form-controls.tsx';
import type { FieldErrors, FormValues } from '../../ui/view.ts';
import { createSignal } from './create-signal.ts';
import { decideSignal } from './decide-signal.ts';
import { listSignals } from './list-signals.ts';
import { registerSignal } from './register-signal.ts';
import { SignalOverview } from './signal-overview.views.tsx';
import { signalCreateSchema, signalDecisionSchema, signalListQuerySchema, signalRegisterSchema, type SignalListQuery } from './signals.schemas.ts';
import { networkProfessionals } from './signals.queries.ts';
import { NewSignalForm, RegisterSignalForm, SignalList } from './signals.views.tsx';
import { viewSignal } from './view-signal.ts';

const FILTER_FIELDS = ['status', 'theme', 'urgency', 'kind', 'cursor'] as const;
/** Form field of each part of the subject (the API nests them under `subject`). */
const SUBJECT_FIELDS = { givenName: 'subjectGivenName', familyName: 'subjectFamilyName', birthDate: 'subjectBirthDate' } as const;

/** The subject of a form, when any of its fields was filled in. */
function subjectOf(values: FormValues): Record<string, unknown> | undefined {
  const subject = Object.fromEntries(
    Object.entries(SUBJECT_FIELDS)
      .filter(([, field]) => values[field] !== undefined)
      .map(([key, field]) => [key, values[field]]),
  );
  return Object.keys(subject).length > 0 ? subject : undefined;
}

const checked = (values: FormValues, name: string): boolean => {
  const value = values[name];
  return value === 'yes' || (Array.isArray(value) && value.includes('yes'));
};

/** Field errors keyed by the form's field names (`subject.familyName` → `subjectFamilyName`). */
function signalFieldErrors(request: FastifyRequest, error: AppError): FieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const [head, tail] = issue.path.split('.');
    const key =
      head === 'subject' && tail && tail in SUBJECT_FIELDS
        ? SUBJECT_FIELDS[tail as keyof typeof SUBJECT_FIELDS]
        : head === 'reporter' && tail
          ? `reporter${tail[0]!.toUpperCase()}${tail.slice(1)}`
          : head || 'form';
    errors[key] ??= request.t(issue.messageKey, issue.values);
  }
  return errors;
}

/** The consult point's pages: the overview (coordinator) or "my signals", the report and register forms, the overview tab with the decision. */
export function registerSignalPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  const deps = { ctx, cookies };

  app.get('/signals', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'signals.list');
    const values = formValues(request.query);
    let query: SignalListQuery | null = null;
    let errors: FieldErrors = {};
    try {
      query = parseInput(signalListQuerySchema, pick(values, FILTER_FIELDS));
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      errors = signalFieldErrors(request, error);
    }
    const page = query
      ? await listSignals({ query }, actor, ctx)
      : { entries: [], nextCursor: null, scope: can(actor, 'signals.registerOnBehalf') ? 'network' : 'own' };
    const next = new URLSearchParams();
    for (const name of FILTER_FIELDS) if (name !== 'cursor' && typeof values[name] === 'string') next.set(name, values[name]);
    if (page.nextCursor) next.set('cursor', page.nextCursor);
    const list = SignalList({
      view: viewFor(request, reply, cookies),
      scope: page.scope as 'network' | 'own',
      entries: page.entries,
      nextHref: page.nextCursor ? `/signals?${next.toString()}` : null,
      filters: { values, errors },
      canReport: can(actor, 'signals.report'),
      canRegister: can(actor, 'signals.registerOnBehalf'),
      canManageConsultForm: can(actor, 'signals.manageConsultForm'),
    });
    return sendPage(reply, list, query ? 200 : 400);
  });

  app.get('/signals/new', async (request, reply) => {
    authorize(requirePageActor(request), 'signals.report');
    return sendPage(reply, NewSignalForm({ view: viewFor(request, reply, cookies), form: EMPTY_FORM }));
  });
  app.post('/signals/new', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'signals.report');
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const subject = subjectOf(values);
        const input = parseInput(signalCreateSchema, {
          ...pick(values, ['kind', 'theme', 'description']),
          reporterAnonymous: checked(values, 'reporterAnonymous'),
          ...(subject && { subject }),
        });
        const created = await createSignal({ input }, actor, ctx);
        return redirectWithFlash(reply, cookies, `/signals/${created.id}`, 'flash.signal_created');
      },
      redraw: (view, values, errors) => NewSignalForm({ view, form: { values, errors } }),
    });
  });

  app.get('/signals/register', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'signals.registerOnBehalf');
    const reporters = await networkProfessionals(ctx.db, actor);
    return sendPage(reply, RegisterSignalForm({ view: viewFor(request, reply, cookies), form: EMPTY_FORM, reporters }));
  });
  app.post('/signals/register', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'signals.registerOnBehalf');
    const reporters = await networkProfessionals(ctx.db, actor);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const subject = subjectOf(values);
        const reporter = {
          ...(values.reporterName !== undefined && { name: values.reporterName }),
          ...(values.reporterOrganisation !== undefined && { organisation: values.reporterOrganisation }),
          ...(values.reporterContact !== undefined && { contact: values.reporterContact }),
        };
        const input = parseInput(signalRegisterSchema, {
          ...pick(values, ['kind', 'theme', 'description', 'channel', 'reporterUserId']),
          reporterAnonymous: checked(values, 'reporterAnonymous'),
          ...(Object.keys(reporter).length > 0 && { reporter }),
          ...(subject && { subject }),
        });
        const created = await registerSignal({ input }, actor, ctx);
        return redirectWithFlash(reply, cookies, `/signals/${created.id}`, 'flash.signal_registered');
      },
      redraw: (view, values, errors) => RegisterSignalForm({ view, form: { values, errors }, reporters }),
    });
  });

  /** The overview tab, with the decision form for the coordinator while the signal waits for one. */
  const overview = async (request: FastifyRequest, reply: FastifyReply, actor: Actor, decisionForm: FormState, status = 200) => {
    const { read, signal } = await viewSignal({ signalId: pathParam(request), part: 'overview' }, actor, ctx);
    const decides = signal.outcome === null && can(actor, 'signals.decide', read.facts);
    return sendPage(reply, SignalOverview({ view: viewFor(request, reply, cookies), read, signal, decision: decides ? decisionForm : null }), status);
  };

  app.get('/signals/:id', async (request, reply) => overview(request, reply, requirePageActor(request), EMPTY_FORM));

  app.post('/signals/:id/decision', async (request, reply) => {
    const actor = requirePageActor(request);
    const values = formValues(request.body);
    const signalId = pathParam(request);
    try {
      const subject = subjectOf(values);
      const input = parseInput(signalDecisionSchema, { ...pick(values, ['outcome', 'rationale', 'advice']), ...(subject && { subject }) });
      await decideSignal({ signalId, input }, actor, ctx);
      return redirectWithFlash(reply, cookies, `/signals/${signalId}`, 'flash.signal_decided');
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      return overview(request, reply, actor, { values, errors: signalFieldErrors(request, error) }, 400);
    }
  });
}
