import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { apiRoute, requireActor } from '../../http/api.ts';
import type { ApiRouteDescription } from '../../http/openapi.ts';
import { pathParam } from '../../http/route-config.ts';
import { markMeetingInventoryDone } from './meeting-inventory.ts';

const inventoryDoneOutput = z.object({ meetingId: z.string(), doneAt: z.string() });

/**
 * The pre-meeting inventory's "done" (the inventory itself, with the organisation's agreements, is
 * answered by the plans module at `GET /api/v1/meetings/:id/inventory`). A meeting without a case
 * of the caller's organisation answers 404 like a missing one.
 */
export function registerInventoryRoutes(app: FastifyInstance, ctx: AppContext, registry: ApiRouteDescription[]): void {
  apiRoute(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/v1/meetings/:id/inventory/done',
      summary:
        'Mark the caller’s organisation’s pre-meeting inventory done (a key figure of that organisation, after the meeting’s attestation); once; audited',
      tag: 'meetings',
      response: inventoryDoneOutput,
    },
    async (request) => {
      const meetingId = pathParam(request);
      const { doneAt } = await markMeetingInventoryDone({ meetingId }, requireActor(request), ctx);
      return { body: { data: { meetingId, doneAt } } };
    },
  );
}
