import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import type { Organisation, OrganisationPatch } from './accounts.schemas.ts';
import { presentOrganisation } from './accounts.presenter.ts';
import { findOrganisation, findOrganisationByName } from './accounts.queries.ts';
import { organisationNameTaken } from './create-organisation.ts';
import { today } from '../../platform/calendar-days.ts';
import { protocolDateProblems } from './organisation-rules.ts';

/** An administrator changes an organisation's name, sector, secrecy regime or protocol date. */
export async function updateOrganisation(options: { id: string; input: OrganisationPatch }, actor: Actor, ctx: AppContext): Promise<Organisation> {
  authorize(actor, 'organisations.update');
  const { id, input } = options;
  const existing = await findOrganisation(ctx.db, actor, id);
  if (!existing) throw new AppError('not_found');
  const dateProblems = protocolDateProblems(input.protocolSignedOn, today(ctx.clock));
  if (dateProblems.length > 0) throw new AppError('validation_failed', dateProblems);
  if (input.name !== undefined && input.name !== existing.name) {
    if (await findOrganisationByName(ctx.db, actor, input.name)) throw organisationNameTaken;
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('organisations')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.sector !== undefined && { sector: input.sector }),
        ...(input.secrecyRegime !== undefined && { secrecy_regime: input.secrecyRegime }),
        ...(input.protocolSignedOn !== undefined && { protocol_signed_on: input.protocolSignedOn }),
        updated_at: isoNow(ctx.clock),
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'organisation.updated',
      resource: { type: 'organisation', id },
      requestId: actor.requestId ?? null,
      details: { fields: Object.keys(input).sort() },
    });
  });
  return presentOrganisation((await findOrganisation(ctx.db, actor, id))!);
}
