import type { FastifyInstance } from 'fastify';
import { pathParam } from '../../http/route-config.ts';
import { authorize } from '../../access/authorize.ts';
import { AppError } from '../../platform/errors.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { organisationCreateSchema, organisationPatchSchema } from './accounts.schemas.ts';
import { editOrganisationForm, newOrganisationForm, OrganisationList, valuesOf } from './organisations.views.tsx';
import { findOrganisation, listOrganisations } from './accounts.queries.ts';
import { createOrganisation } from './create-organisation.ts';
import { handleForm, pick, requirePageActor, type PageDeps } from '../../http/page-helpers.ts';
import { RECENT_SIGN_IN } from '../../http/route-config.ts';
import { updateOrganisation } from './update-organisation.ts';

const FIELDS = ['name', 'sector', 'secrecyRegime', 'protocolSignedOn'] as const;

/** Administrator screens for the organisations around the table. */
export function registerOrganisationPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;

  app.get('/admin/organisations', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'organisations.list');
    const organisations = await listOrganisations(ctx.db, actor);
    return sendPage(reply, OrganisationList({ view: viewFor(request, reply, cookies), organisations }));
  });

  app.get('/admin/organisations/new', RECENT_SIGN_IN, async (request, reply) => {
    authorize(requirePageActor(request), 'organisations.create');
    return sendPage(reply, newOrganisationForm(viewFor(request, reply, cookies), {}, {}));
  });

  // Authorise first, then validate: a refused role gets 403 (audited), never a redrawn form.
  app.post('/admin/organisations/new', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'organisations.create');
    return handleForm(request, reply, deps, {
      run: async (values) => {
        await createOrganisation({ input: parseInput(organisationCreateSchema, pick(values, FIELDS)) }, actor, ctx);
        return redirectWithFlash(reply, cookies, '/admin/organisations', 'flash.organisation_created');
      },
      redraw: newOrganisationForm,
    });
  });

  app.get('/admin/organisations/:id', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'organisations.read');
    const row = await findOrganisation(ctx.db, actor, pathParam(request));
    if (!row) throw new AppError('not_found');
    return sendPage(reply, editOrganisationForm(row.id)(viewFor(request, reply, cookies), valuesOf(row), {}));
  });

  app.post('/admin/organisations/:id', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'organisations.update');
    const id = pathParam(request);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(organisationPatchSchema, { ...pick(values, FIELDS), protocolSignedOn: values.protocolSignedOn ?? null });
        await updateOrganisation({ id, input }, actor, ctx);
        return redirectWithFlash(reply, cookies, '/admin/organisations', 'flash.organisation_saved');
      },
      redraw: editOrganisationForm(id),
    });
  });
}
