import type { FastifyInstance } from 'fastify';
import { abilities, authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { formValues } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { addTableMember } from './add-table-member.ts';
import { createTable } from './create-table.ts';
import { getTable } from './get-table.ts';
import { removeTableMember } from './remove-table-member.ts';
import { presentTable } from './tables.presenter.ts';
import { listTables } from './tables.queries.ts';
import {
  tableCreateSchema,
  tableDetailOutput,
  tableMemberAddSchema,
  tableMemberRemoveQuerySchema,
  tableOutput,
  tablePatchSchema,
} from './tables.schemas.ts';
import { updateTable } from './update-table.ts';

const paramOf = (params: unknown, name: 'id' | 'userId'): string => String((params as Record<string, unknown>)[name] ?? '');

/** JSON API of the tables module (API.md "Partner tables"); every route is the coordinator's. */
export function registerTableRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);
  const tableAbilities = ['tables.update', 'tables.manageMembers'] as const;

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
      const data = await createTable({ input: parseInput(tableCreateSchema, request.body) }, actor, ctx);
      return { body: { data, abilities: abilities(actor, tableAbilities) } };
    },
  );
  route(
    { method: 'GET', url: '/api/v1/tables/:id', summary: 'One partner table with its members', tag: 'tables', response: tableDetailOutput },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'tables.read');
      const data = await getTable({ id: paramOf(request.params, 'id') }, actor, ctx);
      return { body: { data, abilities: abilities(actor, tableAbilities) } };
    },
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/tables/:id',
      summary: 'Change a partner table (name, audience, purpose, legal framework)',
      tag: 'tables',
      body: tablePatchSchema,
      response: tableDetailOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'tables.update');
      const data = await updateTable({ id: paramOf(request.params, 'id'), input: parseInput(tablePatchSchema, request.body) }, actor, ctx);
      return { body: { data, abilities: abilities(actor, tableAbilities) } };
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
      return { body: { data, abilities: abilities(actor, tableAbilities) } };
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
}
