import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../access/actor.ts';
import { authorize, can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { asList, requirePageActor } from '../../http/page-helpers.ts';
import { fieldErrors, formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import type { FormValues, View } from '../../ui/view.ts';
import { createService } from './create-service.ts';
import { directoryPdf } from './directory-pdf.ts';
import { serviceCreateSchema, serviceListQuerySchema, servicePatchSchema, type DirectoryService } from './directory.schemas.ts';
import {
  DirectoryPrintPage,
  DirectorySearchPage,
  EditServicePage,
  languageName,
  NewServicePage,
  PROFILE_FLAGS,
  ServicePage,
  type ImportState,
  type SearchState,
} from './directory.views.tsx';
import { getService } from './get-service.ts';
import { languagesInUse, listProviders } from './list-providers.ts';
import { listServices } from './list-services.ts';
import { updateService } from './update-service.ts';
import { verifyService } from './verify-service.ts';
import { formPathOf, groupOpeningHours, isRowGroup, rowFields, rowValues, withAnotherRow, type RowGroup } from './service-form.ts';

/** The print page and the PDF hold at most this many services (the API's largest page). */
const PRINT_LIMIT = 200;
const SEARCH_KEYS = ['q', 'theme', 'age', 'language', 'noWaitingList'] as const;

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The search's filters as the GET form sent them (empty fields are "any"). */
function searchValues(request: FastifyRequest): FormValues {
  const values = formValues(request.query);
  return Object.fromEntries(SEARCH_KEYS.filter((key) => first(values[key]) !== undefined).map((key) => [key, first(values[key])]));
}

const queryOf = (values: FormValues): string => new URLSearchParams(Object.entries(values).map(([key, value]) => [key, String(value)])).toString();

async function search(request: FastifyRequest, actor: Actor, ctx: AppContext, limit: number, cursor?: string) {
  const values = searchValues(request);
  const query = parseInput(serviceListQuerySchema, values);
  return {
    values,
    ...(await listServices(
      {
        filters: { q: query.q, theme: query.theme, language: query.language, age: query.age, noWaitingList: query.noWaitingList === 'true' },
        limit,
        cursor,
      },
      actor,
      ctx,
    )),
  };
}

/** The filters in words, for the print page and the PDF ("Theme: Drugs · Age: 15"). */
function filtersInWords(view: View, values: FormValues): string[] {
  const words: string[] = [];
  const value = (key: string) => first(values[key]);
  if (value('q')) words.push(`${view.t('directory.filter.q')}: ${value('q')}`);
  if (value('theme')) words.push(`${view.t('directory.filter.theme')}: ${view.t(`cases.theme.${value('theme')}`)}`);
  if (value('age')) words.push(`${view.t('directory.filter.age')}: ${value('age')}`);
  if (value('language')) words.push(`${view.t('directory.filter.language')}: ${languageName(value('language')!, view.locale)}`);
  if (value('noWaitingList') === 'true') words.push(view.t('directory.filter.no_waiting_list'));
  return words;
}

const codes = (value: string | string[] | undefined): string[] =>
  (first(value) ?? '')
    .split(/[\s,;]+/)
    .map((code) => code.trim().toLowerCase())
    .filter((code) => code !== '');

/** A whole number typed in a field, or the text itself (the schema names the problem), or null when empty. */
function wholeNumber(value: string | string[] | undefined): number | string | null {
  const raw = first(value)?.trim();
  if (raw === undefined || raw === '') return null;
  return /^\d{1,4}$/.test(raw) ? Number(raw) : raw;
}

/**
 * The edit form's values → the curation API's fields (every field the form holds), and for the
 * repeated parts which form row each API item came from (to put an error next to its field).
 */
export function serviceFieldsFromForm(
  values: FormValues,
  stored?: DirectoryService,
): { fields: Record<string, unknown>; rows: Record<RowGroup, number[]> } {
  const repeated = rowFields(values, stored);
  return { fields: { ...plainFieldsFromForm(values, stored), ...repeated.fields }, rows: repeated.rows };
}

function plainFieldsFromForm(values: FormValues, stored?: DirectoryService): Record<string, unknown> {
  const text = (name: string) => first(values[name]) ?? '';
  const interpreters = codes(values.interpreterLanguages);
  const spoken = codes(values.languages).filter((code) => !interpreters.includes(code));
  const profile = new Set(asList(values.profile));
  const phones = text('phones')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const samePhones = stored !== undefined && JSON.stringify(stored.phones.map((phone) => phone.number)) === JSON.stringify(phones);
  return {
    name: text('name'),
    alternateName: text('alternateName'),
    description: text('description'),
    url: text('url'),
    ...(first(values.email) !== undefined ? { email: text('email') } : {}),
    status: first(values.status) ?? 'active',
    themes: asList(values.themes),
    ageMin: wholeNumber(values.ageMin),
    ageMax: wholeNumber(values.ageMax),
    languages: [...new Set([...spoken, ...interpreters])].map((code) => ({ code, interpreter: interpreters.includes(code) })),
    waitingDays: wholeNumber(values.waitingDays),
    noWaitingList: asList(values.noWaitingList).includes('true'),
    ...Object.fromEntries(PROFILE_FLAGS.map((flag) => [flag, profile.has(flag)])),
    eligibility: text('eligibility'),
    applicationProcess: text('applicationProcess'),
    cost: text('cost'),
    ...(samePhones ? {} : { phones: phones.map((number) => ({ number })) }),
  };
}

/** A stored entry as the edit form's values. */
export function serviceFormValues(service: DirectoryService): FormValues {
  return {
    name: service.name,
    alternateName: service.alternateName ?? undefined,
    description: service.description,
    url: service.url ?? undefined,
    email: service.email ?? undefined,
    status: service.status,
    themes: [...service.themes],
    ageMin: service.ageMin === null ? undefined : String(service.ageMin),
    ageMax: service.ageMax === null ? undefined : String(service.ageMax),
    languages: service.languages
      .filter((language) => !language.interpreter)
      .map((language) => language.code)
      .join(', '),
    interpreterLanguages: service.languages
      .filter((language) => language.interpreter)
      .map((language) => language.code)
      .join(', '),
    waitingDays: service.waitingDays === null ? undefined : String(service.waitingDays),
    noWaitingList: service.noWaitingList ? ['true'] : [],
    profile: PROFILE_FLAGS.filter((flag) => service[flag]),
    eligibility: service.eligibility ?? undefined,
    applicationProcess: service.applicationProcess ?? undefined,
    cost: service.cost ?? undefined,
    phones: service.phones.map((phone) => phone.number).join('\n'),
    version: String(service.version),
    ...rowValues(service),
  };
}

/** Errors of the service form by field: a row's error next to its own field (`contacts.1.email`), others by their first path part. */
function serviceFormErrors(request: FastifyRequest, error: AppError, rows: Record<RowGroup, number[]> | null): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = (rows && formPathOf(issue, rows)) ?? (issue.path === '' ? 'form' : issue.path.split('.')[0]!);
    errors[key] ??= request.t(issue.messageKey, issue.values);
  }
  return errors;
}

