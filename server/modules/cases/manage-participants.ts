import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { isoNow } from '../../platform/clock.ts';
import { isLocale, translator } from '../../ui/i18n.ts';
import { mayTakePartInCases } from './cases.policy.ts';
import { recordCaseChange } from './case-journal.ts';
import { openCase, requireOnCase, requireOpen } from './case-door.ts';
import { isKeyFigure } from '../tables/index.ts';
import { isParticipant } from './case-participants.queries.ts';
import type { ParticipantAdd } from './cases.schemas.ts';

/**
 * The coordinator adds a user to a case as guest, care-network member or (for key figures of the
 * table) key figure. The user must be active in the same network and hold a role that does case
 * work. The new participant gets a mail naming only the case's pseudonym; access starts at once.
 */
export async function addParticipant(options: { caseId: string; input: ParticipantAdd }, actor: Actor, ctx: AppContext): Promise<void> {
  const { input } = options;
  const access = await openCase(ctx, actor, options.caseId, 'case.manageParticipants');
  requireOpen(access);
  requireOnCase(actor, access, 'manageParticipants');
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale', 'status'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', input.userId)
    .executeTakeFirst();
  const roles = user
    ? (await ctx.db.selectFrom('user_roles').select('role').where('tenant_id', '=', actor.tenantId).where('user_id', '=', user.id).execute()).map(
        (r) => r.role,
      )
    : [];
  if (!user || user.status !== 'active' || !mayTakePartInCases(roles))
    throw new AppError('validation_failed', [{ path: 'userId', messageKey: 'validation.case.participant_cannot_do_case_work' }]);
  if (input.role === 'key_figure') {
    if (!(await isKeyFigure(ctx.db, actor, access.row.table_id, user.id)))
      throw new AppError('validation_failed', [{ path: 'role', messageKey: 'validation.case.not_a_key_figure_of_table' }]);
  }
  if (await isParticipant(ctx.db, actor, access, user.id)) throw new AppError('conflict');
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('case_participants')
      .values({
        tenant_id: actor.tenantId,
        case_id: access.row.id,
        user_id: user.id,
        role: input.role,
        added_by: actor.userId,
        added_at: isoNow(ctx.clock),
      })
      .execute();
    await recordCaseChange(trx, ctx, actor, access.row, {
      step: { kind: 'participant_added', detail: input.role },
      action: 'case.participant_added',
      audit: {
        resource: { type: 'case_participant', id: user.id },
        purpose: 'coordination',
        details: { role: input.role },
      },
    });
  });
  const tenant = await ctx.system.tenantById(actor.tenantId);
  const t = translator(isLocale(user.locale) ? user.locale : isLocale(tenant?.default_locale) ? tenant.default_locale : 'nl');
  await ctx.mailer
    .send({
      to: user.email,
      subject: t('mail.case_participant.subject', { reference: access.row.reference }),
      text: t('mail.case_participant.body', {
        name: user.name,
        reference: access.row.reference,
        role: t(`cases.participant_role.${input.role}`),
        link: `${ctx.config.publicUrl}/cases/${access.row.id}`,
      }),
    })
    .catch((error: unknown) => ctx.logger.error({ err: error }, 'participant mail failed'));
}

/** The coordinator removes a user's participation; their access ends with the next request. */
export async function removeParticipant(options: { caseId: string; userId: string }, actor: Actor, ctx: AppContext): Promise<void> {
  const access = await openCase(ctx, actor, options.caseId, 'case.manageParticipants');
  requireOpen(access);
  requireOnCase(actor, access, 'manageParticipants');
  await ctx.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('case_participants')
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', access.row.id)
      .where('user_id', '=', options.userId)
      .returning('role')
      .executeTakeFirst();
    if (!removed) throw new AppError('not_found');
    await recordCaseChange(trx, ctx, actor, access.row, {
      step: { kind: 'participant_removed', detail: removed.role },
      action: 'case.participant_removed',
      audit: {
        resource: { type: 'case_participant', id: options.userId },
        purpose: 'coordination',
        details: { role: removed.role },
      },
    });
  });
}
