import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { fieldSealer } from '../../db/sealing.ts';
import { isoNow } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { feedbackEvent, openForm, requireDraft } from './feedback-access.ts';
import type { FeedbackDecisionInput } from './feedback.schemas.ts';

/**
 * An attendee present at the meeting approves or refuses the current version of a draft, after
 * their attestation. Deciding again on the same version replaces the earlier decision.
 */
export async function decideFeedbackForm(
  options: { formId: string; input: FeedbackDecisionInput },
  actor: Actor,
  ctx: AppContext,
): Promise<{ id: string; version: number; decision: string }> {
  const opened = await openForm(ctx, actor, options.formId);
  const { form } = opened;
  authorize(actor, 'feedback.decide', opened.facts);
  requireDraft(form);
  const sealer = await fieldSealer(ctx, actor.tenantId);
  const id = newId();
  const reason = options.input.reason ? sealer.seal('feedback_approvals', id, 'reason', options.input.reason) : null;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('feedback_approvals')
      .where('tenant_id', '=', actor.tenantId)
      .where('form_id', '=', form.id)
      .where('form_version', '=', form.version)
      .where('user_id', '=', actor.userId)
      .execute();
    await trx
      .insertInto('feedback_approvals')
      .values({
        id,
        tenant_id: actor.tenantId,
        form_id: form.id,
        form_version: form.version,
        user_id: actor.userId,
        decision: options.input.decision,
        reason_sealed: reason,
        decided_at: isoNow(ctx.clock),
      })
      .execute();
    await recordAuditEvent(
      trx,
      ctx,
      feedbackEvent(
        actor,
        { id: form.id, caseId: form.case_id, meetingId: form.meeting_id },
        opened.reference,
        options.input.decision === 'approve' ? 'feedback.approved' : 'feedback.refused',
        { version: form.version },
      ),
    );
  });
  return { id: form.id, version: form.version, decision: options.input.decision };
}