/** The form rows' opening hours (one weekday each) as weekly schedules, once they are valid. */
function withGroupedHours<Input extends { openingHours?: { days: string[]; opensAt: string; closesAt: string }[] }>(input: Input): Input {
  return input.openingHours === undefined ? input : { ...input, openingHours: groupOpeningHours(input.openingHours) };
}

/**
 * The social map's pages (issue 13, part 2): search with print page and PDF, one entry with its
 * edit form and "mark verified", and a new entry (the HSDS import is directory-import.pages.tsx). Every page asks the
 * use cases, which ask the policy.
 */
export function registerDirectoryPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  app.get('/directory', async (request, reply) => {
    const actor = requirePageActor(request);
    const view = viewFor(request, reply, cookies);
    const cursor = first(formValues(request.query).cursor);
    const known = await languagesInUse(actor, ctx);
    const base = {
      canCreate: can(actor, 'directory.create'),
      canImport: can(actor, 'directory.import'),
      canRecordGap: can(actor, 'directory.recordGap'),
      canReadGapReport: can(actor, 'directory.readGapReport'),
      canPublish: can(actor, 'directory.publish'),
    };
    try {
      const found = await search(request, actor, ctx, 50, cursor);
      const state: SearchState = {
        form: { values: found.values, errors: {} },
        query: queryOf(found.values),
        active: Object.keys(found.values).length,
        results: found.data,
        nextCursor: found.nextCursor,
        languages: known,
      };
      return sendPage(reply, DirectorySearchPage({ view, state, ...base }));
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      const values = searchValues(request);
      const state: SearchState = {
        form: { values, errors: fieldErrors(request, error) },
        query: '',
        active: Object.keys(values).length,
        results: [],
        nextCursor: null,
        languages: known,
      };
      return sendPage(reply, DirectorySearchPage({ view, state, ...base }), 400);
    }
  });

  app.get('/directory/print', async (request, reply) => {
    const actor = requirePageActor(request);
    const found = await search(request, actor, ctx, PRINT_LIMIT);
    const view = viewFor(request, reply, cookies);
    return sendPage(reply, DirectoryPrintPage({ view, results: found.data, filters: filtersInWords(view, found.values) }));
  });

  app.get('/directory/results.pdf', async (request, reply) => {
    const actor = requirePageActor(request);
    const found = await search(request, actor, ctx, PRINT_LIMIT);
    const view = viewFor(request, reply, cookies);
    const pdf = await directoryPdf(view, found.data, filtersInWords(view, found.values));
    return reply
      .headers({ 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="social-map.pdf"', 'cache-control': 'no-store' })
      .send(pdf);
  });

  const sendNew = async (request: FastifyRequest, reply: Parameters<typeof sendPage>[0], actor: Actor, form: ImportState['form'], status = 200) =>
    sendPage(reply, NewServicePage({ view: viewFor(request, reply, cookies), providers: await listProviders(actor, ctx), form }), status);

  app.get('/directory/services/new', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'directory.create');
    return sendNew(request, reply, actor, { values: { status: 'active', ...rowValues(null) }, errors: {} });
  });

  app.post('/directory/services/new', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'directory.create');
    const values = formValues(request.body);
    const addRow = first(values.addRow);
    if (isRowGroup(addRow)) return sendNew(request, reply, actor, { values: withAnotherRow(values, addRow), errors: {} });
    const { fields, rows } = serviceFieldsFromForm(values);
    try {
      const organisationId = first(values.organisationId);
      const organisationName = first(values.organisationName)?.trim();
      const input = parseInput(serviceCreateSchema, {
        ...fields,
        ...(organisationId ? { organisationId } : {}),
        ...(!organisationId && organisationName ? { organisation: { name: organisationName } } : {}),
      });
      const created = await createService({ input: withGroupedHours(input) }, actor, ctx);
      return redirectWithFlash(reply, cookies, `/directory/services/${created.id}`, 'flash.directory_service_created');
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      const errors = serviceFormErrors(request, error, rows);
      // "Choose a provider or name a new one" belongs next to the provider field.
      const { organisation, ...rest } = errors;
      return sendNew(request, reply, actor, { values, errors: organisation ? { organisationId: organisation, ...rest } : rest }, 400);
    }
  });

  app.get('/directory/services/:id', async (request, reply) => {
    const actor = requirePageActor(request);
    const service = await getService({ id: pathParam(request) }, actor, ctx);
    const canCurate = can(actor, 'directory.curate', { curatorOrganisationId: service.curatorOrganisationId });
    return sendPage(reply, ServicePage({ view: viewFor(request, reply, cookies), service, canCurate }));
  });

  /** The edit form, for the entry's curators only (others: 403, as the use case would answer). */
  const sendEdit = (
    request: FastifyRequest,
    reply: Parameters<typeof sendPage>[0],
    service: DirectoryService,
    form: ImportState['form'],
    status = 200,
  ) => sendPage(reply, EditServicePage({ view: viewFor(request, reply, cookies), service, form }), status);
  const curatedService = async (request: FastifyRequest, actor: Actor) => {
    const service = await getService({ id: pathParam(request) }, actor, ctx);
    authorize(actor, 'directory.curate', { curatorOrganisationId: service.curatorOrganisationId });
    return service;
  };

  app.get('/directory/services/:id/edit', async (request, reply) => {
    const actor = requirePageActor(request);
    const service = await curatedService(request, actor);
    return sendEdit(request, reply, service, { values: serviceFormValues(service), errors: {} });
  });

  /**
   * Saves the edit form against the version it was drawn from (hidden field): a stale form is 409 and
   * changes nothing — the current entry's form is shown with what the user typed and why. "Add
   * another" draws the form again with one more row and saves nothing.
   */
  const saveEdit = async (request: FastifyRequest, reply: Parameters<typeof sendPage>[0]) => {
    const actor = requirePageActor(request);
    const stored = await curatedService(request, actor);
    const id = stored.id;
    const values = formValues(request.body);
    const addRow = first(values.addRow);
    if (isRowGroup(addRow)) return sendEdit(request, reply, stored, { values: withAnotherRow(values, addRow), errors: {} });
    const { fields, rows } = serviceFieldsFromForm(values, stored);
    try {
      const version = Number(first(values.version));
      if (!Number.isInteger(version) || version < 1)
        throw new AppError('validation_failed', [{ path: 'version', messageKey: 'validation.required' }]);
      const input = parseInput(servicePatchSchema, fields);
      await updateService({ id, expectedVersion: version, input: withGroupedHours(input) }, actor, ctx);
      return redirectWithFlash(reply, cookies, `/directory/services/${id}`, 'flash.directory_service_saved');
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'validation_failed' && error.code !== 'conflict')) throw error;
      if (error.code === 'conflict') {
        // Someone saved in between: the current entry is shown, with what this user typed and why it was not saved.
        const current = await getService({ id }, actor, ctx);
        return sendEdit(
          request,
          reply,
          current,
          { values: { ...values, version: String(current.version) }, errors: { form: request.t('directory.stale') } },
          409,
        );
      }
      return sendEdit(request, reply, stored, { values, errors: serviceFormErrors(request, error, rows) }, 400);
    }
  };
  app.post('/directory/services/:id/edit', saveEdit);
  // The edit form used to sit on the entry's own page and post there; that address keeps working.
  app.post('/directory/services/:id', saveEdit);

  app.post('/directory/services/:id/verification', async (request, reply) => {
    const actor = requirePageActor(request);
    const id = pathParam(request);
    try {
      await verifyService({ id }, actor, ctx);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'conflict') throw error;
    }
    return redirectWithFlash(reply, cookies, `/directory/services/${id}`, 'flash.directory_service_verified');
  });
}
