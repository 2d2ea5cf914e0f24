import type { FastifyInstance, FastifyRequest } from 'fastify';
import { handleForm, pick, type PageDeps } from '../../http/page-helpers.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { answerPublicReply } from './answer-public-reply.ts';
import { askPublicQuestion } from './ask-public-question.ts';
import { openPublicConsultForm, type PublicVisit } from './public-consult-form.ts';
import { PublicAskedPage, PublicAskPage, PublicReplyPage, PublicThreadPage } from './public-consult.views.tsx';
import { readPublicReply } from './read-public-reply.ts';

const EMPTY = { values: {}, errors: {} };

/**
 * The public consult form (tenant setting, off by default): pages without sign-in under
 * `/consult/:tenantSlug`. A closed form is a 404 like an unknown network. The forms are visitor
 * forms: the CSRF token is bound to "visitor" (or to the session of a signed-in member).
 */
export function registerPublicConsultPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;
  const visitOf = (request: FastifyRequest): PublicVisit => ({ tenantSlug: pathParam(request, 'tenantSlug'), address: request.ip });

  app.get('/consult/:tenantSlug', async (request, reply) => {
    const slug = pathParam(request, 'tenantSlug');
    const tenant = await openPublicConsultForm(ctx, slug);
    return sendPage(reply, PublicAskPage({ view: viewFor(request, reply, cookies), slug, network: tenant.name, form: EMPTY }));
  });

  app.post('/consult/:tenantSlug', async (request, reply) => {
    const visit = visitOf(request);
    const tenant = await openPublicConsultForm(ctx, visit.tenantSlug);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const asked = await askPublicQuestion({ visit, input: pick(values, ['theme', 'question', 'passphrase', 'passphraseRepeat']) }, ctx);
        // The code is shown this once, in the answer to the post (nothing keeps it to show again).
        return sendPage(
          reply,
          PublicAskedPage({ view: viewFor(request, reply, cookies), slug: visit.tenantSlug, reference: asked.reference, code: asked.code }),
        );
      },
      redraw: (view, values, errors) => PublicAskPage({ view, slug: visit.tenantSlug, network: tenant.name, form: { values, errors } }),
    });
  });

  app.get('/consult/:tenantSlug/reply', async (request, reply) => {
    const slug = pathParam(request, 'tenantSlug');
    await openPublicConsultForm(ctx, slug);
    return sendPage(reply, PublicReplyPage({ view: viewFor(request, reply, cookies), slug, form: EMPTY }));
  });

  app.post('/consult/:tenantSlug/reply', async (request, reply) => {
    const visit = visitOf(request);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const opened = await readPublicReply({ visit, input: pick(values, ['code', 'passphrase']) }, ctx);
        return sendPage(reply, PublicThreadPage({ view: viewFor(request, reply, cookies), slug: visit.tenantSlug, reply: opened, form: EMPTY }));
      },
      redraw: (view, values, errors) => PublicReplyPage({ view, slug: visit.tenantSlug, form: { values, errors } }),
    });
  });

  app.post('/consult/:tenantSlug/reply/answer', async (request, reply) => {
    const visit = visitOf(request);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        await answerPublicReply({ visit, input: pick(values, ['access', 'body']) }, ctx);
        return redirectWithFlash(reply, cookies, `/consult/${visit.tenantSlug}/reply`, 'flash.consult_answer_sent');
      },
      // An empty answer or an expired page: back to the code and passphrase, with the reason.
      redraw: (view, values, errors) => PublicReplyPage({ view, slug: visit.tenantSlug, form: { values: {}, errors: errorsForReply(errors) } }),
    });
  });
}

/** The answer form's problems, shown on the reply page (whose fields are code and passphrase). */
function errorsForReply(errors: Readonly<Record<string, string>>): Record<string, string> {
  const messages = Object.values(errors);
  return messages.length > 0 ? { form: messages.join(' ') } : {};
}
