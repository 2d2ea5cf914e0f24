import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../access/actor.ts';
import { abilities, authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import { etagOf, versionFromIfMatch } from '../../http/if-match.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { formValues } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { addTableMember } from './add-table-member.ts';
import { confirmModalities } from './confirm-modalities.ts';
import { createTable } from './create-table.ts';
import { getTable } from './get-table.ts';
import { removeTableMember } from './remove-table-member.ts';
import { presentTable } from './tables.presenter.ts';
import { listTables } from './tables.queries.ts';
import {
  modalitiesConfirmationSchema,
  tableCreateSchema,
  tableDetailOutput,
  tableModalitiesOutput,
  tableMemberAddSchema,
  tableMemberRemoveQuerySchema,
  tableOutput,
  tablePatchSchema,
  tableRevisionOutput,
  type PartnerTableDetail,
} from './tables.schemas.ts';
import { updateTable } from './update-table.ts';
import { viewTableHistory } from './view-table-history.ts';
import { viewTableModalities } from './view-table-modalities.ts';

const paramOf = (params: unknown, name: 'id' | 'userId'): string => String((params as Record<string, unknown>)[name] ?? '');

/**
 * JSON API of the tables module (API.md "Partner tables"); every route is the coordinator's except
 * the history, which the table's members read too. A table answer carries its version in `ETag`.
 */
export function registerTableRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);
  const tableAbilities = ['tables.update', 'tables.manageMembers'] as const;
  const tableAnswer = (actor: Actor, data: PartnerTableDetail) => ({
    body: { data, abilities: abilities(actor, tableAbilities) },
    headers: { etag: etagOf(data.version) },
  });

  route(
    {
      method: 'GET',
      url: '/api/v1/tables',
      summary: 'Partner tables of the local network (coordinator)',
      tag: 'tables',
      response: tableOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'tables.list');
      return { body: { data: (await listTables(ctx.db, actor)).map(presentTable), nextCursor: null } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/tables',
      summary: 'Set up a partner table (coordinator)',
      tag: 'tables',
      body: tableCreateSchema,
      response: tableDetailOutput,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'tables.create');
      return tableAnswer(actor, await createTable({ input: parseInput(tableCreateSchema, request.body) }, actor, ctx));
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/tables/:id',
      summary: 'One partner table with its members (coordinator); header ETag: "<version>"',
      tag: 'tables',
      response: tableDetailOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'tables.read');
      return tableAnswer(actor, await getTable({ id: paramOf(request.params, 'id') }, actor, ctx));
    },
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/tables/:id',
      summary:
        'Change a partner table: name, audience, purpose, legal framework, modalities (coordinator); header If-Match: "<version>" required (400 without), 409 conflict when stale; each change adds one to the version and a revision to the history',
      tag: 'tables',
      body: tablePatchSchema,
      response: tableDetailOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'tables.update');
      const expectedVersion = versionFromIfMatch(request, true)!;
      const input = parseInput(tablePatchSchema, request.body);
      return tableAnswer(actor, await updateTable({ id: paramOf(request.params, 'id'), expectedVersion, input }, actor, ctx));
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/tables/:id/history',
      summary:
        'Every change of a partner table, newest first, with old and new values of the changed fields (purpose, legal framework, modalities…); for the coordinator and the members of the table',
      tag: 'tables',
      response: tableRevisionOutput,
      list: true,
    },
    async (request) => {
      const data = await viewTableHistory({ id: paramOf(request.params, 'id') }, requireActor(request), ctx);
      return { body: { data, nextCursor: null } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/tables/:id/members',
      summary: 'Seat a user at a partner table as key figure or minute taker; 409 when they already hold that role',
      tag: 'tables',
      body: tableMemberAddSchema,
      response: tableDetailOutput,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'tables.manageMembers');
      const data = await addTableMember(
        { tableId: paramOf(request.params, 'id'), input: parseInput(tableMemberAddSchema, request.body) },
        actor,
        ctx,
      );
      return tableAnswer(actor, data);
    },
  );
  route(
    {
      method: 'DELETE',
      url: '/api/v1/tables/:id/members/:userId',
      summary: "End a user's membership of a partner table (one role with ?role=, else every role); effective at once",
      tag: 'tables',
      query: tableMemberRemoveQuerySchema,
      status: 204,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'tables.manageMembers');
      const { role } = parseInput(tableMemberRemoveQuerySchema, formValues(request.query));
      await removeTableMember({ tableId: paramOf(request.params, 'id'), userId: paramOf(request.params, 'userId'), role }, actor, ctx);
      return { status: 204, body: null };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/tables/:id/modalities',
      summary:
        'The modalities of a partner table with their version and whether the caller confirmed it; for the coordinator and the members of the table (anyone else 404)',
      tag: 'tables',
      response: tableModalitiesOutput,
    },
    async (request) => ({ body: { data: await viewTableModalities({ id: paramOf(request.params, 'id') }, requireActor(request), ctx) } }),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/tables/:id/modalities/confirmation',
      summary:
        'A member of the table (key figure or minute taker) confirms the current modalities version; 409 when `version` is not the current one; confirming again changes nothing; a non-member 404',
      tag: 'tables',
      body: modalitiesConfirmationSchema,
      response: tableModalitiesOutput,
    },
    async (request) => {
      const { version } = parseInput(modalitiesConfirmationSchema, request.body);
      return { body: { data: await confirmModalities({ tableId: paramOf(request.params, 'id'), version }, requireActor(request), ctx) } };
    },
  );
}
