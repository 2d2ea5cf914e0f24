import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { assertNoEmptyQueryValues, parseInput } from '../../http/validation.ts';
import { gapCreateSchema, gapOutput, gapReportQuerySchema, reportCountOutput, settingsOutput, settingsSchema } from './directory-gaps.schemas.ts';
import { gapReport } from './gap-report.ts';
import { publishMap, readDirectorySettings } from './publish-map.ts';
import { recordGap } from './record-gap.ts';

const gapReportOutput = z.object({
  from: z.string(),
  to: z.string(),
  threshold: z.number(),
  reasons: z.array(z.string()),
  themeReason: z.object({
    rows: z.array(z.object({ theme: z.string(), cells: z.record(z.string(), reportCountOutput), total: reportCountOutput })),
    totals: z.record(z.string(), reportCountOutput),
  }),
  ageGroups: z.array(z.object({ ageGroup: z.string(), count: reportCountOutput })),
  languages: z.array(z.object({ language: z.string().nullable(), count: reportCountOutput })),
  total: reportCountOutput,
});

/**
 * JSON API of the gap register and the publishing setting: record a gap, the gap report (anonymous,
 * small counts suppressed), the map's publishing setting (coordinator).
 */
export function registerDirectoryGapRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);

  route(
    {
      method: 'POST',
      url: '/api/v1/directory/gaps',
      summary:
        'Record a gap — no suitable offer: theme, ageGroup, language (ISO 639, optional), reason (does_not_exist | waiting_list | exclusion_criteria | language | distance | cost), caseId (optional, a case you see); fixed words only, never free text or personal data (professionals, minute takers, coordinator)',
      tag: 'directory',
      body: gapCreateSchema,
      response: gapOutput,
      status: 201,
    },
    async (request) => {
      const actor = requireActor(request);
      return { body: { data: await recordGap({ input: request.body }, actor, ctx) } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/directory/gaps/report',
      summary:
        'The gap report over a period (from, to: YYYY-MM-DD, both included) by theme × reason, age group and language (analysts, coordinator); a count of 1–4 is {"count":null,"suppressed":true}, and totals are suppressed whenever any figure is',
      tag: 'directory',
      query: gapReportQuerySchema,
      response: gapReportOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      assertNoEmptyQueryValues(request.query);
      return { body: { data: await gapReport({ query: request.query }, actor, ctx) } };
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/directory/settings',
      summary: "The social map's publishing setting (coordinator)",
      tag: 'directory',
      response: settingsOutput,
    },
    async (request) => ({ body: { data: await readDirectorySettings(requireActor(request), ctx) } }),
  );
  route(
    {
      method: 'PUT',
      url: '/api/v1/directory/settings',
      summary: 'Publish or withdraw the public map {published} (coordinator; audited)',
      tag: 'directory',
      body: settingsSchema,
      response: settingsOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      parseInput(settingsSchema, request.body);
      return { body: { data: await publishMap({ input: request.body }, actor, ctx) } };
    },
  );
}
