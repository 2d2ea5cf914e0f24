import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import type { Organisation, OrganisationCreate } from './accounts.schemas.ts';
import { presentOrganisation } from './accounts.presenter.ts';
import { findOrganisation, findOrganisationByName } from './accounts.queries.ts';
import { today } from '../../platform/calendar-days.ts';
import { protocolDateProblems } from './organisation-rules.ts';

export const organisationNameTaken = new AppError('validation_failed', [{ path: 'name', messageKey: 'validation.organisation_name_taken' }]);

/** An administrator adds an organisation to the local network. */
export async function createOrganisation(options: { input: OrganisationCreate }, actor: Actor, ctx: AppContext): Promise<Organisation> {
  authorize(actor, 'organisations.create');
  const { input } = options;
  if (await findOrganisationByName(ctx.db, actor, input.name)) throw organisationNameTaken;
  const dateProblems = protocolDateProblems(input.protocolSignedOn, today(ctx.clock));
  if (dateProblems.length > 0) throw new AppError('validation_failed', dateProblems);
  const id = newId();
  const now = isoNow(ctx.clock);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('organisations')
      .values({
        id,
        tenant_id: actor.tenantId,
        name: input.name,
        sector: input.sector,
        secrecy_regime: input.secrecyRegime,
        protocol_signed_on: input.protocolSignedOn ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'organisation.created',
      resource: { type: 'organisation', id },
      requestId: actor.requestId ?? null,
    });
  });
  const created = await findOrganisation(ctx.db, actor, id);
  return presentOrganisation(created!);
}
