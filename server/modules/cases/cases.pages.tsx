import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../access/actor.ts';
import { authorize, can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { requirePageActor } from '../../http/page-helpers.ts';
import { pathParam } from '../../http/route-config.ts';
import type { FieldErrors, FormValues } from '../../ui/view.ts';
import { addItem } from './add-item.ts';
import { caseFieldErrors, changedFields, contextPersonsInput, listOf, pick, requirePersonSearch, subjectInput, versionOf } from './case-forms.ts';
import { CaseList, NewCaseForm, type DuplicateEntry } from './case-list.views.tsx';
import {
  FORM_PLACES,
  NO_FORMS,
  formIsDrawn,
  savedSectionOf,
  showsManageTab,
  tabPath,
  type CaseFormName,
  type CasePageData,
  type CasePageState,
} from './case-page.model.ts';
import type { CaseTab } from './case-read-parts.ts';
import { CasePage } from './case-page.views.tsx';
import { caseListTables, caseScreenChoices, newCaseChoices } from './case-screen-choices.ts';
import { EMPTY_FORM, type FormState } from './cases.components.tsx';
import {
  caseCloseSchema,
  caseCreateSchema,
  caseListQuerySchema,
  casePersonSearchSchema,
  casePatchSchema,
  caseReopenSchema,
  caseMoveSchema,
  handoverKeepSchema,
  consentCreateSchema,
  disclosureRaiseSchema,
  itemCreateSchema,
  participantAddSchema,
  type CaseListEntry,
  type CaseListQuery,
} from './cases.schemas.ts';
import { closeCase, raiseDisclosure, reopenCase } from './change-case-state.ts';
import { keepCaseAtTable, moveCase } from './move-case.ts';
import { createCase } from './create-case.ts';
import { listCases } from './list-cases.ts';
import { recordConsent } from './manage-consents.ts';
import { addParticipant, removeParticipant } from './manage-participants.ts';
import { updateCase } from './update-case.ts';
import { viewCase } from './view-case.ts';
import { viewCaseTab } from './view-case-tab.ts';

const FILTER_FIELDS = ['q', 'status', 'tableId', 'theme', 'sort', 'cursor'] as const;
const CASE_FIELDS = [
  'tableId',
  'theme',
  'summary',
  'identityDisclosure',
  'caseOwnerOrganisationId',
  'referrerOrganisationId',
  'ageExceptionReason',
] as const;

/** What a refused step of each form is told when the case changed first (its message key). */
const CONFLICT_MESSAGE: Record<CaseFormName, string> = {
  edit: 'cases.conflict.stale',
  participant: 'cases.conflict.already_participant',
  removeParticipant: 'cases.conflict.stale',
  consent: 'cases.conflict.stale',
  withdraw: 'cases.conflict.consent_already_withdrawn',
  item: 'cases.conflict.stale',
  close: 'cases.conflict.stale',
  reopen: 'cases.conflict.stale',
  disclosure: 'cases.conflict.stale',
  move: 'cases.conflict.stale',
  keep: 'cases.conflict.stale',
};

const idOf = pathParam;

/** The tables a non-coordinator may filter on: those of the cases they can see. */
function tablesOf(entries: readonly CaseListEntry[]) {
  const tables = new Map(entries.map((entry) => [entry.tableId, entry.tableName]));
  return [...tables].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The coordinator's and the case workers' screens: case list, new case, and the case page with its forms. */
export function registerCasePages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  /**
   * What one tab of the case page shows, as one audited read of that tab, and the choices of its
   * forms. The Manage tab is the coordinator's: to anyone with nothing to do there it is invisible (404).
   */
  const loadCasePage = async (actor: Actor, caseId: string, tab: CaseTab): Promise<CasePageData> => {
    const file = await viewCaseTab({ caseId, tab }, actor, ctx);
    if (tab === 'manage' && !showsManageTab(file.abilities)) throw new AppError('not_found');
    return { ...file, choices: await caseScreenChoices({ caseId }, actor, ctx) };
  };

  /** A tab after a GET; the saved-message of a form just posted is drawn in that form's section. */
  const sendCaseTab = async (request: FastifyRequest, reply: FastifyReply, tab: CaseTab) => {
    const actor = requirePageActor(request);
    const data = await loadCasePage(actor, idOf(request), tab);
    const savedSection = savedSectionOf(request.cookies[cookies.flash]);
    return sendPage(reply, CasePage({ view: viewFor(request, reply, cookies), data, state: NO_FORMS, savedSection }));
  };

  /** The case list; `query` is null when the filters or the person search were not valid (then nothing is listed). */
  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    forms: { filters: FormState; search: FormState | null },
    query: CaseListQuery | null,
  ) => {
    const { entries, nextCursor } = query ? await listCases({ filters: query }, actor, ctx) : { entries: [], nextCursor: null };
    const tables = (await caseListTables(actor, ctx)) ?? tablesOf(entries);
    const page = CaseList({
      view: viewFor(request, reply, cookies),
      entries,
      nextCursor,
      filters: forms.filters,
      search: can(actor, 'cases.searchByName') ? (forms.search ?? EMPTY_FORM) : null,
      searched: forms.search !== null && query !== null,
      tables,
      canCreate: can(actor, 'cases.create'),
    });
    return sendPage(reply, page, query ? 200 : 400);
  };

  /** Parses a list query; a validation error gives the errors to draw next to the fields instead. */
  const parseQuery = (request: FastifyRequest, input: () => CaseListQuery): { query: CaseListQuery | null; errors: FieldErrors } => {
    try {
      return { query: input(), errors: {} };
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error;
      return { query: null, errors: caseFieldErrors(request, error) };
    }
  };

  app.get('/cases', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'cases.list');
    const values = formValues(request.query);
    const { query, errors } = parseQuery(request, () => parseInput(caseListQuerySchema, pick(values, FILTER_FIELDS)));
    return listPage(request, reply, actor, { filters: { values, errors }, search: null }, query);
  });

  // A person search is posted, so that a name and birth date never land in an address, a log or the browser history.
  app.post('/cases/search', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'cases.searchByName');
    const values = formValues(request.body);
    const { query, errors } = parseQuery(request, () => {
      requirePersonSearch(values);
      return parseInput(casePersonSearchSchema, pick(values, ['familyName', 'birthDate']));
    });
    return listPage(request, reply, actor, { filters: EMPTY_FORM, search: { values, errors } }, query);
  });

  app.get('/cases/new', async (request, reply) => {
    const actor = requirePageActor(request);
    const choices = await newCaseChoices(actor, ctx);
    return sendPage(reply, NewCaseForm({ view: viewFor(request, reply, cookies), form: EMPTY_FORM, ...choices }));
  });

  app.post('/cases/new', async (request, reply) => {
    const actor = requirePageActor(request);
    const choices = await newCaseChoices(actor, ctx);
    const values = formValues(request.body);
    const askAgeException = values.ageExceptionReason !== undefined;
    try {
      const subject = subjectInput(values);
      const contextPersons = contextPersonsInput(values);
      const input = parseInput(caseCreateSchema, {
        ...pick(values, CASE_FIELDS),
        ...(subject && { subject }),
        contextPersons,
        ...(values.confirmDuplicate === 'yes' && { confirmDuplicate: true }),
      });
      const created = await createCase({ input }, actor, ctx);
      return redirectWithFlash(reply, cookies, `/cases/${created.id}`, 'flash.case_created');
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'validation_failed' && error.code !== 'possible_duplicate')) throw error;
      const view = viewFor(request, reply, cookies);
      if (error.code === 'possible_duplicate') {
        const duplicates = (error.details?.matches ?? []) as DuplicateEntry[];
        return sendPage(reply, NewCaseForm({ view, form: { values, errors: {} }, ...choices, duplicates, askAgeException }), 409);
      }
      const ageMisfit = error.issues.some((issue) => issue.messageKey.startsWith('validation.case.age_outside_table'));
      const form = { values, errors: caseFieldErrors(request, error) };
      return sendPage(reply, NewCaseForm({ view, form, ...choices, askAgeException: askAgeException || ageMisfit }), 400);
    }
  });

  app.get('/cases/:id', async (request, reply) => sendCaseTab(request, reply, 'overview'));
  app.get('/cases/:id/information', async (request, reply) => sendCaseTab(request, reply, 'information'));
  app.get('/cases/:id/people', async (request, reply) => sendCaseTab(request, reply, 'people'));
  app.get('/cases/:id/history', async (request, reply) => sendCaseTab(request, reply, 'history'));
  app.get('/cases/:id/manage', async (request, reply) => sendCaseTab(request, reply, 'manage'));

  /**
   * Post-redirect-get for the forms of the case page: on success to the tab and section of the form
   * (`/cases/:id/information#items`) with the saved-message drawn in that section. A validation error
   * draws the form's tab again with its input and the problems above it and next to its fields (400;
   * the form's action carries the fragment of its heading, so the browser lands there); a conflict
   * (someone changed the case first, or its state no longer allows the step) draws it again with an
   * explanation (409) — for the edit form, the current values next to what was typed. A form the tab
   * no longer offers (the case was closed meanwhile) is explained at the top instead.
   */
  const caseForm = (form: CaseFormName, run: (values: FormValues, actor: Actor, caseId: string, request: FastifyRequest) => Promise<string>) =>
    async function (request: FastifyRequest, reply: FastifyReply) {
      const actor = requirePageActor(request);
      const caseId = idOf(request);
      const values = formValues(request.body);
      try {
        const flash = await run(values, actor, caseId, request);
        const place = FORM_PLACES[form];
        return redirectWithFlash(reply, cookies, `${tabPath(caseId, place.tab)}#${place.saved}`, flash, request);
      } catch (error) {
        if (!isAppError(error) || (error.code !== 'validation_failed' && error.code !== 'conflict')) throw error;
        const data = await loadCasePage(actor, caseId, FORM_PLACES[form].tab);
        const state = stateAfter(request, error, data, form, values);
        return sendPage(reply, CasePage({ view: viewFor(request, reply, cookies), data, state }), error.status);
      }
    };

  const stateAfter = (request: FastifyRequest, error: AppError, data: CasePageData, form: CaseFormName, values: FormValues): CasePageState => {
    const closed = data.case.status === 'closed' && form !== 'reopen';
    const message = request.t(closed ? 'cases.conflict.case_closed' : CONFLICT_MESSAGE[form]);
    if (!formIsDrawn(data, form)) return { forms: {}, notice: message };
    if (error.code === 'validation_failed') return { forms: { [form]: { values, errors: caseFieldErrors(request, error) } } };
    if (form === 'edit') return { forms: {}, conflict: values };
    return { forms: { [form]: { values, errors: form === 'participant' ? { userId: message } : { form: message } } } };
  };

  app.post(
    '/cases/:id',
    caseForm('edit', async (values, actor, caseId) => {
      const expectedVersion = versionOf(values);
      const current = await viewCase({ caseId }, actor, ctx);
      const input = parseInput(casePatchSchema, changedFields(current.data, values));
      await updateCase({ caseId, expectedVersion, input }, actor, ctx);
      return 'flash.case_saved';
    }),
  );

  app.post(
    '/cases/:id/participants',
    caseForm('participant', async (values, actor, caseId) => {
      await addParticipant({ caseId, input: parseInput(participantAddSchema, pick(values, ['userId', 'role'])) }, actor, ctx);
      return 'flash.case_participant_added';
    }),
  );

  app.post(
    '/cases/:id/participants/remove',
    caseForm('removeParticipant', async (values, actor, caseId) => {
      await removeParticipant({ caseId, userId: pick(values, ['userId']).userId ?? '' }, actor, ctx);
      return 'flash.case_participant_removed';
    }),
  );

  app.post(
    '/cases/:id/consents',
    caseForm('consent', async (values, actor, caseId) => {
      const input = parseInput(consentCreateSchema, {
        ...pick(values, ['givenBy', 'purpose', 'givenOn', 'documentReference']),
        organisationIds: listOf(values.organisationIds),
        withFeedback: listOf(values.withFeedback).includes('yes'),
      });
      await recordConsent({ caseId, input }, actor, ctx);
      return 'flash.case_consent_recorded';
    }),
  );

  // Withdrawing a consent asks the day and the reason on its confirmation page: case-confirmations.pages.tsx.

  app.post(
    '/cases/:id/items',
    caseForm('item', async (values, actor, caseId) => {
      const organisationIds = listOf(values.organisationIds);
      const input = parseInput(itemCreateSchema, {
        ...pick(values, ['body', 'audience', 'legalBasis', 'consentId']),
        ...(organisationIds.length > 0 && { organisationIds }),
        classes: listOf(values.classes),
      });
      await addItem({ caseId, input }, actor, ctx);
      return 'flash.case_item_added';
    }),
  );

  app.post(
    '/cases/:id/close',
    caseForm('close', async (values, actor, caseId) => {
      const expectedVersion = versionOf(values);
      await closeCase({ caseId, input: parseInput(caseCloseSchema, pick(values, ['outcome', 'rationale'])), expectedVersion }, actor, ctx);
      return 'flash.case_closed';
    }),
  );

  app.post(
    '/cases/:id/reopen',
    caseForm('reopen', async (values, actor, caseId) => {
      const expectedVersion = versionOf(values);
      await reopenCase({ caseId, input: parseInput(caseReopenSchema, pick(values, ['reason'])), expectedVersion }, actor, ctx);
      return 'flash.case_reopened';
    }),
  );

  app.post(
    '/cases/:id/disclosure',
    caseForm('disclosure', async (values, actor, caseId) => {
      const expectedVersion = versionOf(values);
      const subject = subjectInput(values);
      const input = parseInput(disclosureRaiseSchema, { ...pick(values, ['level', 'rationale']), ...(subject && { subject }) });
      await raiseDisclosure({ caseId, input, expectedVersion }, actor, ctx);
      return 'flash.case_disclosure_raised';
    }),
  );

  app.post(
    '/cases/:id/move',
    caseForm('move', async (values, actor, caseId) => {
      const expectedVersion = versionOf(values);
      const { reason, ...rest } = pick(values, ['tableId', 'reason']);
      const input = parseInput(caseMoveSchema, { ...rest, ...(typeof reason === 'string' && reason.trim() !== '' && { reason }) });
      await moveCase({ caseId, input, expectedVersion }, actor, ctx);
      return 'flash.case_moved';
    }),
  );

  app.post(
    '/cases/:id/handover/keep',
    caseForm('keep', async (values, actor, caseId) => {
      await keepCaseAtTable({ caseId, input: parseInput(handoverKeepSchema, pick(values, ['reason'])) }, actor, ctx);
      return 'flash.case_handover_kept';
    }),
  );
}
