import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { parseInput } from '../../http/validation.ts';
import { writePublicConsultForm } from '../accounts/index.ts';
import { recordAuditEvent, subjectOf } from '../audit/index.ts';
import { consultFormSettingSchema } from './consult-form.schemas.ts';

/**
 * The coordinator opens or closes the network's public consult form (off by default). Recorded as
 * `signal.consult_form_changed` {open}. Takes effect at once: the public pages read it fresh.
 */
export async function changeConsultForm(options: { input: unknown }, actor: Actor, ctx: AppContext): Promise<{ open: boolean }> {
  authorize(actor, 'signals.manageConsultForm');
  const { open } = parseInput(consultFormSettingSchema, options.input);
  await ctx.db.transaction().execute(async (trx) => {
    await writePublicConsultForm(trx, actor.tenantId, open);
    await recordAuditEvent(trx, ctx, {
      subject: subjectOf(actor),
      action: 'signal.consult_form_changed',
      resource: { type: 'consult_form', id: actor.tenantId },
      requestId: actor.requestId ?? null,
      details: { open },
    });
  });
  return { open };
}
