import { authorize } from '../../access/authorize.ts';
import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../context.ts';
import { appendAuditEvent, subjectOf } from '../audit/index.ts';
import { clientRegisterSummary, type ClientRegisterSummary } from './client-register.queries.ts';

/**
 * A professional looks at their organisation's register: how many people it holds and when it was
 * last replaced — never the entries, which cannot be read back. The look is recorded
 * (`client_register.viewed`, group-committed) before the answer.
 */
export async function viewClientRegister(actor: Actor, ctx: AppContext): Promise<ClientRegisterSummary> {
  authorize(actor, 'clientRegister.viewSummary');
  const summary = await clientRegisterSummary(ctx.db, actor);
  await appendAuditEvent(ctx, {
    subject: subjectOf(actor),
    action: 'client_register.viewed',
    resource: { type: 'client_register', id: actor.organisationId },
    requestId: actor.requestId ?? null,
  });
  return summary;
}
