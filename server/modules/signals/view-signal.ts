import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { readSignal, type AuditedSignalRead, type SignalReadPart } from './signal-door.ts';
import { presentSignal } from './signals.presenter.ts';
import type { SignalView } from './signals.schemas.ts';

/**
 * One signal as the actor may see it, after one audited read (`signal.viewed` with the purpose and
 * the part): the coordinator sees it whole, its reporter their own report; anyone else gets 404.
 */
export async function viewSignal(
  options: { signalId: string; part: SignalReadPart },
  actor: Actor,
  ctx: AppContext,
): Promise<{ read: AuditedSignalRead; signal: SignalView }> {
  const read = await readSignal(ctx, actor, options.signalId, options.part);
  return { read, signal: await presentSignal(ctx, actor, read) };
}
