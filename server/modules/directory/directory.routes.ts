import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import { etagOf, versionFromIfMatch } from '../../http/if-match.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { parseInput, assertNoEmptyQueryValues } from '../../http/validation.ts';
import { createService } from './create-service.ts';
import {
  importResultOutput,
  serviceCreateSchema,
  serviceListQuerySchema,
  serviceOutput,
  servicePatchSchema,
  type DirectoryService,
} from './directory.schemas.ts';
import { exportHsds } from './export-hsds.ts';
import { getService } from './get-service.ts';
import { hsdsDocumentSchema } from './hsds.schema.ts';
import { importHsds } from './import-hsds.ts';
import { listServices } from './list-services.ts';
import { updateService } from './update-service.ts';
import { verifyService } from './verify-service.ts';

const paramOf = (params: unknown, name: 'id'): string => String((params as Record<string, unknown>)[name] ?? '');

/** An HSDS document may be larger than an ordinary body: up to 16 MiB. */
export const HSDS_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * JSON API of the social map (API.md "Social map"): list and search, one entry, add, change
 * (If-Match), verify, HSDS import (coordinator) and export. An entry answer carries its version in
 * `ETag` and the actor's abilities on it (`update`, `verify`).
 */
export function registerDirectoryRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);
  const serviceAnswer = (actor: Actor, data: DirectoryService) => {
    const curate = can(actor, 'directory.curate', { curatorOrganisationId: data.curatorOrganisationId });
    return { body: { data, abilities: { update: curate, verify: curate } }, headers: { etag: etagOf(data.version) } };
  };

  route(
    {
      method: 'GET',
      url: '/api/v1/directory/services',
      summary: 'The social map: search by words (accents and case do not matter), theme, language, age, no waiting list; by name, keyset pages',
      tag: 'directory',
      query: serviceListQuerySchema,
      response: serviceOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      assertNoEmptyQueryValues(request.query);
      const query = parseInput(serviceListQuerySchema, request.query);
      const { data, nextCursor } = await listServices(
        {
          filters: {
            q: query.q,
            theme: query.theme,
            language: query.language,
            age: query.age,
            noWaitingList: query.noWaitingList === 'true',
          },
          limit: query.limit,
          cursor: query.cursor,
        },
        actor,
        ctx,
      );
      return { body: { data, nextCursor } };
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/directory/services',
      summary: 'Add an entry to the social map (coordinator: any curator; professionals and minute takers: curated by their own organisation)',
      tag: 'directory',
      body: serviceCreateSchema,
      response: serviceOutput,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      return serviceAnswer(actor, await createService({ input: parseInput(serviceCreateSchema, request.body) }, actor, ctx));
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/directory/services/:id',
      summary: 'One entry of the social map; header ETag: "<version>"',
      tag: 'directory',
      response: serviceOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      return serviceAnswer(actor, await getService({ id: paramOf(request.params, 'id') }, actor, ctx));
    },
  );
  route(
    {
      method: 'PATCH',
      url: '/api/v1/directory/services/:id',
      summary:
        'Change an entry (its curators: the coordinator, or the users of its curator organisation); header If-Match: "<version>" required, 409 when stale',
      tag: 'directory',
      body: servicePatchSchema,
      response: serviceOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      const expectedVersion = versionFromIfMatch(request, true)!;
      const input = parseInput(servicePatchSchema, request.body);
      return serviceAnswer(actor, await updateService({ id: paramOf(request.params, 'id'), expectedVersion, input }, actor, ctx));
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/directory/services/:id/verification',
      summary: 'Mark an entry verified now, by the caller (its curators)',
      tag: 'directory',
      response: serviceOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      return serviceAnswer(actor, await verifyService({ id: paramOf(request.params, 'id') }, actor, ctx));
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/directory/import/hsds',
      summary:
        'Import an HSDS 3.0 document (a JSON array of services with nested organization, locations, languages …; our fields in x_partnertafel, see docs/directory-hsds-profile.md) — coordinator; idempotent by HSDS id, all or nothing',
      tag: 'directory',
      body: hsdsDocumentSchema,
      response: importResultOutput,
      bodyLimit: HSDS_BODY_LIMIT,
    },
    async (request) => {
      const actor = requireActor(request);
      return { body: { data: await importHsds({ document: request.body }, actor, ctx) } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/directory/export/hsds',
      summary: 'The social map as an HSDS 3.0 document (JSON array of services), validated against the import schema',
      tag: 'directory',
      response: z.array(z.unknown()),
    },
    async (request) => {
      const actor = requireActor(request);
      return { body: await exportHsds(actor, ctx) };
    },
  );
}
