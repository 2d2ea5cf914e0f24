import type { FastifyInstance } from 'fastify';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { formValues } from '../../http/render.ts';
import { parseInput } from '../../http/validation.ts';
import { presentAuditEvent } from './audit.presenter.ts';
import { auditEventOutput, auditQuerySchema } from './audit.schemas.ts';
import { viewAuditTrail } from './view-audit-trail.ts';

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
}
