import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { reporterLookupOf } from './signal-crypto.ts';
import { checkNewSignal, filledSubject, storeSignal } from './signal-intake.ts';
import { mailCoordinatorsNewSignal, type SealedReporter } from './signal-mail.ts';
import type { SignalRegister } from './signals.schemas.ts';
import { networkUser } from './signals.queries.ts';

/**
 * The coordinator registers a signal on someone's behalf (a phone call, a mail, a walk-in), with or
 * without reporter details. Details given are sealed; when the reporter has an account of the network
 * (`reporterUserId`) the signal carries their reporter lookup, so they see it among their own. An
 * anonymous reporter's details are kept sealed for mail only, never shown.
 */
export async function registerSignal(options: { input: SignalRegister }, actor: Actor, ctx: AppContext): Promise<{ id: string; reference: string }> {
  authorize(actor, 'signals.registerOnBehalf');
  const { input } = options;
  const subject = filledSubject(input.subject);
  checkNewSignal(ctx, { kind: input.kind, subject });
  const account = input.reporterUserId ? await networkUser(ctx.db, actor, input.reporterUserId) : null;
  if (input.reporterUserId && !account) throw new AppError('validation_failed', [{ path: 'reporterUserId', messageKey: 'validation.choice' }]);
  const lookup = account ? await reporterLookupOf(ctx, actor.tenantId, account.id) : null;
  const details: SealedReporter = {
    ...(account && input.reporterAnonymous && { userId: account.id, organisationId: account.organisationId }),
    ...(input.reporter?.name && { name: input.reporter.name }),
    ...(input.reporter?.organisation && { organisation: input.reporter.organisation }),
    ...(input.reporter?.contact && { contact: input.reporter.contact }),
  };
  const created = await storeSignal(ctx, actor, {
    kind: input.kind,
    theme: input.theme,
    description: input.description,
    channel: input.channel,
    subject,
    reporter: {
      anonymous: input.reporterAnonymous,
      userId: account?.id ?? null,
      organisationId: account?.organisationId ?? null,
      sealed: Object.keys(details).length > 0 ? details : null,
      lookup,
      registeredBy: actor.userId,
    },
  });
  await mailCoordinatorsNewSignal(ctx, actor, created);
  return created;
}
