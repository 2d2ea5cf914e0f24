import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { fieldErrors, formValues, redirectWithFlash, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { pick, requirePageActor } from '../../http/page-helpers.ts';
import type { FormValues, View } from '../../ui/view.ts';
import { addTableMember } from './add-table-member.ts';
import { createTable } from './create-table.ts';
import { getTable } from './get-table.ts';
import { removeTableMember } from './remove-table-member.ts';
import { countMembersByTable, listEligibleMembers, listTables } from './tables.queries.ts';
import { TABLE_FIELDS, tableCreateSchema, tableMemberAddSchema, tableMemberRemoveFormSchema } from './tables.schemas.ts';
import { TableDetail, TableList, type FormState } from './tables.views.tsx';
import { valuesOf } from './table-values.ts';
import { updateTable } from './update-table.ts';
import { viewTableHistory } from './view-table-history.ts';
import { membersPlace } from './table-confirmations.pages.tsx';
import { can } from '../../access/authorize.ts';
import { confirmModalities } from './confirm-modalities.ts';
import { TableGovernance, modalitiesPlace } from './table-modalities.views.tsx';
import { viewTableModalities } from './view-table-modalities.ts';

const NO_FORM = { values: {}, errors: {} } as const;

/** The version the edit form was drawn from (hidden field); a missing or mangled one is a form error. */
function versionOf(values: FormValues): number {
  const version = Number(values.version);
  if (typeof values.version !== 'string' || !Number.isInteger(version) || version < 1)
    throw new AppError('validation_failed', [{ path: '', messageKey: 'validation.invalid' }]);
  return version;
}

/**
 * Post-redirect-get as the shared `handleForm` (server/http/page-helpers.ts), except that a
 * field-level `conflict` (the member already holds the role) is drawn next to the field like a
 * validation error, with its own status; and a form that knows stale versions (`redrawStale`) draws
 * a plain `conflict` (someone saved first) with the typed values kept, 409.
 */
async function handleTableForm(
  request: FastifyRequest,
  reply: FastifyReply,
  cookies: CookiePolicy,
  options: {
    run: (values: FormValues) => Promise<FastifyReply>;
    redraw: (view: View, form: FormState) => Promise<JSX.Element>;
    redrawStale?: (view: View, values: FormValues) => Promise<JSX.Element>;
  },
): Promise<FastifyReply> {
  const values = formValues(request.body);
  try {
    return await options.run(values);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const view = () => viewFor(request, reply, cookies);
    if (error.code === 'conflict' && error.issues.length === 0 && options.redrawStale)
      return sendPage(reply, await options.redrawStale(view(), values), error.status);
    if (!(error.code === 'validation_failed' || (error.code === 'conflict' && error.issues.length > 0))) throw error;
    return sendPage(reply, await options.redraw(view(), { values, errors: fieldErrors(request, error) }), error.status);
  }
}

/** The coordinator's screens: the list of tables with a form for a new one, and one table with its members. */
export function registerTablePages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  const listPage = async (actor: Actor, view: View, form: FormState) => {
    const [tables, memberCounts] = await Promise.all([listTables(ctx.db, actor), countMembersByTable(ctx.db, actor)]);
    return TableList({ view, tables, memberCounts, form });
  };
  const detailPage = async (actor: Actor, id: string, view: View, forms: { edit?: FormState; add?: FormState; conflict?: FormValues }) => {
    const table = await getTable({ id }, actor, ctx);
    const [candidates, revisions, modalities] = await Promise.all([
      listEligibleMembers(ctx.db, actor),
      viewTableHistory({ id }, actor, ctx),
      viewTableModalities({ id }, actor, ctx),
    ]);
    return TableDetail({
      modalities,
      view,
      table,
      candidates,
      revisions,
      edit: forms.edit ?? { values: valuesOf(table), errors: {} },
      add: forms.add ?? NO_FORM,
      conflict: forms.conflict,
    });
  };

  app.get('/tables', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'tables.list');
    return sendPage(reply, await listPage(actor, viewFor(request, reply, cookies), NO_FORM));
  });

  app.post('/tables', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'tables.create');
    return handleTableForm(request, reply, cookies, {
      run: async (values) => {
        const table = await createTable({ input: parseInput(tableCreateSchema, pick(values, TABLE_FIELDS)) }, actor, ctx);
        return redirectWithFlash(reply, cookies, `/tables/${table.id}`, 'flash.table_created');
      },
      redraw: (view, form) => listPage(actor, view, form),
    });
  });

  app.get('/tables/:id', async (request, reply) => {
    const actor = requirePageActor(request);
    const id = pathParam(request);
    const view = viewFor(request, reply, cookies);
    if (can(actor, 'tables.read')) return sendPage(reply, await detailPage(actor, id, view, {}));
    // A member reads the table's governance and confirms its modalities; anyone else gets 404.
    const modalities = await viewTableModalities({ id }, actor, ctx);
    return sendPage(reply, TableGovernance({ view, modalities, revisions: await viewTableHistory({ id }, actor, ctx) }));
  });

  app.post('/tables/:id/modalities/confirmation', async (request, reply) => {
    const actor = requirePageActor(request);
    const id = pathParam(request);
    const version = Number(formValues(request.body).version);
    try {
      await confirmModalities({ tableId: id, version: Number.isInteger(version) ? version : -1 }, actor, ctx);
    } catch (error) {
      // The text changed since the page was drawn: back to the page, which shows the new version.
      if (isAppError(error) && error.code === 'conflict')
        return redirectWithFlash(reply, cookies, modalitiesPlace(id), 'flash.table_modalities_changed');
      throw error;
    }
    return redirectWithFlash(reply, cookies, modalitiesPlace(id), 'flash.table_modalities_confirmed');
  });

  app.post('/tables/:id', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'tables.update');
    const id = pathParam(request);
    return handleTableForm(request, reply, cookies, {
      run: async (values) => {
        const expectedVersion = versionOf(values);
        // The form always shows every field, so an emptied one is an error, not "leave unchanged";
        // an emptied modalities field empties the modalities.
        const input = parseInput(tableCreateSchema, { modalities: '', ...pick(values, TABLE_FIELDS) });
        await updateTable({ id, expectedVersion, input }, actor, ctx);
        return redirectWithFlash(reply, cookies, `/tables/${id}`, 'flash.table_saved');
      },
      redraw: (view, edit) => detailPage(actor, id, view, { edit }),
      redrawStale: (view, conflict) => detailPage(actor, id, view, { conflict }),
    });
  });

  app.post('/tables/:id/members', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'tables.manageMembers');
    const id = pathParam(request);
    return handleTableForm(request, reply, cookies, {
      run: async (values) => {
        await addTableMember({ tableId: id, input: parseInput(tableMemberAddSchema, pick(values, ['userId', 'role'])) }, actor, ctx);
        return redirectWithFlash(reply, cookies, `/tables/${id}`, 'flash.table_member_added');
      },
      redraw: (view, add) => detailPage(actor, id, view, { add }),
    });
  });

  app.post('/tables/:id/members/remove', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'tables.manageMembers');
    const id = pathParam(request);
    const input = parseInput(tableMemberRemoveFormSchema, pick(formValues(request.body), ['userId', 'role']));
    await removeTableMember({ tableId: id, userId: input.userId, role: input.role }, actor, ctx);
    return redirectWithFlash(reply, cookies, membersPlace(id), 'flash.table_member_removed');
  });
}
