import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { requirePageActor } from '../../http/page-helpers.ts';
import { parseInput } from '../../http/validation.ts';
import { isAppError, type FieldIssue } from '../../platform/errors.ts';
import { clientRegisterSummary } from './client-register.queries.ts';
import { clientRegisterSchema, personsFromCsv } from './client-register.schemas.ts';
import { ClearClientRegisterPage, ClientRegisterPage, type UploadForm } from './client-register.views.tsx';
import { replaceClientRegister } from './replace-client-register.ts';
import { viewClientRegister } from './view-client-register.ts';

const NO_FORM: UploadForm = { values: {}, errors: {}, rowProblems: [] };

/** The field labels of a row problem, by the last part of its path. */
const FIELD_KEYS: Readonly<Record<string, string>> = {
  familyName: 'client_register.field.family_name',
  birthDate: 'client_register.field.birth_date',
  extra: 'client_register.field.extra',
};

/** A row problem as the person who pasted the file reads it: the line of the file (the header is line 1), the field, the message. */
function rowProblem(request: FastifyRequest, issue: FieldIssue): string | null {
  const match = /^persons\.(\d+)(?:\.(\w+))?$/.exec(issue.path);
  if (!match) return null;
  const fieldKey = FIELD_KEYS[match[2] ?? ''];
  return request.t('client_register.row_problem', {
    line: Number(match[1]) + 2,
    field: fieldKey ? request.t(fieldKey) : '',
    message: request.t(issue.messageKey, issue.values),
  });
}

/**
 * The professional's client register: what it is for, when it was last replaced and how many people
 * it holds, a form to paste a CSV export (the app takes forms, not file uploads; the API takes the
 * file), and clearing it after a confirmation.
 */
export function registerClientRegisterPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  app.get('/client-register', async (request, reply) => {
    const actor = requirePageActor(request);
    const summary = await viewClientRegister(actor, ctx);
    return sendPage(reply, ClientRegisterPage({ view: viewFor(request, reply, cookies), summary, form: NO_FORM }));
  });

  app.post('/client-register', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'clientRegister.replace');
    const values = formValues(request.body);
    try {
      const csv = typeof values.csv === 'string' ? values.csv : '';
      await replaceClientRegister({ input: parseInput(clientRegisterSchema, personsFromCsv(csv)) }, actor, ctx);
      return redirectWithFlash(reply, cookies, '/client-register', 'flash.client_register_replaced');
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      const rowProblems = error.issues.map((issue) => rowProblem(request, issue)).filter((line): line is string => line !== null);
      const whole = error.issues.find((issue) => rowProblem(request, issue) === null);
      const message = whole ? request.t(whole.messageKey, whole.values) : request.t('client_register.rows_invalid', { count: rowProblems.length });
      // The pasted names go back into the form only on this answer to the person who typed them.
      const form: UploadForm = { values: { csv: values.csv }, errors: { csv: message }, rowProblems };
      const summary = await clientRegisterSummary(ctx.db, actor);
      return sendPage(reply, ClientRegisterPage({ view: viewFor(request, reply, cookies), summary, form }), 400);
    }
  });

  app.get('/client-register/clear', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'clientRegister.replace');
    const summary = await clientRegisterSummary(ctx.db, actor);
    return sendPage(reply, ClearClientRegisterPage({ view: viewFor(request, reply, cookies), summary }));
  });

  app.post('/client-register/clear', async (request, reply) => {
    const actor = requirePageActor(request);
    await replaceClientRegister({ input: { persons: [] } }, actor, ctx);
    return redirectWithFlash(reply, cookies, '/client-register', 'flash.client_register_cleared');
  });
}
