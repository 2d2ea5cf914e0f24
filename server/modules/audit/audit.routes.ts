import type { FastifyInstance } from 'fastify';
import { abilities, authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { formValues } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { presentAccessReport, presentAuditEvent, presentPersonCase } from './audit.presenter.ts';
import {
  accessReportOutput,
  accessReportQuerySchema,
  auditEventOutput,
  auditQuerySchema,
  personCaseOutput,
  personLookupInputSchema,
  reportCaseKeyOf,
  staffNamesInputSchema,
} from './audit.schemas.ts';
import { findPersonCases } from './find-person-cases.ts';
import { revealStaffNames } from './reveal-staff-names.ts';
import { viewAccessReport } from './view-access-report.ts';
import { viewAuditTrail } from './view-audit-trail.ts';

const reportAbilities = ['audit.revealStaff'] as const;

/** JSON API of the audit module (API.md "Audit"). */
export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  const route = apiRoute.bind(null, app, registry);

  route(
    {
      method: 'GET',
      url: '/api/v1/audit/events',
      summary:
        'Audit trail of the local network, newest first (data protection officer); filters caseId, from, to, userId, organisationId, action, decision, cursor. Every read is itself audited.',
      tag: 'audit',
      query: auditQuerySchema,
      response: auditEventOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'audit.list');
      const filters = parseInput(auditQuerySchema, formValues(request.query));
      const page = await viewAuditTrail({ filters, via: 'api' }, actor, ctx);
      return { body: { data: page.rows.map(presentAuditEvent), nextCursor: page.nextCursor } };
    },
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/audit/access-report',
      summary:
        'Who saw what in one case (data protection officer; CJEU C-579/21): every event about the case, oldest first, with date, organisation, roles, action, purpose and decision, and counts per organisation and action. No staff names. Every view is itself audited.',
      tag: 'audit',
      query: accessReportQuerySchema,
      response: accessReportOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'audit.accessReport');
      const query = parseInput(accessReportQuerySchema, formValues(request.query));
      const report = await viewAccessReport({ key: reportCaseKeyOf(query), via: 'api' }, actor, ctx);
      return { body: { data: presentAccessReport(report), abilities: abilities(actor, reportAbilities) } };
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/audit/access-report/staff-names',
      recentSignIn: true,
      summary:
        'The access report of one case with staff names, on a justified decision of the data protection officer: the decision and its reason are recorded in the audit trail before the answer.',
      tag: 'audit',
      body: staffNamesInputSchema,
      response: accessReportOutput,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'audit.revealStaff');
      const input = parseInput(staffNamesInputSchema, request.body);
      const report = await revealStaffNames({ input, via: 'api' }, actor, ctx);
      return { body: { data: presentAccessReport(report), abilities: abilities(actor, reportAbilities) } };
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/audit/access-report/person',
      recentSignIn: true,
      summary:
        'The cases of one person (data protection officer), to request the access report of each: exact match on family name and birth date through the blind index (case, accents, spaces and hyphens do not matter), any role in the case, sorted by reference. A POST so that the name never appears in a URL. Every lookup is itself audited, without the name or the birth date.',
      tag: 'audit',
      body: personLookupInputSchema,
      response: personCaseOutput,
      list: true,
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'audit.accessReport');
      const input = parseInput(personLookupInputSchema, request.body);
      const cases = await findPersonCases({ ...input, via: 'api' }, actor, ctx);
      return { body: { data: cases.map(presentPersonCase), nextCursor: null } };
    },
  );
}
