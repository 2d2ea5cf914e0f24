import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { reporterLookupOf } from './signal-crypto.ts';
import { checkNewSignal, filledSubject, storeSignal } from './signal-intake.ts';
import { mailCoordinatorsNewSignal } from './signal-mail.ts';
import type { SignalCreate } from './signals.schemas.ts';

/**
 * A professional reports a signal to the consult point: a concern about a person or a consult
 * question. Anonymous if they wish: then no clear column names them — their user id and organisation
 * are sealed for the system only (to deliver mail), and the reporter lookup lets them find their own
 * signal. The coordinators get a mail with the reference, never who reported.
 */
export async function createSignal(options: { input: SignalCreate }, actor: Actor, ctx: AppContext): Promise<{ id: string; reference: string }> {
  authorize(actor, 'signals.report');
  const { input } = options;
  const subject = filledSubject(input.subject);
  checkNewSignal(ctx, { kind: input.kind, subject });
  const lookup = await reporterLookupOf(ctx, actor.tenantId, actor.userId);
  const anonymous = input.reporterAnonymous;
  const created = await storeSignal(ctx, actor, {
    kind: input.kind,
    theme: input.theme,
    description: input.description,
    channel: 'account',
    subject,
    reporter: {
      anonymous,
      userId: anonymous ? null : actor.userId,
      organisationId: anonymous ? null : actor.organisationId,
      sealed: anonymous ? { userId: actor.userId, organisationId: actor.organisationId } : null,
      lookup,
      registeredBy: null,
    },
  });
  await mailCoordinatorsNewSignal(ctx, actor, created);
  return created;
}
