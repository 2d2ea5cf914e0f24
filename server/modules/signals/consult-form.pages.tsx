import type { FastifyInstance } from 'fastify';
import { authorize } from '../../access/authorize.ts';
import { requirePageActor, type PageDeps } from '../../http/page-helpers.ts';
import { formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { changeConsultForm } from './change-consult-form.ts';
import { ConsultFormPage } from './consult-form.views.tsx';
import { viewConsultForm } from './view-consult-form.ts';

/** The coordinator opens or closes the network's public consult form. */
export function registerConsultFormPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;

  app.get('/signals/consult-form', async (request, reply) => {
    const actor = requirePageActor(request);
    const setting = await viewConsultForm(actor, ctx);
    return sendPage(reply, ConsultFormPage({ view: viewFor(request, reply, cookies), ...setting, publicUrl: ctx.config.publicUrl }));
  });

  app.post('/signals/consult-form', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'signals.manageConsultForm');
    const open = formValues(request.body).open === 'true';
    await changeConsultForm({ input: { open } }, actor, ctx);
    return redirectWithFlash(reply, cookies, '/signals/consult-form', open ? 'flash.consult_form_opened' : 'flash.consult_form_closed');
  });
}
