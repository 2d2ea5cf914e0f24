import type { AppContext } from '../../context.ts';

/** Today (YYYY-MM-DD) on the network's clock (its time zone, Europe/Brussels unless set otherwise). */
export async function networkToday(ctx: AppContext, tenantId: string): Promise<string> {
  const timeZone = (await ctx.system.tenantById(tenantId))?.time_zone ?? 'Europe/Brussels';
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ctx.clock.now());
}

/** The day (YYYY-MM-DD) of an instant on the network's clock. */
export async function networkDay(ctx: AppContext, tenantId: string, instant: string): Promise<string> {
  const timeZone = (await ctx.system.tenantById(tenantId))?.time_zone ?? 'Europe/Brussels';
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

/** An open agreement is overdue from the day after its due date. */
export const isOverdue = (agreement: { status: string; due_date: string }, today: string): boolean =>
  agreement.status === 'open' && agreement.due_date < today;
