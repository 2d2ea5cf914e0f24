import type { FastifyInstance } from 'fastify';
import { authorize } from '../../access/authorize.ts';
import { AppError } from '../../platform/errors.ts';
import { redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { ErrorSummary, Form, SelectField, SubmitButton, TextField } from '../../ui/components.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { FieldErrors, FormValues, View } from '../../ui/view.ts';
import type { OrganisationTable } from '../../db/schema.ts';
import { SECRECY_REGIMES, SECTORS, organisationCreateSchema, organisationPatchSchema } from './accounts.schemas.ts';
import { findOrganisation, listOrganisations } from './accounts.queries.ts';
import { createOrganisation } from './create-organisation.ts';
import { handleForm, pick, requirePageActor, type PageDeps } from '../../http/page-helpers.ts';
import { RECENT_SIGN_IN } from '../../http/route-config.ts';
import { updateOrganisation } from './update-organisation.ts';

const FIELDS = ['name', 'sector', 'secrecyRegime', 'protocolSignedOn'] as const;

function OrganisationList({ view, organisations }: { view: View; organisations: OrganisationTable[] }) {
  return (
    <Layout view={view} title={view.t('organisations.title')}>
      <h1>{view.t('organisations.title')}</h1>
      <p>
        <a class="button" href="/admin/organisations/new">
          {view.t('organisations.add')}
        </a>
      </p>
      {organisations.length === 0 ? (
        <p>{view.t('organisations.empty')}</p>
      ) : (
        <table>
          <caption>{view.t('organisations.caption', { count: organisations.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{view.t('field.name')}</th>
              <th scope="col">{view.t('field.sector')}</th>
              <th scope="col">{view.t('field.secrecyRegime')}</th>
              <th scope="col">{view.t('field.protocolSignedOn')}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((organisation) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/organisations/${organisation.id}`}>{organisation.name}</a>
                </th>
                <td>{view.t(`sector.${organisation.sector}`)}</td>
                <td>{view.t(`secrecy.${organisation.secrecy_regime}`)}</td>
                <td>{organisation.protocol_signed_on ?? view.t('organisations.no_protocol')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function OrganisationForm(props: { view: View; values: FormValues; errors: FieldErrors; action: string; title: string; submit: string }) {
  const { view, values, errors } = props;
  return (
    <Layout view={view} title={props.title}>
      <p>
        <a href="/admin/organisations">{view.t('organisations.back')}</a>
      </p>
      <h1>{props.title}</h1>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action={props.action}>
        <TextField name="name" label={view.t('field.name')} values={values} errors={errors} required autocomplete="organization" />
        <SelectField
          name="sector"
          label={view.t('field.sector')}
          values={values}
          errors={errors}
          required
          placeholder={view.t('form.choose')}
          options={SECTORS.map((value) => ({ value, label: view.t(`sector.${value}`) }))}
        />
        <SelectField
          name="secrecyRegime"
          label={view.t('field.secrecyRegime')}
          hint={view.t('organisations.secrecy_hint')}
          values={values}
          errors={errors}
          required
          placeholder={view.t('form.choose')}
          options={SECRECY_REGIMES.map((value) => ({ value, label: view.t(`secrecy.${value}`) }))}
        />
        <TextField
          name="protocolSignedOn"
          type="date"
          label={view.t('field.protocolSignedOn')}
          hint={view.t('organisations.protocol_hint')}
          values={values}
          errors={errors}
        />
        <SubmitButton label={props.submit} />
      </Form>
    </Layout>
  );
}

function valuesOf(row: OrganisationTable): FormValues {
  return { name: row.name, sector: row.sector, secrecyRegime: row.secrecy_regime, protocolSignedOn: row.protocol_signed_on ?? undefined };
}

/** Administrator screens for the organisations around the table. */
export function registerOrganisationPages(app: FastifyInstance, deps: PageDeps): void {
  const { ctx, cookies } = deps;
  const idOf = (params: unknown) => String((params as { id: string }).id);

  app.get('/admin/organisations', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'organisations.list');
    const organisations = await listOrganisations(ctx.db, actor);
    return sendPage(reply, OrganisationList({ view: viewFor(request, reply, cookies), organisations }));
  });

  const newForm = (view: View, values: FormValues, errors: FieldErrors) =>
    OrganisationForm({
      view,
      values,
      errors,
      action: '/admin/organisations/new',
      title: view.t('organisations.new_title'),
      submit: view.t('organisations.create'),
    });

  app.get('/admin/organisations/new', RECENT_SIGN_IN, async (request, reply) => {
    authorize(requirePageActor(request), 'organisations.create');
    return sendPage(reply, newForm(viewFor(request, reply, cookies), {}, {}));
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
      redraw: newForm,
    });
  });

  const editForm = (id: string) => (view: View, values: FormValues, errors: FieldErrors) =>
    OrganisationForm({
      view,
      values,
      errors,
      action: `/admin/organisations/${id}`,
      title: view.t('organisations.edit_title'),
      submit: view.t('form.save'),
    });

  app.get('/admin/organisations/:id', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'organisations.read');
    const row = await findOrganisation(ctx.db, actor, idOf(request.params));
    if (!row) throw new AppError('not_found');
    return sendPage(reply, editForm(row.id)(viewFor(request, reply, cookies), valuesOf(row), {}));
  });

  app.post('/admin/organisations/:id', RECENT_SIGN_IN, async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'organisations.update');
    const id = idOf(request.params);
    return handleForm(request, reply, deps, {
      run: async (values) => {
        const input = parseInput(organisationPatchSchema, { ...pick(values, FIELDS), protocolSignedOn: values.protocolSignedOn ?? null });
        await updateOrganisation({ id, input }, actor, ctx);
        return redirectWithFlash(reply, cookies, '/admin/organisations', 'flash.organisation_saved');
      },
      redraw: editForm(id),
    });
  });
}
