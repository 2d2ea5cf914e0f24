import type { AppContext } from '../../context.ts';
import { setJobStatus } from './jobs.queries.ts';

/**
 * Operator actions on one job of a network (CLI `partnertafel jobs retry|cancel`). Both are
 * compare-and-set on the status: a running job is left to the runner that holds it.
 */

/** A failed or cancelled job back to pending, due now, with its tries counted afresh. False when not in such a state. */
export async function retryJob(ctx: AppContext, tenantId: string, id: string): Promise<boolean> {
  return setJobStatus(ctx.db, tenantId, id, ['failed', 'cancelled'], {
    status: 'pending',
    attempts: 0,
    run_at: ctx.clock.now().toISOString(),
    finished_at: null,
  });
}

/** A pending or failed job cancelled: it will not run. False when it is running or already done. */
export async function cancelJob(ctx: AppContext, tenantId: string, id: string): Promise<boolean> {
  return setJobStatus(ctx.db, tenantId, id, ['pending', 'failed'], { status: 'cancelled', finished_at: ctx.clock.now().toISOString() });
}
