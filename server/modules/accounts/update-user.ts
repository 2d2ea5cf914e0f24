import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import type { User, UserPatch } from './accounts.schemas.ts';
import { presentUser } from './accounts.presenter.ts';
import { revokeEveryTokenOf } from './api-token-lifetime.ts';
import { countActiveAdmins, findOrganisation, findUser } from './accounts.queries.ts';
import { changesOwnStanding, combinesOversightWithCaseRole } from './accounts.policy.ts';
import { COMBINED_ROLES_ISSUE } from './create-user.ts';

/** Would this change leave the tenant without an active administrator? */
export function removesLastAdmin(options: { wasActiveAdmin: boolean; staysActiveAdmin: boolean; activeAdmins: number }): boolean {
  return options.wasActiveAdmin && !options.staysActiveAdmin && options.activeAdmins <= 1;
}

/**
 * An administrator changes a user's name, organisation, roles, language or status. Disabling a user
 * ends their sessions and revokes their API tokens at once; role changes apply from the next request,
 * since the actor is rebuilt from the database on every request. Nobody changes their own roles,
 * status or organisation (403), and a case role is never put beside `admin` or `dpo` (validation).
 */
export async function updateUser(options: { id: string; input: UserPatch }, actor: Actor, ctx: AppContext): Promise<User> {
  authorize(actor, 'users.update');
  const { id, input } = options;
  const existing = await findUser(ctx.db, actor, id);
  if (!existing) throw new AppError('not_found');
  const newRoles = input.roles ? [...new Set(input.roles)].sort() : undefined;
  const changes = {
    roles: newRoles !== undefined && newRoles.join(',') !== [...existing.roles].sort().join(','),
    status: input.status !== undefined && input.status !== existing.status,
    organisation: input.organisationId !== undefined && input.organisationId !== existing.organisation_id,
  };
  if (changesOwnStanding(actor, id, changes)) throw new AppError('forbidden', [], { deniedAction: 'users.update' });
  if (changes.roles && combinesOversightWithCaseRole(newRoles!)) throw new AppError('validation_failed', [COMBINED_ROLES_ISSUE]);
  if (input.organisationId !== undefined && !(await findOrganisation(ctx.db, actor, input.organisationId))) {
    throw new AppError('validation_failed', [{ path: 'organisationId', messageKey: 'validation.unknown_organisation' }]);
  }
  const wasActiveAdmin = existing.status === 'active' && existing.roles.includes('admin');
  const staysActiveAdmin = (input.status ?? existing.status) === 'active' && (input.roles ?? existing.roles).includes('admin');
  if (removesLastAdmin({ wasActiveAdmin, staysActiveAdmin, activeAdmins: await countActiveAdmins(ctx.db, actor) })) {
    throw new AppError('validation_failed', [{ path: input.roles ? 'roles' : 'status', messageKey: 'validation.last_admin' }]);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.organisationId !== undefined && { organisation_id: input.organisationId }),
        ...(input.locale !== undefined && { locale: input.locale }),
        ...(input.status !== undefined && { status: input.status }),
        updated_at: isoNow(ctx.clock),
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    if (input.roles) {
      await trx.deleteFrom('user_roles').where('tenant_id', '=', actor.tenantId).where('user_id', '=', id).execute();
      await trx
        .insertInto('user_roles')
        .values([...new Set(input.roles)].map((role) => ({ tenant_id: actor.tenantId, user_id: id, role })))
        .execute();
    }
    if (input.status === 'disabled') {
      await trx.deleteFrom('sessions').where('tenant_id', '=', actor.tenantId).where('user_id', '=', id).execute();
      await revokeEveryTokenOf(trx, ctx, {
        tenantId: actor.tenantId,
        userId: id,
        reason: 'user_disabled',
        subject: subjectOf(actor),
        requestId: actor.requestId,
      });
    }
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'user.updated',
      resource: { type: 'user', id },
      requestId: actor.requestId ?? null,
      details: {
        fields: Object.keys(input).sort(),
        ...(input.roles && { roles: [...new Set(input.roles)].sort() }),
        ...(input.status && { status: input.status }),
      },
    });
  });
  // Name, organisation, roles, language and status are in the cached principal; disabling revokes tokens.
  ctx.system.principalsChanged();
  return presentUser((await findUser(ctx.db, actor, id))!);
}
