import type { FastifyInstance } from 'fastify';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import type { CookiePolicy } from '../../http/cookies.ts';
import { pick, requirePageActor } from '../../http/page-helpers.ts';
import { formValues, sendPage, viewFor } from '../../http/render.ts';
import { pathParam } from '../../http/route-config.ts';
import { parseInput } from '../../http/validation.ts';
import { AppError } from '../../platform/errors.ts';
import { ConfirmPage } from '../../ui/confirm.tsx';
import { getTable } from './get-table.ts';
import { tableMemberRemoveQuerySchema } from './tables.schemas.ts';

/** Where the members of a table are listed: removing one returns there, and Cancel goes back there. */
export const membersPlace = (tableId: string): string => `/tables/${tableId}#members-heading`;

/** The confirmation page before a member leaves a table (server/ui/confirm.tsx); it posts to the existing removal. */
export function registerTableConfirmationPages(app: FastifyInstance, ctx: AppContext, cookies: CookiePolicy): void {
  app.get('/tables/:id/members/:userId/remove', async (request, reply) => {
    const actor = requirePageActor(request);
    authorize(actor, 'tables.manageMembers');
    const id = pathParam(request);
    const userId = pathParam(request, 'userId');
    const { role } = parseInput(tableMemberRemoveQuerySchema, pick(formValues(request.query), ['role']));
    const table = await getTable({ id }, actor, ctx);
    const member = table.members.find((candidate) => candidate.userId === userId && (role === undefined || candidate.role === role));
    if (!member) throw new AppError('not_found');
    const view = viewFor(request, reply, cookies);
    const page = ConfirmPage({
      view,
      title: view.t('confirm.remove_member.title', { name: member.name, table: table.name }),
      summary: [
        [view.t('field.name'), member.name],
        [view.t('field.organisation'), member.organisationName],
        [view.t('tables.field.member_role'), view.t(`tables.member_role.${member.role}`)],
      ],
      consequences: [view.t('confirm.remove_member.access_ends')],
      irreversible: view.t('confirm.remove_member.irreversible'),
      action: `/tables/${table.id}/members/remove`,
      hidden: { userId: member.userId, role: member.role },
      confirmLabel: view.t('confirm.remove_member.confirm'),
      cancelHref: membersPlace(table.id),
    });
    return sendPage(reply, page);
  });
}
